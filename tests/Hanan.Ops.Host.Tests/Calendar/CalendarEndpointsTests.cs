using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hanan.Ops.Host.Hosting;
using Hanan.Ops.Host.Security;
using Hanan.Ops.Host.Tests.Security;
using Hanan.Ops.Storage.Calendar;
using Hanan.Ops.Storage.Tests;
using Hanan.Ops.Domain.Audit;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Hanan.Ops.Host.Tests.Calendar;

/// <summary>
/// The working-day calendar as live data over HTTP: the questions every screen asks, and an administrator loading a
/// year's notice, audited, applied without a restart, listing the deadlines it may move and moving none.
/// </summary>
public sealed class CalendarEndpointsTests(EmbeddedHost host) : IClassFixture<EmbeddedHost>
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    /// <summary>
    /// A 2027 notice for the tests (not the real one, which is not published here): the provisional year of the law, but
    /// New Year's Day off through Monday 4 January with Saturday 9 January worked, and Spring Festival through 11 February.
    /// </summary>
    internal static object Test2027(string source = "test notice for 2027") => new
    {
        year = 2027,
        source,
        holidays = new object[]
        {
            new { nameZh = "元旦", nameEn = "New Year's Day", firstDayOff = "2027-01-01", lastDayOff = "2027-01-04", adjustedWorkingDays = new[] { "2027-01-09" } },
            new { nameZh = "春节", nameEn = "Spring Festival", firstDayOff = "2027-02-05", lastDayOff = "2027-02-11", adjustedWorkingDays = Array.Empty<string>() },
            new { nameZh = "清明节", nameEn = "Qingming Festival", firstDayOff = "2027-04-05", lastDayOff = "2027-04-05", adjustedWorkingDays = Array.Empty<string>() },
            new { nameZh = "劳动节", nameEn = "Labour Day", firstDayOff = "2027-05-01", lastDayOff = "2027-05-04", adjustedWorkingDays = Array.Empty<string>() },
            new { nameZh = "端午节", nameEn = "Dragon Boat Festival", firstDayOff = "2027-06-09", lastDayOff = "2027-06-09", adjustedWorkingDays = Array.Empty<string>() },
            new { nameZh = "中秋节", nameEn = "Mid-Autumn Festival", firstDayOff = "2027-09-15", lastDayOff = "2027-09-15", adjustedWorkingDays = Array.Empty<string>() },
            new { nameZh = "国庆节", nameEn = "National Day", firstDayOff = "2027-10-01", lastDayOff = "2027-10-05", adjustedWorkingDays = Array.Empty<string>() },
        },
    };

    [Fact]
    public async Task The_calendar_answers_working_days_sums_and_counts_and_flags_the_provisional_year()
    {
        var years = (await host.Client.GetFromJsonAsync<JsonObject>(new Uri("/api/calendar", UriKind.Relative)))!["years"]!.AsArray();
        var day = await host.Client.GetFromJsonAsync<JsonObject>(new Uri("/api/calendar/days/2027-01-01", UriKind.Relative));
        var sum = await host.Client.GetFromJsonAsync<JsonObject>(new Uri("/api/calendar/add?from=2026-12-31T10:00:00%2B08:00&workingDays=1", UriKind.Relative));
        var count = await host.Client.GetFromJsonAsync<JsonObject>(new Uri("/api/calendar/count?from=2026-12-01&to=2026-12-31", UriKind.Relative));
        var national = await host.Client.GetFromJsonAsync<JsonObject>(new Uri("/api/calendar/days/2026-10-08", UriKind.Relative));

        years.Select(y => (y!["year"]!.GetValue<int>(), y["origin"]!.GetValue<string>())).Should().Contain((2026, "shipped")).And.Contain((2027, "provisional"));
        day!["working"]!.GetValue<bool>().Should().BeFalse();
        day["holiday"]!.GetValue<string>().Should().Be("元旦");
        day["provisional"]!.GetValue<bool>().Should().BeTrue();
        sum!["due"]!.GetValue<DateTimeOffset>().Should().Be(new DateTimeOffset(2027, 1, 4, 17, 0, 0, Beijing), "New Year's Day is off even before the notice");
        sum["provisional"]!.GetValue<bool>().Should().BeTrue();
        count!["workingDays"]!.GetValue<int>().Should().Be(23);
        count["provisional"]!.GetValue<bool>().Should().BeFalse();
        national!["working"]!.GetValue<bool>().Should().BeTrue();
        (await host.Client.GetFromJsonAsync<JsonObject>(new Uri("/api/calendar/days/2026-10-10", UriKind.Relative)))!["adjustedWorkingDay"]!.GetValue<bool>()
            .Should().BeTrue("Saturday 10 October 2026 is worked for National Day");
    }

    [Theory]
    [InlineData("/api/calendar/days/2031-01-01", "date", "2031-01-01")]
    [InlineData("/api/calendar/days/1-1-2027", "date", "1-1-2027")]
    [InlineData("/api/calendar/add?from=2026-12-31T10:00:00%2B08:00", "workingDays", "exactly one")]
    [InlineData("/api/calendar/add?from=2026-12-31T10:00:00%2B08:00&workingDays=400", "workingDays", "0 to 366")]
    [InlineData("/api/calendar/add?workingDays=3", "from", "required")]
    [InlineData("/api/calendar/count?from=2026-12-31&to=2026-12-01", "to", "before")]
    [InlineData("/api/calendar/count?from=2026-12-01&to=2035-01-01", "to", "2035-01-01")]
    public async Task A_question_the_calendar_cannot_answer_is_a_problem_naming_the_field(string path, string field, string says)
    {
        var response = await host.Client.GetAsync(new Uri(path, UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        problem!["errors"]![field]![0]!.GetValue<string>().Should().Contain(says);
    }

    [Fact]
    public async Task Loading_a_year_needs_the_administrator_and_a_valid_notice()
    {
        using var dispatcher = await host.Factory.ClientAsAsync(Roles.Dispatcher);
        using var admin = await host.Factory.ClientAsAsync(Roles.Administrator, "admin-calendar");
        var overlapping = new
        {
            year = 2027,
            source = "broken",
            holidays = new object[]
            {
                new { nameZh = "元旦", nameEn = "New Year's Day", firstDayOff = "2027-01-01", lastDayOff = "2027-01-03", adjustedWorkingDays = Array.Empty<string>() },
                new { nameZh = "春节", nameEn = "Spring Festival", firstDayOff = "2027-01-02", lastDayOff = "2027-02-11", adjustedWorkingDays = Array.Empty<string>() },
            },
        };

        (await dispatcher.PutAsJsonAsync(new Uri("/api/calendar/2027", UriKind.Relative), Test2027())).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var wrongYear = await admin.PutAsJsonAsync(new Uri("/api/calendar/2028", UriKind.Relative), Test2027());
        var overlap = await admin.PutAsJsonAsync(new Uri("/api/calendar/2027", UriKind.Relative), overlapping);

        wrongYear.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await wrongYear.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["year"].Should().NotBeNull();
        overlap.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await overlap.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["body"]![0]!.GetValue<string>().Should().Contain("overlap");
        (await host.Client.GetFromJsonAsync<JsonObject>(new Uri("/api/calendar/2027", UriKind.Relative)))!["year"]!["origin"]!.GetValue<string>()
            .Should().Be("provisional", "a refused notice leaves nothing loaded");
    }
}

/// <summary>Loading a year on a host of its own (the district clock is moved to late December).</summary>
public sealed class CalendarLoadTests
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    [Fact]
    public async Task Loading_2027_is_audited_applies_at_once_lists_the_deadlines_it_may_move_and_moves_none()
    {
        await using var factory = new DistrictHostFactory(clock: new FakeTimeProvider(new DateTimeOffset(2026, 12, 28, 9, 0, 0, Beijing)));
        using var dispatcher = await factory.ClientAsAsync(Roles.Dispatcher);
        using var admin = await factory.ClientAsAsync(Roles.Administrator, "admin-2027");
        using var auditor = await factory.ClientAsAsync(Roles.Auditor, "auditor-2027");
        var receipt = await Appeals.FileAppeal.Async(factory, dispatcher, "sanitation", 40);
        var id = receipt["caseId"]!.GetValue<string>();
        var before = (await dispatcher.GetFromJsonAsync<JsonObject>(new Uri($"/api/cases/{id}", UriKind.Relative)))!["deadlines"]!.ToJsonString();

        var load = await admin.PutAsJsonAsync(new Uri("/api/calendar/2027", UriKind.Relative), CalendarEndpointsTests.Test2027());

        load.StatusCode.Should().Be(HttpStatusCode.OK);
        var outcome = (await load.Content.ReadFromJsonAsync<JsonObject>())!;
        outcome["changedDays"]!.AsArray().Select(d => d!.GetValue<string>()).Should().Equal("2027-01-04", "2027-01-09", "2027-02-11");
        outcome["mayChange"]!.AsArray().Should().Contain(d => d!["caseId"]!.GetValue<string>() == id && d["number"]!.GetValue<string>() == receipt["caseNumber"]!.GetValue<string>());
        (await factory.CreateRealClient().GetFromJsonAsync<JsonObject>(new Uri("/api/calendar/days/2027-01-04", UriKind.Relative)))!["working"]!.GetValue<bool>()
            .Should().BeFalse("the loaded notice applies at once");
        var year = (await factory.CreateRealClient().GetFromJsonAsync<JsonObject>(new Uri("/api/calendar/2027", UriKind.Relative)))!["year"]!;
        year["origin"]!.GetValue<string>().Should().Be("loaded");
        year["loadedBy"]!.GetValue<string>().Should().Be("admin-2027");
        (await dispatcher.GetFromJsonAsync<JsonObject>(new Uri($"/api/cases/{id}", UriKind.Relative)))!["deadlines"]!.ToJsonString()
            .Should().Be(before, "a deadline already computed is never silently moved");

        // The administrator re-plans in one action: the case's 7-working-day deadline moves a day, and its trace says why.
        (await dispatcher.PostAsJsonAsync(new Uri("/api/calendar/2027/replan", UriKind.Relative), new { })).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var replan = await admin.PostAsJsonAsync(new Uri("/api/calendar/2027/replan", UriKind.Relative), new { });
        replan.StatusCode.Should().Be(HttpStatusCode.OK);
        var replanned = (await replan.Content.ReadFromJsonAsync<JsonObject>())!;
        var moved = replanned["replanned"]!.AsArray().Single(c => c!["caseId"]!.GetValue<string>() == id)!;
        moved["from"]!.GetValue<DateTimeOffset>().Should().Be(new DateTimeOffset(2027, 1, 7, 17, 0, 0, Beijing));
        moved["to"]!.GetValue<DateTimeOffset>().Should().Be(new DateTimeOffset(2027, 1, 8, 17, 0, 0, Beijing));
        replanned["failed"]!.AsArray().Should().BeEmpty();
        var view = (await dispatcher.GetFromJsonAsync<JsonObject>(new Uri($"/api/cases/{id}", UriKind.Relative)))!;
        view["deadlines"]!["resolveDue"]!.GetValue<DateTimeOffset>().Should().Be(new DateTimeOffset(2027, 1, 8, 17, 0, 0, Beijing));
        view["timeline"]!.AsArray().Last()!["description"]!.GetValue<string>().Should().Contain("2027年节假日安排").And.Contain("2027-01-07 17:00").And.Contain("2027-01-08 17:00");
        var again = (await (await admin.PostAsJsonAsync(new Uri("/api/calendar/2027/replan", UriKind.Relative), new { })).Content.ReadFromJsonAsync<JsonObject>())!;
        again["replanned"]!.AsArray().Should().BeEmpty("a second re-plan with the same calendar moves nothing");

        var records = await DataScopeTests.AuditRecordsAsync(auditor);
        records.Should().Contain(r => r["entry"]!["action"]!.GetValue<string>() == "calendar.load" && r["entry"]!["actor"]!.GetValue<string>() == "admin-2027"
            && r["entry"]!["target"]!.GetValue<string>() == "2027");
        records.Should().Contain(r => r["entry"]!["action"]!.GetValue<string>() == "calendar.replan" && r["entry"]!["actor"]!.GetValue<string>() == "admin-2027");
        records.Should().Contain(r => r["entry"]!["action"]!.GetValue<string>() == "case.deadlines-replanned" && r["entry"]!["target"]!.GetValue<string>() == receipt["caseNumber"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_year_loaded_by_another_host_applies_here_without_a_restart()
    {
        await using var db = await TestDatabase.CreateAsync();
        var settings = new Dictionary<string, string?> { ["Hanan:Calendar:RefreshInterval"] = "00:00:01" };
        await using var factory = new DistrictHostFactory(StorageMode.PostgreSql, db.ConnectionString, settings: settings);
        using var client = factory.CreateRealClient();
        (await client.GetFromJsonAsync<JsonObject>(new Uri("/api/calendar/days/2027-01-04", UriKind.Relative)))!["working"]!.GetValue<bool>().Should().BeTrue();

        // Another host's load: the same store, the same database, not this host.
        await using (var source = NpgsqlDataSource.Create(db.ConnectionString))
        {
            var json = System.Text.Json.JsonSerializer.Serialize(CalendarEndpointsTests.Test2027("loaded elsewhere"));
            await new PostgresCalendarStore(source, Hanan.Ops.Storage.Tests.Audit.TestAuditKeys.Ring).SaveAsync(2027, json, DateTimeOffset.UtcNow, "admin-elsewhere",
                new AuditEntry(DateTimeOffset.UtcNow, "admin-elsewhere", "administrator", "calendar.load", "2027", null, AuditOutcome.Success));
        }

        await Eventually.HoldsAsync(
            async () => !(await client.GetFromJsonAsync<JsonObject>(new Uri("/api/calendar/days/2027-01-04", UriKind.Relative)))!["working"]!.GetValue<bool>(),
            TimeSpan.FromSeconds(15),
            "this host applies the stored 2027 within its refresh interval");
        (await client.GetFromJsonAsync<JsonObject>(new Uri("/api/calendar/2027", UriKind.Relative)))!["year"]!["source"]!.GetValue<string>().Should().Be("loaded elsewhere");
    }
}
