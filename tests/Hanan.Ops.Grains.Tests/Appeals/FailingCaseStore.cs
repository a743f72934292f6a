using Hanan.Ops.Contracts.Appeals;
using Hanan.Ops.Domain.Appeals;

namespace Hanan.Ops.Grains.Tests.Appeals;

/// <summary>
/// The case store behind a switch: while <see cref="Down"/>, every call fails as a lost database does. With
/// <see cref="LoseAfterCommit"/>, a commit is stored and then reported as failed, as when the connection drops during
/// COMMIT: the outcome the caller cannot know.
/// </summary>
public sealed class FailingCaseStore(ICaseStore inner) : ICaseStore
{
    public bool Down { get; set; }

    public bool LoseAfterCommit { get; set; }

    public Task<StoredCase?> LoadAsync(Guid caseId, CancellationToken cancellationToken = default) => Up().LoadAsync(caseId, cancellationToken);

    public async Task<IReadOnlyList<long>> CommitAsync(CaseCommit commit, CancellationToken cancellationToken = default)
    {
        var positions = await Up().CommitAsync(commit, cancellationToken);
        return LoseAfterCommit ? throw new CaseStoreUnavailableException("The connection was lost during COMMIT.") : positions;
    }

    public Task ResetDeadlinesAsync(Guid caseId, long version, IReadOnlyList<PendingDeadline> deadlines, CancellationToken cancellationToken = default) =>
        Up().ResetDeadlinesAsync(caseId, version, deadlines, cancellationToken);

    public Task<DueCases> DueAsync(int partition, DateTimeOffset now, int limit, CancellationToken cancellationToken = default) =>
        Up().DueAsync(partition, now, limit, cancellationToken);

    public Task<IReadOnlyList<CaseDeadline>> PendingFromAsync(DateTimeOffset from, int limit, CancellationToken cancellationToken = default) =>
        Up().PendingFromAsync(from, limit, cancellationToken);

    public Task<IReadOnlyList<LoggedActivity>> ActivityAfterAsync(int partition, long afterPosition, int limit, TimeSpan settled, CancellationToken cancellationToken = default) =>
        Up().ActivityAfterAsync(partition, afterPosition, limit, settled, cancellationToken);

    public Task<long> LogEndAsync(int partition, CancellationToken cancellationToken = default) => Up().LogEndAsync(partition, cancellationToken);

    public Task<long?> CursorAsync(string consumer, int partition, CancellationToken cancellationToken = default) =>
        Up().CursorAsync(consumer, partition, cancellationToken);

    public Task SaveCursorAsync(string consumer, int partition, long position, CancellationToken cancellationToken = default) =>
        Up().SaveCursorAsync(consumer, partition, position, cancellationToken);

    private ICaseStore Up() => Down ? throw new CaseStoreUnavailableException("The case store cannot be reached.") : inner;
}
