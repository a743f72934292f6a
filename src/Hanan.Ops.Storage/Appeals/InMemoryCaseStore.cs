using Hanan.Ops.Contracts.Appeals;
using Hanan.Ops.Domain.Appeals;
using Hanan.Ops.Storage.Audit;

namespace Hanan.Ops.Storage.Appeals;

/// <summary>
/// The case store of the embedded mode: everything in memory, lost on restart. A commit is applied under one lock to
/// the record, the read model (<paramref name="readModel"/>), the deadline index, the activity log and the audit log
/// (<paramref name="audit"/>), so no reader sees one without the others. Behaves like <see cref="PostgresCaseStore"/>
/// under one contract test suite.
/// </summary>
public sealed class InMemoryCaseStore(ICaseReadModel readModel, IAuditStore audit) : ICaseStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, StoredCase> _records = [];
    private readonly Dictionary<Guid, IReadOnlyList<PendingDeadline>> _deadlines = [];
    private readonly List<LoggedActivity> _log = [];
    private readonly Dictionary<(string Consumer, int Partition), long> _cursors = [];

    public Task<StoredCase?> LoadAsync(Guid caseId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_records.GetValueOrDefault(caseId));
        }
    }

    public async Task<IReadOnlyList<long>> CommitAsync(CaseCommit commit, CancellationToken cancellationToken = default)
    {
        CaseCommits.Check(commit);
        IReadOnlyList<long> positions;
        lock (_gate)
        {
            var stored = _records.GetValueOrDefault(commit.CaseId)?.Version ?? 0;
            if (stored != commit.Version - 1)
            {
                throw new CaseStoreConflictException(
                    $"Case {commit.CaseId} was stored by another writer; version {commit.Version} was not stored.");
            }

            if (commit.Summary is { } summary)
            {
                // Synchronous for the in-memory read model; inside the lock so the row and the record move together.
                readModel.UpsertAsync([summary], cancellationToken).GetAwaiter().GetResult();
            }

            foreach (var entry in commit.Audit)
            {
                audit.AppendAsync(entry, cancellationToken).GetAwaiter().GetResult();
            }

            _records[commit.CaseId] = new StoredCase(commit.Version, commit.State);
            SetDeadlines(commit.CaseId, commit.Deadlines);
            var list = new List<long>(commit.Activities.Count);
            foreach (var activity in commit.Activities)
            {
                var position = _log.Count + 1L;
                _log.Add(new LoggedActivity(position, activity with { Position = position }));
                list.Add(position);
            }

            positions = list;
        }

        await Task.Yield();
        return positions;
    }

    public Task ResetDeadlinesAsync(Guid caseId, long version, IReadOnlyList<PendingDeadline> deadlines, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_records.GetValueOrDefault(caseId)?.Version != version)
            {
                throw new CaseStoreConflictException($"Case {caseId} is at another version than {version}; its deadlines were not reset.");
            }

            SetDeadlines(caseId, deadlines);
        }

        return Task.CompletedTask;
    }

    public Task<DueCases> DueAsync(int partition, DateTimeOffset now, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(partition);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        lock (_gate)
        {
            var mine = _deadlines.Where(d => CasePartitions.Of(d.Key) == partition).ToList();
            var due = mine
                .Select(d => (d.Key, Earliest: d.Value.Min(x => x.Due)))
                .Where(d => d.Earliest <= now)
                .OrderBy(d => d.Earliest)
                .Take(limit)
                .Select(d => d.Key)
                .ToList();
            var later = mine.SelectMany(d => d.Value).Where(d => d.Due > now).Select(d => (DateTimeOffset?)d.Due).Min();
            return Task.FromResult(new DueCases(due, later));
        }
    }

    public Task<IReadOnlyList<CaseDeadline>> PendingFromAsync(DateTimeOffset from, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<CaseDeadline>>(
                [.. _deadlines.SelectMany(d => d.Value.Where(x => x.Due >= from).Select(x => new CaseDeadline(d.Key, x.Kind, x.Due)))
                    .OrderBy(d => d.Due).ThenBy(d => d.CaseId).ThenBy(d => d.Kind, StringComparer.Ordinal).Take(limit)]);
        }
    }

    /// <remarks>A commit here is applied whole under one lock: every position is visible once drawn, so nothing needs to settle.</remarks>
    public Task<IReadOnlyList<LoggedActivity>> ActivityAfterAsync(
        int partition, long afterPosition, int limit, TimeSpan settled, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<LoggedActivity>>(
                [.. _log.Where(e => e.Position > afterPosition && CasePartitions.Of(e.Activity.CaseId) == partition).Take(limit)]);
        }
    }

    public Task<long> LogEndAsync(int partition, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_log.LastOrDefault(e => CasePartitions.Of(e.Activity.CaseId) == partition)?.Position ?? 0);
        }
    }

    public Task<long?> CursorAsync(string consumer, int partition, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(consumer);
        lock (_gate)
        {
            return Task.FromResult(_cursors.TryGetValue((consumer, partition), out var position) ? position : (long?)null);
        }
    }

    public Task SaveCursorAsync(string consumer, int partition, long position, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(consumer);
        lock (_gate)
        {
            _cursors[(consumer, partition)] = Math.Max(position, _cursors.GetValueOrDefault((consumer, partition)));
        }

        return Task.CompletedTask;
    }

    /// <summary>The pending deadlines the index holds for a case (for tests and the upgrade check).</summary>
    public IReadOnlyList<PendingDeadline> DeadlinesOf(Guid caseId)
    {
        lock (_gate)
        {
            return _deadlines.GetValueOrDefault(caseId) ?? [];
        }
    }

    private void SetDeadlines(Guid caseId, IReadOnlyList<PendingDeadline> deadlines)
    {
        if (deadlines.Count == 0)
        {
            _deadlines.Remove(caseId);
        }
        else
        {
            _deadlines[caseId] = [.. deadlines];
        }
    }
}
