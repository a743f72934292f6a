using Hanan.Ops.Domain.Audit;
using Hanan.Ops.Storage.Audit;

namespace Hanan.Ops.Storage.Calendar;

/// <summary>The loaded calendar years in memory (the embedded mode): gone with the process, like every embedded store.</summary>
public sealed class InMemoryCalendarStore(IAuditStore auditLog) : ICalendarStore, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly SortedDictionary<int, CalendarYearRecord> _years = [];
    private long _revision;

    public async Task<IReadOnlyList<CalendarYearRecord>> ReadAllAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return [.. _years.Values];
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task<long> RevisionAsync(CancellationToken cancellationToken = default) => Task.FromResult(Interlocked.Read(ref _revision));

    public async Task<CalendarYearRecord> SaveAsync(int year, string json, DateTimeOffset at, string by, AuditEntry audit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(audit);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            // Audited first: if the audit log refuses, nothing is loaded.
            await auditLog.AppendAsync(audit, cancellationToken);
            var record = new CalendarYearRecord(year, json, at, by, Interlocked.Increment(ref _revision));
            _years[year] = record;
            return record;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
