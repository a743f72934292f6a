using System.Globalization;
using Hanan.Ops.Contracts.Appeals;
using Hanan.Ops.Domain;
using Hanan.Ops.Domain.Audit;
using Hanan.Ops.Domain.Calendar;
using Hanan.Ops.Grains;
using Hanan.Ops.Grains.Calendar;
using Hanan.Ops.Storage.Audit;
using Hanan.Ops.Storage.Calendar;

namespace Hanan.Ops.Host.Calendar;

/// <summary>
/// The district's working-day calendar as live data: the shipped years, the years an administrator loaded (the store),
/// and provisional years from the holiday law up to next year. Builds the calendar and makes it current in this silo
/// (<see cref="LiveCalendar"/>); loads a year, audited, and says which pending deadlines the new data may move.
/// </summary>
public sealed class DistrictCalendar(
    ICalendarStore store, ICaseStore cases, ICaseReadModel readModel, LiveCalendar live, DistrictClock clock, IGrainFactory grains, IAuditStore audit)
{
    /// <summary>The most cases one re-plan goes through; more are re-planned by calling it again.</summary>
    public const int MaxReplanned = 5_000;

    /// <summary>The most pending deadlines a load lists.</summary>
    public const int MaxListed = 500;

    /// <summary>Reads the stored years and makes the calendar they give current, if the store has anything newer.</summary>
    public async Task<long> RefreshAsync(CancellationToken cancellationToken = default)
    {
        var stored = await store.ReadAllAsync(cancellationToken);
        var revision = stored.Count == 0 ? 0 : stored.Max(y => y.Revision);
        var throughYear = ThroughYear();
        if (revision == live.Revision && live.Current.Years[^1] >= throughYear)
        {
            return revision;
        }

        live.Apply(Compose(stored.Select(Parsed), throughYear), revision);
        return revision;
    }

    /// <summary>
    /// Loads <paramref name="year"/> (an official notice), audited in the same transaction, makes it current here (other
    /// silos follow within their refresh interval) and lists the pending deadlines on or after the first day whose
    /// classification changed: those the new data may move. None of them is moved by the load.
    /// </summary>
    public async Task<CalendarLoad> LoadAsync(HolidayYear year, string actor, string role, string? source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(year);
        var before = live.Current;
        var stored = (await store.ReadAllAsync(cancellationToken)).Select(Parsed).Where(y => y.Year != year.Year).Append(year);
        var after = Compose(stored, Math.Max(ThroughYear(), year.Year));
        var changed = WorkingCalendar.DaysThatDiffer(before, after, year.Year);
        var now = clock.Now;
        var detail = string.Create(CultureInfo.InvariantCulture, $"{year.Holidays.Count} holidays, {changed.Count} days change; source: {year.Source}");
        var record = await store.SaveAsync(year.Year, year.ToJson(), now, actor,
            new AuditEntry(now, actor, role, "calendar.load", year.Year.ToString(CultureInfo.InvariantCulture), source, AuditOutcome.Success, detail),
            cancellationToken);
        live.Apply(after, record.Revision);

        IReadOnlyList<AffectedDeadline> affected = [];
        var truncated = false;
        if (changed.Count > 0)
        {
            var from = new DateTimeOffset(changed[0].ToDateTime(TimeOnly.MinValue), District.TimeZone.GetUtcOffset(changed[0].ToDateTime(TimeOnly.MinValue)));
            var pending = await cases.PendingFromAsync(from, MaxListed + 1, cancellationToken);
            truncated = pending.Count > MaxListed;
            var listed = new List<AffectedDeadline>();
            foreach (var d in pending.Take(MaxListed))
            {
                var row = await readModel.GetAsync(d.CaseId, cancellationToken);
                listed.Add(new AffectedDeadline(d.CaseId, row?.Number, row?.Status.ToString(), d.Kind, d.Due));
            }

            affected = listed;
        }

        return new CalendarLoad(year.Year, record.Revision, record.LoadedAt, changed, affected, truncated);
    }

    /// <summary>
    /// Re-plans the open cases that have a pending deadline in or after <paramref name="year"/> with the calendar as it
    /// now is: each case computes its resolve deadline again and, where it moves, says so on its timeline (and in its
    /// own audit record). One audited action of the administrator; a case that fails is named and the rest go on.
    /// </summary>
    public async Task<CalendarReplan> ReplanAsync(int year, string actor, string role, string? source, CancellationToken cancellationToken = default)
    {
        if (live.Current.YearData(year) is not { } data)
        {
            throw new ArgumentOutOfRangeException(nameof(year), year, $"The calendar does not cover {year}.");
        }

        var why = string.Create(CultureInfo.InvariantCulture, $"{year}年{(data.IsProvisional ? "暂定" : "")}节假日安排");
        var firstDay = new DateOnly(year, 1, 1).ToDateTime(TimeOnly.MinValue);
        var from = new DateTimeOffset(firstDay, District.TimeZone.GetUtcOffset(firstDay));
        var pending = await cases.PendingFromAsync(from, MaxReplanned * 4, cancellationToken);
        var ids = pending.Select(d => d.CaseId).Distinct().Take(MaxReplanned).ToList();
        var moved = new List<ReplannedCase>();
        var failed = new List<ReplanFailure>();
        foreach (var id in ids)
        {
            var grain = grains.GetGrain<ICaseGrain>(id);
            try
            {
                var before = await grain.Get();
                var result = await grain.Replan(why);
                if (before is not null && result.Case is { } after && after.Deadlines.ResolveDue != before.Deadlines.ResolveDue)
                {
                    moved.Add(new ReplannedCase(id, after.Number, before.Deadlines.ResolveDue, after.Deadlines.ResolveDue));
                }
                else if (result is { Accepted: false, NotFound: false })
                {
                    failed.Add(new ReplanFailure(id, before?.Number, result.Message ?? result.Refusal ?? "refused"));
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failed.Add(new ReplanFailure(id, null, ex.Message));
            }
        }

        await audit.AppendAsync(new AuditEntry(clock.Now, actor, role, "calendar.replan", year.ToString(CultureInfo.InvariantCulture), source,
            failed.Count == 0 ? AuditOutcome.Success : AuditOutcome.Failure,
            string.Create(CultureInfo.InvariantCulture, $"{ids.Count} cases checked, {moved.Count} re-planned, {failed.Count} failed")), CancellationToken.None);
        return new CalendarReplan(year, ids.Count, moved, failed, pending.Count >= MaxReplanned * 4 || ids.Count >= MaxReplanned);
    }

    private static HolidayYear Parsed(CalendarYearRecord record) => HolidayYear.Parse(record.Json, $"the stored calendar of {record.Year}");

    private static WorkingCalendar Compose(IEnumerable<HolidayYear> loaded, int throughYear) =>
        WorkingCalendar.Compose(HolidayYear.Embedded, loaded, throughYear);

    /// <summary>Provisional years are kept up to next year, so a deadline filed in December reaches into January.</summary>
    private int ThroughYear() => clock.Now.Year + 1;

    /// <summary>The calendar as the host starts: the shipped years and the provisional ones, before the store is read.</summary>
    public static WorkingCalendar Initial(DistrictClock clock) => Compose([], clock.Now.Year + 1);
}

/// <summary>The outcome of loading a year: its revision, the days whose classification changed, and the pending deadlines they may move.</summary>
public sealed record CalendarLoad(
    int Year,
    long Revision,
    DateTimeOffset LoadedAt,
    IReadOnlyList<DateOnly> ChangedDays,
    IReadOnlyList<AffectedDeadline> MayChange,
    bool Truncated);

/// <summary>The outcome of a re-plan: how many cases were checked, those whose resolve deadline moved, those that failed, and whether more remain.</summary>
public sealed record CalendarReplan(int Year, int Checked, IReadOnlyList<ReplannedCase> Replanned, IReadOnlyList<ReplanFailure> Failed, bool More);

public sealed record ReplannedCase(Guid CaseId, string Number, DateTimeOffset From, DateTimeOffset To);

public sealed record ReplanFailure(Guid CaseId, string? Number, string Problem);

/// <summary>A pending deadline on or after the first changed day: its case, which deadline (<c>escalation:Overdue</c>, <c>claim:{bureau}</c>, …) and when it falls due now.</summary>
public sealed record AffectedDeadline(Guid CaseId, string? Number, string? Status, string Kind, DateTimeOffset Due);
