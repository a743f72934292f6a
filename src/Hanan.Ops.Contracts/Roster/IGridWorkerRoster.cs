using Hanan.Ops.Domain.Roster;

namespace Hanan.Ops.Contracts.Roster;

/// <summary>
/// A grid worker (网格员) as stored: the phone only sealed (AES-GCM, <c>CitizenIdProtector.Seal</c>) and masked for
/// display, never in clear. The id is the one the worker signs in with.
/// </summary>
public sealed record GridWorkerRecord(
    string Id,
    string Name,
    byte[] SealedPhone,
    string PhoneMasked,
    IReadOnlyList<string> Grids,
    bool Active,
    DateTimeOffset UpdatedAt)
{
    public RosterEntry Entry() => new(Id, Grids, Active);

    /// <summary>The masked phone only; never the sealed bytes.</summary>
    public override string ToString() => $"grid worker {Id} ({PhoneMasked})";
}

/// <summary>The whole roster at one version; every change moves the version on by one.</summary>
public sealed record RosterSnapshot(long Version, IReadOnlyList<GridWorkerRecord> Workers)
{
    public GridRoster Roster() => new(Workers.Select(w => w.Entry()));
}

/// <summary>
/// The grid-worker roster (网格员花名册): PostgreSQL in durable mode (schema 0021), memory in the embedded mode; both
/// held to one contract test suite. Changes are optimistic: a save names the roster version it was decided on, so
/// two administrators cannot both leave a grid without a worker.
/// </summary>
public interface IGridWorkerRoster
{
    Task<RosterSnapshot> ReadAsync(CancellationToken cancellationToken = default);

    Task<GridWorkerRecord?> GetAsync(string workerId, CancellationToken cancellationToken = default);

    /// <summary>The workers (active or not) who have the grid among theirs, by id.</summary>
    Task<IReadOnlyList<GridWorkerRecord>> WorkersOfGridAsync(string gridCode, CancellationToken cancellationToken = default);

    /// <summary>Adds or replaces a worker when the roster is still at <paramref name="expectedVersion"/>.</summary>
    /// <returns>The new roster version, or null when the roster changed meanwhile (nothing written).</returns>
    Task<long?> SaveAsync(GridWorkerRecord worker, long expectedVersion, CancellationToken cancellationToken = default);

    /// <summary>Stores the workers only when the roster is empty (seeding); true when it wrote them.</summary>
    Task<bool> SeedAsync(IReadOnlyList<GridWorkerRecord> workers, CancellationToken cancellationToken = default);
}
