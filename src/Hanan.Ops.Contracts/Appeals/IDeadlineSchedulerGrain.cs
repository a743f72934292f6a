namespace Hanan.Ops.Contracts.Appeals;

/// <summary>
/// Serves one partition (<see cref="CasePartitions"/>) of the durable deadline index: asks each case whose deadline
/// has come to evaluate it. Kept alive by one reminder; a timer aims at the partition's next deadline.
/// </summary>
[Alias("hanan.appeals.IDeadlineSchedulerGrain")]
public interface IDeadlineSchedulerGrain : IGrainWithIntegerKey
{
    /// <summary>Registers the partition's reminder (idempotent) and looks at the index at once. Every silo calls it at start-up.</summary>
    [Alias("Start")]
    Task Start();

    /// <summary>Asks every case of the partition with a deadline due by the district clock to evaluate; returns how many were asked.</summary>
    [Alias("Tick")]
    Task<int> Tick();
}
