namespace Hanan.Ops.Storage.Delivery;

/// <summary>The delivery rows in memory (the embedded run): the same contract as <see cref="PostgresCaseDeliveryStore"/>.</summary>
public sealed class InMemoryCaseDeliveryStore : ICaseDeliveryStore
{
    private readonly Dictionary<(Guid, string), CaseDelivery> _rows = [];
    private readonly Lock _lock = new();

    public Task EnsureAsync(IReadOnlyList<DeliveryDue> deliveries, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deliveries);
        lock (_lock)
        {
            foreach (var d in deliveries)
            {
                _rows.TryAdd((d.CaseId, d.BureauId), new CaseDelivery(d.CaseId, d.BureauId, d.CaseNumber, d.Mode, now, null, 0, null, null, now, null));
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<CaseDelivery>> LeaseDueAsync(DateTimeOffset now, TimeSpan lease, int limit, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var due = _rows.Values.Where(r => r.SentAt is null && r.NextAttemptAt <= now).OrderBy(r => r.NextAttemptAt).Take(limit).ToList();
            var leased = due.Select(r => r with { NextAttemptAt = now + lease }).ToList();
            foreach (var r in leased)
            {
                _rows[(r.CaseId, r.BureauId)] = r;
            }

            return Task.FromResult<IReadOnlyList<CaseDelivery>>(leased);
        }
    }

    public Task RecordSentAsync(Guid caseId, string bureauId, DateTimeOffset at, string? remoteId, CancellationToken cancellationToken = default) =>
        Change(caseId, bureauId, r => r with { SentAt = at, Attempts = r.Attempts + 1, LastAttemptAt = at, NextAttemptAt = null, LastError = null, RemoteId = remoteId ?? r.RemoteId });

    public Task RecordFailureAsync(Guid caseId, string bureauId, DateTimeOffset at, string error, DateTimeOffset nextAttempt, CancellationToken cancellationToken = default) =>
        Change(caseId, bureauId, r => r with { Attempts = r.Attempts + 1, LastAttemptAt = at, LastError = error, NextAttemptAt = nextAttempt });

    public Task<IReadOnlyList<CaseDelivery>> ListAsync(bool failingOnly, Guid? caseId, int limit, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            IEnumerable<CaseDelivery> rows = _rows.Values;
            rows = caseId is not null ? rows.Where(r => r.CaseId == caseId) : failingOnly ? rows.Where(r => r.SentAt is null && r.Attempts > 0) : rows;
            return Task.FromResult<IReadOnlyList<CaseDelivery>>(
                [.. rows.OrderBy(r => r.BureauId, StringComparer.Ordinal).ThenBy(r => r.CreatedAt).ThenBy(r => r.CaseId.ToString()).Take(limit)]);
        }
    }

    public Task<CaseDelivery?> FindByRemoteIdAsync(string bureauId, string remoteId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_rows.Values.FirstOrDefault(r => r.BureauId == bureauId && r.RemoteId == remoteId));
        }
    }

    private Task Change(Guid caseId, string bureauId, Func<CaseDelivery, CaseDelivery> change)
    {
        lock (_lock)
        {
            if (_rows.TryGetValue((caseId, bureauId), out var row) && row.SentAt is null)
            {
                _rows[(caseId, bureauId)] = change(row);
            }
        }

        return Task.CompletedTask;
    }
}
