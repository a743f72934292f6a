using Hanan.Ops.Domain.Audit;

namespace Hanan.Ops.Storage.Calendar;

/// <summary>A year's official holiday notice as loaded: its data (the JSON form of the calendar files), who loaded it and when.</summary>
/// <param name="Revision">Grows with every load of any year: a host that has seen revision r has everything up to r.</param>
public sealed record CalendarYearRecord(int Year, string Json, DateTimeOffset LoadedAt, string LoadedBy, long Revision);

/// <summary>
/// The years of the working-day calendar that an administrator loaded (PostgreSQL table <c>calendar_year</c>, script
/// 0051; memory in the embedded mode). Both behave the same (one contract test suite).
/// </summary>
public interface ICalendarStore
{
    /// <summary>Every loaded year, in year order.</summary>
    Task<IReadOnlyList<CalendarYearRecord>> ReadAllAsync(CancellationToken cancellationToken = default);

    /// <summary>The revision of the latest load (0 when nothing was loaded).</summary>
    Task<long> RevisionAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores the year (replacing an earlier load of it) with the audit record of the load, in one transaction, and
    /// returns it with its new revision.
    /// </summary>
    Task<CalendarYearRecord> SaveAsync(int year, string json, DateTimeOffset at, string by, AuditEntry audit, CancellationToken cancellationToken = default);
}
