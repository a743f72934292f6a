using Hanan.Ops.Domain.Appeals;
using Hanan.Ops.Domain.Audit;

namespace Hanan.Ops.Contracts.Appeals;

/// <summary>
/// Where cases are kept (案件库): each change of a case is one commit that holds everything that must not diverge
/// from it: the case's state, its read-model row, its pending deadlines, its activity (the outbox consumers catch up
/// from) and the audit record of the action. PostgreSQL in the durable mode (one transaction, many changes of a silo
/// coalesced into it), memory in the embedded mode; both are held to one contract test suite.
/// </summary>
public interface ICaseStore
{
    /// <summary>The stored case, or null when the case has never been stored.</summary>
    Task<StoredCase?> LoadAsync(Guid caseId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores the change as one unit, durable before the task completes. The change applies only if the stored
    /// record is at <see cref="CaseCommit.Version"/> − 1 (0: not stored yet).
    /// </summary>
    /// <returns>The activity log positions given to <see cref="CaseCommit.Activities"/>, in order.</returns>
    /// <exception cref="CaseStoreConflictException">Another writer stored the case in between; nothing was stored.</exception>
    /// <exception cref="CaseStoreUnavailableException">The store could not be reached or the commit failed; nothing of this change is acknowledged.</exception>
    Task<IReadOnlyList<long>> CommitAsync(CaseCommit commit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the case's pending deadlines without another change: after an evaluation found nothing due, so the
    /// index agrees with the case again. Guarded by the record's version like a commit.
    /// </summary>
    Task ResetDeadlinesAsync(Guid caseId, long version, IReadOnlyList<PendingDeadline> deadlines, CancellationToken cancellationToken = default);

    /// <summary>
    /// The cases of one scheduler partition with a deadline at or before <paramref name="now"/> (earliest first, at
    /// most <paramref name="limit"/>), and the earliest deadline of the partition after <paramref name="now"/>.
    /// </summary>
    Task<DueCases> DueAsync(int partition, DateTimeOffset now, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Pending deadlines due at or after <paramref name="from"/>, earliest first, at most <paramref name="limit"/>, of every
    /// partition: the deadlines a change of the working-day calendar from that instant on may move.
    /// </summary>
    Task<IReadOnlyList<CaseDeadline>> PendingFromAsync(DateTimeOffset from, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// The activity log of one partition after <paramref name="afterPosition"/>, in log order, at most
    /// <paramref name="limit"/>, and only entries written at least <paramref name="settled"/> ago: a position is drawn
    /// before its transaction commits, so a lower position may still appear shortly after a higher one. A reader that
    /// moves its cursor only over settled entries skips nothing.
    /// </summary>
    Task<IReadOnlyList<LoggedActivity>> ActivityAfterAsync(int partition, long afterPosition, int limit, TimeSpan settled, CancellationToken cancellationToken = default);

    /// <summary>The newest position of the partition's log (0 when it is empty): where a new consumer starts.</summary>
    Task<long> LogEndAsync(int partition, CancellationToken cancellationToken = default);

    /// <summary>Where <paramref name="consumer"/> has read the partition's log up to, or null when it never has.</summary>
    Task<long?> CursorAsync(string consumer, int partition, CancellationToken cancellationToken = default);

    /// <summary>Records that <paramref name="consumer"/> has read the partition's log up to <paramref name="position"/> (never moves it back).</summary>
    Task SaveCursorAsync(string consumer, int partition, long position, CancellationToken cancellationToken = default);
}

/// <summary>A case as stored: its record version (one more with every commit) and its serialized state.</summary>
public sealed record StoredCase(long Version, byte[] State);

/// <summary>
/// One change of a case, stored as a unit.
/// <see cref="Summary"/> is null when the change does not touch what lists show (e.g. a duplicate offered).
/// <see cref="Deadlines"/> replace every pending deadline of the case.
/// </summary>
public sealed record CaseCommit(
    Guid CaseId,
    long Version,
    byte[] State,
    CaseSummary? Summary,
    IReadOnlyList<PendingDeadline> Deadlines,
    IReadOnlyList<CaseActivity> Activities,
    IReadOnlyList<AuditEntry> Audit);

/// <summary>Cases due now in a scheduler partition, and when the partition's next deadline falls due.</summary>
/// <summary>One pending deadline of a case in the deadline index: which case, which kind, when.</summary>
public sealed record CaseDeadline(Guid CaseId, string Kind, DateTimeOffset Due);

public sealed record DueCases(IReadOnlyList<Guid> Cases, DateTimeOffset? NextDue);

/// <summary>An entry of the case activity log with its position (increasing in log order within the store).</summary>
[GenerateSerializer, Immutable, Alias("hanan.appeals.LoggedActivity")]
public sealed record LoggedActivity([property: Id(0)] long Position, [property: Id(1)] CaseActivity Activity);

/// <summary>The partitions of the deadline index and of the activity log: one scheduler grain and one log cursor per partition.</summary>
public static class CasePartitions
{
    /// <summary>As many as the case-activity stream has, so a case's deadlines and its activity share one partition number.</summary>
    public const int Count = CaseActivityStream.Partitions;

    /// <summary>The partition of a case: stable across processes (a GUID's hash depends only on its bytes).</summary>
    public static int Of(Guid caseId) => (int)((uint)caseId.GetHashCode() % Count);
}

/// <summary>Another writer stored the case in between (a second activation after a silo was lost); the change was not stored.</summary>
[GenerateSerializer, Alias("hanan.appeals.CaseStoreConflictException")]
public sealed class CaseStoreConflictException : Exception
{
    public CaseStoreConflictException() { }

    public CaseStoreConflictException(string message) : base(message) { }

    public CaseStoreConflictException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>
/// The case store could not take the change (connection lost, database restarting, pool exhausted, commit failed):
/// nothing of it is acknowledged. The caller answers 503 with Retry-After; a retry with the same idempotency key is safe.
/// </summary>
[GenerateSerializer, Alias("hanan.appeals.CaseStoreUnavailableException")]
public sealed class CaseStoreUnavailableException : Exception
{
    public CaseStoreUnavailableException() { }

    public CaseStoreUnavailableException(string message) : base(message) { }

    public CaseStoreUnavailableException(string message, Exception inner) : base(message, inner) { }
}
