using Hanan.Ops.Domain.Audit;

namespace Hanan.Ops.Storage.Audit;

/// <summary>
/// Where the audit log (留痕) is kept: append-only, one linear hash chain. PostgreSQL when durable (table
/// <c>audit_log</c>, script 0040), memory in the embedded mode; both held to one contract test suite.
/// </summary>
public interface IAuditStore
{
    /// <summary>Appends the entry as the next record of the chain; durable before it returns.</summary>
    Task<AuditRecord> AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default);

    /// <summary>The newest record's sequence and hash (<see cref="ChainHead.Empty"/> for an empty log).</summary>
    Task<ChainHead> HeadAsync(CancellationToken cancellationToken = default);

    /// <summary>Records after <paramref name="afterSequence"/> in sequence order, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<AuditRecord>> ReadAsync(long afterSequence, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Retention: when records older than <paramref name="cutoff"/> exist, writes a checkpoint record (so the retained
    /// log still verifies) and removes that prefix, in one step. Returns how many records were removed.
    /// </summary>
    Task<long> PurgeBeforeAsync(DateTimeOffset cutoff, DateTimeOffset now, CancellationToken cancellationToken = default);
}

public static class AuditStoreExtensions
{
    private const int Page = 5_000;

    /// <summary>
    /// Reads the whole log in sequence order and checks it with the audit keys and against the anchors
    /// (<see cref="AuditChain.Verify"/>).
    /// </summary>
    public static async Task<AuditVerification> VerifyAsync(this IAuditStore store, AuditKeyRing? keys, IReadOnlyList<AnchorLine>? anchors = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var records = new List<AuditRecord>();
        var after = long.MinValue;
        while (true)
        {
            var page = await store.ReadAsync(after, Page, cancellationToken);
            records.AddRange(page);
            if (page.Count < Page)
            {
                break;
            }

            after = page[^1].Sequence;
        }

        return AuditChain.Verify(records, keys, anchors);
    }
}
