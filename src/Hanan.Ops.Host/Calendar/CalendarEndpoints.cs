using System.Globalization;
using System.Text.Json;
using Hanan.Ops.Domain.Calendar;
using Hanan.Ops.Grains.Calendar;
using Hanan.Ops.Host.Security;
using Hanan.Ops.Storage.Calendar;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hanan.Ops.Host.Calendar;

/// <summary>
/// The working-day calendar (工作日历) as live data: what each year is, whether a day is a working day, a date plus N
/// working days or hours, the working days between two dates; and, for an administrator, loading a year's official
/// notice. Public reads: the calendar is no one's personal data, and every screen and partner system counts with it.
/// </summary>
public static class CalendarEndpoints
{
    private const int MaxWorkingDays = 366;
    private const int MaxWorkingHours = 2_000;

    public static IEndpointRouteBuilder MapCalendarEndpoints(this IEndpointRouteBuilder app)
    {
        var calendar = app.MapGroup("/api/calendar").WithTags("Calendar");
        calendar.MapGet("/", Years).AllowAnonymous()
            .WithName("CalendarYears").WithSummary("The years the calendar covers: official (shipped or loaded) or provisional (from the holiday law)");
        calendar.MapGet("/{year:int}", Year).AllowAnonymous()
            .WithName("CalendarYear").WithSummary("One year: its holidays and adjusted working days, its working-day count, and where it comes from");
        calendar.MapGet("/days/{date}", Day).AllowAnonymous()
            .WithName("CalendarDay").WithSummary("Whether a date is a working day, and the holiday it is off for");
        calendar.MapGet("/add", Add).AllowAnonymous()
            .WithName("CalendarAdd").WithSummary("An instant plus N working days (due at the close of office hours) or N working hours");
        calendar.MapGet("/count", Count).AllowAnonymous()
            .WithName("CalendarCount").WithSummary("The working days from one date to another, both included");
        calendar.MapPut("/{year:int}", Load).RequireAuthorization(Policies.Administer)
            .WithName("LoadCalendarYear")
            .WithSummary("Load a year's official holiday notice (administrator); audited; lists the pending deadlines it may move")
            .WithDescription("The body is the year in the form of the calendar files: { year, source, holidays: [{ nameZh, nameEn, firstDayOff, lastDayOff, adjustedWorkingDays }] }. Applied by this host at once and by every other within Hanan:Calendar:RefreshInterval. No deadline already computed is moved.");
        calendar.MapPost("/{year:int}/replan", Replan).RequireAuthorization(Policies.Administer)
            .WithName("ReplanDeadlines")
            .WithSummary("Re-plan the open cases' resolve deadlines with the calendar as it now is (administrator); each moved case's timeline says why; audited")
            .WithDescription("Run after loading a year. Lists the cases whose deadline moved (from, to), and any that failed; more = true when more cases remain than one call goes through.");
        return app;
    }

    internal static async Task<Results<Ok<CalendarReplan>, ValidationProblem>> Replan(int year, DistrictCalendar calendar, LiveCalendar live, HttpContext http)
    {
        if (live.Current.YearData(year) is null)
        {
            return Invalid("year", $"The calendar does not cover {year}; it covers {Covered(live.Current)}.");
        }

        var user = http.User;
        return TypedResults.Ok(await calendar.ReplanAsync(year, user.Id() ?? "anonymous", user.Role() ?? "anonymous",
            http.Connection.RemoteIpAddress?.ToString(), http.RequestAborted));
    }

    internal static async Task<Ok<CalendarYearsResponse>> Years(LiveCalendar live, ICalendarStore store, CancellationToken cancellationToken)
    {
        var calendar = live.Current;
        var loaded = (await store.ReadAllAsync(cancellationToken)).ToDictionary(y => y.Year);
        return TypedResults.Ok(new CalendarYearsResponse(live.Revision,
            [.. calendar.Years.Select(y => Summary(calendar.YearData(y)!, loaded.GetValueOrDefault(y)))]));
    }

    internal static async Task<Results<Ok<CalendarYearResponse>, ProblemHttpResult>> Year(int year, LiveCalendar live, ICalendarStore store, CancellationToken cancellationToken)
    {
        var calendar = live.Current;
        if (calendar.YearData(year) is not { } data)
        {
            return TypedResults.Problem(title: "The calendar does not cover this year.", statusCode: StatusCodes.Status404NotFound,
                detail: $"The calendar covers {Covered(calendar)}; {year} is not among them.");
        }

        var loaded = (await store.ReadAllAsync(cancellationToken)).FirstOrDefault(y => y.Year == year);
        var summary = Summary(data, loaded);
        return TypedResults.Ok(new CalendarYearResponse(
            summary, calendar.CountWorkingDays(new DateOnly(year, 1, 1), new DateOnly(year, 12, 31)),
            [.. data.Holidays.Select(h => new HolidayResponse(h.NameZh, h.NameEn, h.FirstDayOff, h.LastDayOff, h.AdjustedWorkingDays))]));
    }

    internal static Results<Ok<CalendarDayResponse>, ValidationProblem> Day(string date, LiveCalendar live)
    {
        var calendar = live.Current;
        if (!TryDate(date, out var day))
        {
            return Invalid("date", $"'{Cut(date)}' is not a date: write it as yyyy-MM-dd.");
        }

        if (Outside(calendar, "date", day) is { } outside)
        {
            return outside;
        }

        var holiday = calendar.HolidayOn(day);
        var data = calendar.YearData(day.Year)!;
        return TypedResults.Ok(new CalendarDayResponse(day, calendar.IsWorkingDay(day), holiday?.NameZh,
            data.Holidays.Any(h => h.AdjustedWorkingDays.Contains(day)), data.IsProvisional));
    }

    internal static Results<Ok<CalendarAddResponse>, ValidationProblem> Add(DateTimeOffset? from, int? workingDays, int? workingHours, LiveCalendar live)
    {
        var calendar = live.Current;
        if (from is null)
        {
            return Invalid("from", "'from' is required: an instant with its offset, e.g. 2026-12-31T10:00:00+08:00.");
        }

        if (workingDays is null == workingHours is null)
        {
            return Invalid(workingDays is null ? "workingDays" : "workingHours", "Give exactly one of 'workingDays' and 'workingHours'.");
        }

        if (workingDays is < 0 or > MaxWorkingDays)
        {
            return Invalid("workingDays", $"'workingDays' is 0 to {MaxWorkingDays}.");
        }

        if (workingHours is < 0 or > MaxWorkingHours)
        {
            return Invalid("workingHours", $"'workingHours' is 0 to {MaxWorkingHours}.");
        }

        if (Outside(calendar, "from", calendar.LocalDate(from.Value)) is { } outside)
        {
            return outside;
        }

        try
        {
            var due = workingDays is { } days ? calendar.AddWorkingDays(from.Value, days) : calendar.AddWorkingHours(from.Value, workingHours!.Value);
            var local = TimeZoneInfo.ConvertTime(due, Domain.District.TimeZone);
            return TypedResults.Ok(new CalendarAddResponse(from.Value, local, Provisional(calendar, calendar.LocalDate(from.Value), calendar.LocalDate(due))));
        }
        catch (DateOutsideCalendarException ex)
        {
            return Invalid(workingDays is null ? "workingHours" : "workingDays", ex.Message);
        }
    }

    internal static Results<Ok<CalendarCountResponse>, ValidationProblem> Count(string? from, string? to, LiveCalendar live)
    {
        var calendar = live.Current;
        if (!TryDate(from, out var first))
        {
            return Invalid("from", "'from' is required: a date written yyyy-MM-dd.");
        }

        if (!TryDate(to, out var last))
        {
            return Invalid("to", "'to' is required: a date written yyyy-MM-dd.");
        }

        if (last < first)
        {
            return Invalid("to", "'to' is before 'from'.");
        }

        if ((Outside(calendar, "from", first) ?? Outside(calendar, "to", last)) is { } outside)
        {
            return outside;
        }

        return TypedResults.Ok(new CalendarCountResponse(first, last, calendar.CountWorkingDays(first, last), Provisional(calendar, first, last)));
    }

    internal static async Task<Results<Ok<CalendarLoad>, ValidationProblem>> Load(
        int year, JsonElement? body, DistrictCalendar calendar, HttpContext http)
    {
        if (body is not { ValueKind: JsonValueKind.Object } json)
        {
            return Invalid("body", "The body is the year's calendar as a JSON object: { year, source, holidays: [...] }.");
        }

        HolidayYear data;
        try
        {
            data = HolidayYear.Parse(json.GetRawText(), "the calendar");
        }
        catch (InvalidDataException ex)
        {
            return Invalid("body", ex.Message);
        }

        if (data.Year != year)
        {
            return Invalid("year", $"The body is the calendar of {data.Year}, but the address names {year}.");
        }

        if (year < Domain.Calendar.StatutoryHolidays.FirstYear - 1)
        {
            return Invalid("year", $"Years before {StatutoryHolidays.FirstYear - 1} are not loaded: their deadlines are long past.");
        }

        var user = http.User;
        return TypedResults.Ok(await calendar.LoadAsync(data, user.Id() ?? "anonymous", user.Role() ?? "anonymous",
            http.Connection.RemoteIpAddress?.ToString(), http.RequestAborted));
    }

    private static CalendarYearSummary Summary(HolidayYear data, CalendarYearRecord? loaded) => new(
        data.Year,
        data.IsProvisional ? "provisional" : loaded is null ? "shipped" : "loaded",
        data.IsProvisional,
        data.Source,
        loaded?.LoadedAt,
        loaded?.LoadedBy);

    private static bool Provisional(WorkingCalendar calendar, DateOnly from, DateOnly to) =>
        Enumerable.Range(from.Year, to.Year - from.Year + 1).Any(calendar.ProvisionalYears.Contains);

    private static ValidationProblem? Outside(WorkingCalendar calendar, string field, DateOnly day) =>
        calendar.Covers(day) ? null : Invalid(field, $"{day:yyyy-MM-dd} is outside the calendar, which covers {Covered(calendar)}.");

    private static string Covered(WorkingCalendar calendar) =>
        string.Create(CultureInfo.InvariantCulture, $"{calendar.Years[0]}–{calendar.Years[^1]}");

    private static bool TryDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "The calendar request was not accepted.");

    private static string Cut(string text) => text.Length <= 40 ? text : text[..40] + "…";
}

/// <summary>Where a year comes from: <c>shipped</c> with the build, <c>loaded</c> by an administrator, or <c>provisional</c> from the holiday law.</summary>
public sealed record CalendarYearSummary(int Year, string Origin, bool Provisional, string Source, DateTimeOffset? LoadedAt, string? LoadedBy);

public sealed record CalendarYearsResponse(long Revision, IReadOnlyList<CalendarYearSummary> Years);

public sealed record HolidayResponse(string NameZh, string NameEn, DateOnly FirstDayOff, DateOnly LastDayOff, IReadOnlyList<DateOnly> AdjustedWorkingDays);

public sealed record CalendarYearResponse(CalendarYearSummary Year, int WorkingDays, IReadOnlyList<HolidayResponse> Holidays);

/// <param name="AdjustedWorkingDay">A weekend day worked instead of a holiday (调休上班).</param>
public sealed record CalendarDayResponse(DateOnly Date, bool Working, string? Holiday, bool AdjustedWorkingDay, bool Provisional);

/// <param name="Due">In Beijing time; for working days, the close of office hours on the last one.</param>
public sealed record CalendarAddResponse(DateTimeOffset From, DateTimeOffset Due, bool Provisional);

public sealed record CalendarCountResponse(DateOnly From, DateOnly To, int WorkingDays, bool Provisional);
