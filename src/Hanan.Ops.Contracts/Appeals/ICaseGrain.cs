using Hanan.Ops.Domain.Calendar;

namespace Hanan.Ops.Contracts.Appeals;

/// <summary>One case (案件): the aggregate behind an appeal. Keyed by the id derived from the intake's idempotency key.</summary>
[Alias("hanan.appeals.ICaseGrain")]
public interface ICaseGrain : IGrainWithGuidKey
{
    /// <summary>Stores the case durably before answering; a retry with the same key and content replays the same case.</summary>
    [Alias("File")]
    Task<FileOutcome> File(FileAppeal appeal);

    /// <summary>The case with its timeline, or null when no case was filed under this id.</summary>
    [Alias("Get")]
    Task<CaseView?> Get();

    /// <summary>
    /// Applies every escalation step that is due by the district clock and has not been applied yet, exactly once each.
    /// The durable escalation reminder calls this; returns the steps applied by this call.
    /// </summary>
    [Alias("EvaluateDeadlines")]
    Task<IReadOnlyList<EscalationStep>> EvaluateDeadlines();
}

/// <summary>Allocates case numbers for one year (key: the year in Asia/Shanghai). Increasing, unique, gaps allowed.</summary>
[Alias("hanan.appeals.ICaseNumberGrain")]
public interface ICaseNumberGrain : IGrainWithIntegerKey
{
    [Alias("Next")]
    Task<long> Next();
}
