using System.CommandLine;
using System.Globalization;
using Hanan.Ops.Domain;
using Hanan.Ops.Domain.Audit;
using Hanan.Ops.Domain.Calendar;
using Hanan.Ops.Storage.Appeals;
using Hanan.Ops.Storage.Audit;
using Hanan.Ops.Storage.Calendar;
using Hanan.Ops.Storage.ReadModels;
using Npgsql;
using Spectre.Console;

namespace Hanan.Ops.Cli.Commands;

/// <summary>
/// <c>hanan calendar import FILE</c>: loads a year's official holiday notice (the JSON form of the calendar files) into
/// the database, audited, where every host picks it up within its refresh interval; prints the days whose
/// classification changes and the pending deadlines those days may move. <c>--check</c> validates the file without a
/// database. Exit 0 loaded (or valid), 1 the file is invalid, 2 bad usage, 3 the database failed.
/// </summary>
internal sealed class CalendarCommand(CliContext context) : ICliCommand
{
    private const int Listed = 50;

    public Command Build()
    {
        var file = new Argument<FileInfo>("file") { Description = "The year's calendar, e.g. 2027.json: { year, source, holidays: [...] }" };
        var check = new Option<bool>("--check") { Description = "Only validate the file and show what it says, against the holiday law; no database" };
        var import = new Command("import", "Load a year's official holiday notice (全年节假日安排) into the district's calendar (audited: needs the audit key).")
        {
            file, check, AuditCommand.KeyFileOption,
        };
        import.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                throw new UsageException($"{path.FullName} does not exist.");
            }

            HolidayYear year;
            try
            {
                year = HolidayYear.Parse(await File.ReadAllTextAsync(path.FullName, ct), path.Name);
            }
            catch (InvalidDataException ex)
            {
                context.Console.MarkupLine($"[red]{Markup.Escape(ex.Message)}[/]");
                return ExitCodes.Problems;
            }

            WriteYear(year);
            if (parse.GetValue(check))
            {
                WriteAgainstLaw(year);
                return ExitCodes.Ok;
            }

            return await LoadAsync(year, context.ConnectionString(parse), new AuditCommand(context).Keys(parse), ct);
        });
        return new Command("calendar", "The working-day calendar (工作日历).") { import };
    }

    private async Task<int> LoadAsync(HolidayYear year, string connectionString, AuditKeyRing keys, CancellationToken ct)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var store = new PostgresCalendarStore(dataSource, keys);
        var stored = (await store.ReadAllAsync(ct)).Select(r => HolidayYear.Parse(r.Json, $"the stored calendar of {r.Year}")).ToList();
        var through = Math.Max(year.Year, DateTime.UtcNow.Year + 1);
        var before = WorkingCalendar.Compose(HolidayYear.Embedded, stored, through);
        var after = WorkingCalendar.Compose(HolidayYear.Embedded, stored.Where(y => y.Year != year.Year).Append(year), through);
        var changed = WorkingCalendar.DaysThatDiffer(before, after, year.Year);

        var who = "cli:" + Environment.UserName;
        var now = DateTimeOffset.UtcNow;
        var record = await store.SaveAsync(year.Year, year.ToJson(), now, who,
            new AuditEntry(now, who, "administrator", "calendar.load", year.Year.ToString(CultureInfo.InvariantCulture), "hanan calendar import", AuditOutcome.Success,
                string.Create(CultureInfo.InvariantCulture, $"{year.Holidays.Count} holidays, {changed.Count} days change; source: {year.Source}")), ct);
        context.Console.MarkupLine($"[green]loaded[/] {year.Year} as revision {record.Revision}; every host applies it within its refresh interval (Hanan:Calendar:RefreshInterval).");
        if (changed.Count == 0)
        {
            context.Console.MarkupLine("no day changes its classification: no deadline moves.");
            return ExitCodes.Ok;
        }

        context.Console.MarkupLine($"days that change: {string.Join(", ", changed.Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))}");
        var first = changed[0].ToDateTime(TimeOnly.MinValue);
        await using var cases = new PostgresCaseStore(dataSource, new CaseStoreOptions(), keys);
        var pending = await cases.PendingFromAsync(new DateTimeOffset(first, District.TimeZone.GetUtcOffset(first)), Listed + 1, ct);
        var rows = new PostgresCaseReadModel(dataSource);
        var table = new Table().AddColumns("案件 case", "状态 status", "时限 deadline", "到期 due (Beijing)");
        foreach (var d in pending.Take(Listed))
        {
            var row = await rows.GetAsync(d.CaseId, ct);
            table.AddRow(Tables.Text(row?.Number ?? d.CaseId.ToString()), Tables.Text(row?.Status.ToString() ?? "?"), Tables.Text(d.Kind),
                Tables.Text(TimeZoneInfo.ConvertTime(d.Due, District.TimeZone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)));
        }

        context.Console.MarkupLine($"pending deadlines on or after {changed[0]:yyyy-MM-dd} that the new data may move{(pending.Count > Listed ? $" (first {Listed})" : "")}:");
        context.Console.Write(table);
        context.Console.MarkupLine($"none is moved by the load; re-plan them in one audited action: [bold]POST /api/calendar/{year.Year}/replan[/] (administrator).");
        return ExitCodes.Ok;
    }

    private void WriteYear(HolidayYear year)
    {
        var table = new Table().Title($"{year.Year}: {Markup.Escape(year.Source)}").AddColumns("节日 holiday", "放假 days off", "调休上班 worked weekend days");
        foreach (var h in year.Holidays)
        {
            table.AddRow(Tables.Text($"{h.NameZh} {h.NameEn}"), Tables.Text($"{h.FirstDayOff:yyyy-MM-dd} – {h.LastDayOff:yyyy-MM-dd} ({h.DaysOffCount})"),
                Tables.Text(string.Join(", ", h.AdjustedWorkingDays.Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))));
        }

        context.Console.Write(table);
        var calendar = new WorkingCalendar([year], OfficeHours.Default);
        context.Console.MarkupLine($"working days in {year.Year}: {calendar.CountWorkingDays(new DateOnly(year.Year, 1, 1), new DateOnly(year.Year, 12, 31))}");
    }

    /// <summary>Every statutory day of the law should be off in an official notice: a notice that works one is named.</summary>
    private void WriteAgainstLaw(HolidayYear year)
    {
        if (year.Year < StatutoryHolidays.FirstYear)
        {
            return;
        }

        var calendar = new WorkingCalendar([year], OfficeHours.Default);
        var worked = StatutoryHolidays.Of(year.Year).SelectMany(h => h.Days.Select(d => (h.NameZh, Day: d))).Where(x => calendar.IsWorkingDay(x.Day)).ToList();
        context.Console.MarkupLine(worked.Count == 0
            ? "[green]valid[/]: every statutory day of the holiday law is a day off."
            : $"[yellow]valid, but[/] these statutory days are working days in the file: {string.Join(", ", worked.Select(x => $"{x.Day:yyyy-MM-dd} ({x.NameZh})"))}");
    }
}
