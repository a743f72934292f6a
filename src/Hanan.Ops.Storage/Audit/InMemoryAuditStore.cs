using Hanan.Ops.Domain.Audit;

namespace Hanan.Ops.Storage.Audit;

/// <summary>
/// The audit log of the embedded mode: a list behind a lock (one writer at a time keeps the chain linear), keyed with
/// the given key ring (a key of this process alone when none is given). Not durable.
/// </summary>
public sealed class InMemoryAuditStore(AuditKeyRing? keys = null) : IAuditStore
{
    private readonly AuditKeyRing _keys = keys ?? AuditKeyRing.Ephemeral();

    private readonly Lock _gate = new();
    private readonly List<AuditRecord> _records = [];

    public Task<AuditRecord> AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(AppendLocked(entry));
        }
    }

    public Task<ChainHead> HeadAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_records.Count == 0 ? ChainHead.Empty : ChainHead.Of(_records[^1]));
        }
    }

    public Task<IReadOnlyList<AuditRecord>> ReadAsync(long afterSequence, int limit, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<AuditRecord>>([.. _records.Where(r => r.Sequence > afterSequence).Take(limit)]);
        }
    }

    public Task<long> PurgeBeforeAsync(DateTimeOffset cutoff, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var lastPurged = _records.TakeWhile(r => r.Entry.At < cutoff).LastOrDefault();
            if (lastPurged is null)
            {
                return Task.FromResult(0L);
            }

            AppendLocked(AuditChain.Checkpoint(ChainHead.Of(lastPurged), now, $"retention: records before {cutoff:O} purged"));
            var removed = _records.RemoveAll(r => r.Sequence <= lastPurged.Sequence);
            return Task.FromResult((long)removed);
        }
    }

    private AuditRecord AppendLocked(AuditEntry entry)
    {
        var head = _records.Count == 0 ? ChainHead.Empty : ChainHead.Of(_records[^1]);
        var record = AuditChain.Append(head, entry, _keys.Current);
        _records.Add(record);
        return record;
    }
}
