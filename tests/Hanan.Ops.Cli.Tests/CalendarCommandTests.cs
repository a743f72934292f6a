using Hanan.Ops.Storage.Calendar;
using Hanan.Ops.Storage.Tests;
using Hanan.Ops.Storage.Tests.Audit;
using Npgsql;

namespace Hanan.Ops.Cli.Tests;

/// <summary><c>hanan calendar import</c>: a year's notice checked without a database, and loaded with its audit record.</summary>
public sealed class CalendarCommandTests : IAsyncLifetime
{
    /// <summary>A 2027 notice for the tests (the real one is not published here): the holiday law's days, New Year's Day through 4 January.</summary>
    private const string Notice2027 = """
        { "year": 2027, "source": "test notice for 2027", "holidays": [
          { "nameZh": "元旦", "nameEn": "New Year's Day", "firstDayOff": "2027-01-01", "lastDayOff": "2027-01-04", "adjustedWorkingDays": ["2027-01-09"] },
          { "nameZh": "春节", "nameEn": "Spring Festival", "firstDayOff": "2027-02-05", "lastDayOff": "2027-02-10", "adjustedWorkingDays": [] },
          { "nameZh": "清明节", "nameEn": "Qingming Festival", "firstDayOff": "2027-04-05", "lastDayOff": "2027-04-05", "adjustedWorkingDays": [] },
          { "nameZh": "劳动节", "nameEn": "Labour Day", "firstDayOff": "2027-05-01", "lastDayOff": "2027-05-04", "adjustedWorkingDays": [] },
          { "nameZh": "端午节", "nameEn": "Dragon Boat Festival", "firstDayOff": "2027-06-09", "lastDayOff": "2027-06-09", "adjustedWorkingDays": [] },
          { "nameZh": "中秋节", "nameEn": "Mid-Autumn Festival", "firstDayOff": "2027-09-15", "lastDayOff": "2027-09-15", "adjustedWorkingDays": [] },
          { "nameZh": "国庆节", "nameEn": "National Day", "firstDayOff": "2027-10-01", "lastDayOff": "2027-10-05", "adjustedWorkingDays": [] }
        ] }
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("hanan-calendar-").FullName;
    private TestDatabase? _database;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync()
    {
        await _database!.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_notice_is_checked_without_a_database_and_a_broken_one_is_named()
    {
        var good = Path.Combine(_folder, "2027.json");
        var broken = Path.Combine(_folder, "broken.json");
        var workedStatutory = Path.Combine(_folder, "worked.json");
        await File.WriteAllTextAsync(good, Notice2027);
        await File.WriteAllTextAsync(broken, Notice2027.Replace("\"lastDayOff\": \"2027-01-04\"", "\"lastDayOff\": \"2026-12-31\"", StringComparison.Ordinal));
        await File.WriteAllTextAsync(workedStatutory, Notice2027.Replace("\"firstDayOff\": \"2027-04-05\", \"lastDayOff\": \"2027-04-05\"", "\"firstDayOff\": \"2027-04-06\", \"lastDayOff\": \"2027-04-06\"", StringComparison.Ordinal));

        var (ok, report) = await CliRun.RunAsync(new Dictionary<string, string> { ["HANAN_PG"] = "" }, "calendar", "import", good, "--check");
        var (bad, problem) = await CliRun.RunAsync("calendar", "import", broken, "--check");
        var (worked, warning) = await CliRun.RunAsync("calendar", "import", workedStatutory, "--check");

        ok.Should().Be(ExitCodes.Ok);
        report.Should().Contain("working days in 2027").And.Contain("every statutory day of the holiday law is a day off");
        bad.Should().Be(ExitCodes.Problems);
        problem.Should().Contain("broken.json").And.Contain("2026-12-31");
        worked.Should().Be(ExitCodes.Ok);
        warning.Should().Contain("2027-04-05 (清明节)");
    }

    [Fact]
    public async Task Importing_stores_the_year_with_its_audit_record_and_names_the_days_that_change()
    {
        var file = Path.Combine(_folder, "2027.json");
        await File.WriteAllTextAsync(file, Notice2027);
        var keyFile = Path.Combine(_folder, "audit.keys");
        await File.WriteAllTextAsync(keyFile, $"{TestAuditKeys.KeyId} {TestAuditKeys.Secret}\n");
        (await CliRun.RunAsync("migrate", "--connection", _database!.ConnectionString)).ExitCode.Should().Be(ExitCodes.Ok);

        var (noKey, _) = await CliRun.RunAsync("calendar", "import", file, "--connection", _database.ConnectionString);
        var (code, output) = await CliRun.RunAsync("calendar", "import", file, "--connection", _database.ConnectionString, "--key-file", keyFile);

        noKey.Should().Be(ExitCodes.BadUsage, "a load is audited, and the audit needs the key");
        code.Should().Be(ExitCodes.Ok, output);
        output.Should().Contain("loaded").And.Contain("2027-01-04").And.Contain("2027-01-09").And.Contain("/api/calendar/2027/replan");
        await using var source = NpgsqlDataSource.Create(_database.ConnectionString);
        (await new PostgresCalendarStore(source, TestAuditKeys.Ring).ReadAllAsync()).Should().ContainSingle().Which.Year.Should().Be(2027);
        await using var audit = new Hanan.Ops.Storage.Audit.PostgresAuditStore(_database.ConnectionString, TestAuditKeys.Ring);
        (await audit.ReadAsync(0, 100)).Should().Contain(r => r.Entry.Action == "calendar.load" && r.Entry.Target == "2027");
        (await CliRun.RunAsync("audit", "verify", "--connection", _database.ConnectionString, "--key-file", keyFile)).ExitCode.Should().Be(ExitCodes.Ok);
    }
}
