namespace Hanan.Ops.Storage.Appeals;

/// <summary>
/// The <c>Hanan:CaseStore</c> section: how the case store coalesces the changes of many cases into one transaction
/// (group commit). A batch closes when it holds <see cref="MaxBatch"/> changes, or when <see cref="Linger"/> has passed
/// since its first change, whichever comes first; <see cref="Writers"/> batches may be in flight at once.
/// </summary>
public sealed class CaseStoreOptions
{
    public const string Section = "Hanan:CaseStore";

    /// <summary>The most changes in one transaction.</summary>
    public int MaxBatch { get; set; } = 64;

    /// <summary>
    /// How long a batch waits for more changes after its first. Zero: take what queued while the previous batch was
    /// being written, and go (batches still grow with the load, without adding latency when it is light).
    /// </summary>
    public TimeSpan Linger { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// Transactions in flight at once. One measured fastest on the 2-core machine (docs/performance-group-commit.md):
    /// every batch takes the audit chain's lock, so a second writer mostly waits for it, and more writers make smaller
    /// batches.
    /// </summary>
    public int Writers { get; set; } = 1;

    /// <summary>What is out of range, or null.</summary>
    public string? Problem() =>
        MaxBatch is < 1 or > 10_000 ? $"{Section}:MaxBatch must be 1–10000 (is {MaxBatch})."
        : Linger < TimeSpan.Zero || Linger > TimeSpan.FromSeconds(1) ? $"{Section}:Linger must be 0–1 s (is {Linger})."
        : Writers is < 1 or > 64 ? $"{Section}:Writers must be 1–64 (is {Writers})."
        : null;
}
