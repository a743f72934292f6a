using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hanan.Ops.Domain.Population;
using Hanan.Ops.Host.Residents;
using Hanan.Ops.Host.Security;

namespace Hanan.Ops.Host.Tests.Residents;

/// <summary>
/// Data scopes on the base data: a grid worker reaches only the residents, notices and reports of their grids; the
/// officer none; restricted tags only for the grid workers; every read of a resident audited, without ID numbers.
/// </summary>
public sealed class ResidentScopeTests(SeededHost host) : IClassFixture<SeededHost>
{
    private static readonly string[] Disability = ["disability"];

    /// <summary>A resident of grid A (the first household's grid) and one of another grid B.</summary>
    private (Resident InA, Resident InB) TwoGrids()
    {
        var a = host.FirstHouseholds[5].Members[0];
        var b = host.FirstHouseholds.Last(h => h.GridCode != a.GridCode).Members[0];
        return (a, b);
    }

    [Fact]
    public async Task A_grid_worker_of_grid_A_gets_nothing_about_a_resident_of_grid_B()
    {
        var (inA, inB) = TwoGrids();
        using var worker = await host.WorkerAsync("worker-a", inA.GridCode);
        using var dispatcher = await host.AsAsync(Roles.Dispatcher, "dispatcher-scope");
        var building = host.Population.Places.First(p => p.Kind == PlaceKind.ResidentialBuilding && p.GridCode == inA.GridCode);

        var lookup = await worker.PostAsJsonAsync("/api/residents/lookup", new { idNumber = inB.IdNumber.Value });
        var get = await worker.GetAsync($"/api/residents/{inB.Id}");
        var history = await worker.GetAsync($"/api/residents/{inB.Id}/history");
        var move = await worker.PostAsJsonAsync($"/api/residents/{inB.Id}/moves", new { buildingId = building.Id, unit = 1, room = 101 });
        var visit = await worker.PostAsJsonAsync($"/api/residents/{inB.Id}/visits", new { notes = "走访", addTags = Disability });
        var searchB = await worker.GetAsync($"/api/residents?grid={inB.GridCode}");
        var byName = await worker.GetFromJsonAsync<JsonObject>($"/api/residents?name={Uri.EscapeDataString(inB.Name[..1])}&limit=200");
        var errand = await worker.PostAsJsonAsync("/api/errands", new { residentId = inB.Id, kind = "代办", description = "代办" });

        foreach (var answer in new[] { lookup, get, history, move, visit })
        {
            answer.StatusCode.Should().Be(HttpStatusCode.NotFound, "a resident outside the worker's grids looks like no resident");
            var text = await answer.Content.ReadAsStringAsync();
            text.Should().NotContain(inB.Name).And.NotContain(inB.IdNumber.Masked).And.NotContain(inB.HouseholdId);
        }

        searchB.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        byName!["items"]!.AsArray().Should().NotContain(i => i!["address"]!["gridCode"]!.GetValue<string>() != inA.GridCode, "a search without a grid covers the worker's grids")
            .And.NotContain(i => i!["id"]!.GetValue<Guid>() == inB.Id);
        (await errand.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["residentId"].Should().NotBeNull();
        var unchanged = await dispatcher.GetFromJsonAsync<JsonObject>($"/api/residents/{inB.Id}");
        unchanged!["address"]!["gridCode"]!.GetValue<string>().Should().Be(inB.GridCode, "the refused move changed nothing");
        (await dispatcher.GetFromJsonAsync<JsonArray>($"/api/residents/{inB.Id}/history")).Should().BeEmpty("the refused visit changed nothing");

        var own = await worker.PostAsJsonAsync("/api/residents/lookup", new { idNumber = inA.IdNumber.Value });
        own.StatusCode.Should().Be(HttpStatusCode.OK, "the worker's own grid is open to them");
    }

    [Fact]
    public async Task A_grid_worker_reaches_only_the_figures_reports_and_notices_of_their_grids()
    {
        var (inA, inB) = TwoGrids();
        using var workerA = await host.WorkerAsync("worker-a2", inA.GridCode);
        using var workerB = await host.WorkerAsync("worker-b2", inB.GridCode);

        (await workerA.GetAsync($"/api/grids/{inB.GridCode}/figures")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await workerA.GetAsync($"/api/grids/{inB.GridCode}")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await workerA.PostAsJsonAsync($"/api/grids/{inB.GridCode}/situations", new { kind = "safety", description = "x" }))
            .StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await workerA.PostAsJsonAsync($"/api/grids/{inB.GridCode}/bureau-ratings", new { bureauId = "urban-management", score = 1 }))
            .StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await workerA.PostAsJsonAsync("/api/notices", new { title = "通知", body = "正文", gridCodes = new[] { inA.GridCode, inB.GridCode } }))
            .StatusCode.Should().Be(HttpStatusCode.Forbidden);

        var toB = await workerB.PostAsJsonAsync("/api/notices", new { title = "通知", body = "正文", gridCodes = new[] { inB.GridCode } });
        toB.StatusCode.Should().Be(HttpStatusCode.Created);
        var notice = (await toB.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>();
        (await workerA.GetAsync($"/api/notices/{notice}")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await workerB.GetAsync($"/api/notices/{notice}")).StatusCode.Should().Be(HttpStatusCode.OK);
        var receipt = await workerA.PostAsJsonAsync($"/api/notices/{notice}/receipts", new { residentId = inB.Id, read = true });
        receipt.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var afterRefusal = await workerB.GetFromJsonAsync<JsonObject>($"/api/notices/{notice}");
        afterRefusal!["received"]!.GetValue<int>().Should().Be(0, "the refused receipt recorded nothing");

        var accepted = await workerB.PostAsJsonAsync("/api/errands", new { residentId = inB.Id, kind = "代办", description = "代办" });
        var errand = (await accepted.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>();
        (await workerA.GetAsync($"/api/errands/{errand}")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await workerA.PostAsJsonAsync($"/api/errands/{errand}/steps", new { action = "cancel" })).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await workerB.GetFromJsonAsync<JsonObject>($"/api/errands/{errand}"))!["trace"]!.AsArray().Should().ContainSingle("the refused cancel recorded nothing");
    }

    [Theory]
    [InlineData(Roles.Officer)]
    [InlineData(Roles.BureauHead)]
    [InlineData(Roles.Citizen)]
    [InlineData(Roles.Police)]
    [InlineData(Roles.Administrator)]
    public async Task Roles_without_a_need_get_403_on_residents(string role)
    {
        var resident = host.FirstHouseholds[6].Members[0];
        using var client = await host.AsAsync(role, role + "-residents");

        var answers = new[]
        {
            await client.PostAsJsonAsync("/api/residents/lookup", new { idNumber = resident.IdNumber.Value }),
            await client.GetAsync($"/api/residents?grid={resident.GridCode}"),
            await client.GetAsync($"/api/residents/{resident.Id}"),
            await client.GetAsync($"/api/residents/{resident.Id}/history"),
            await client.PostAsJsonAsync($"/api/residents/{resident.Id}/moves", new { buildingId = "230108001001001B001", unit = 1, room = 101 }),
            await client.PostAsJsonAsync($"/api/residents/{resident.Id}/visits", new { notes = "x" }),
        };

        answers.Select(a => a.StatusCode).Should().AllBeEquivalentTo(HttpStatusCode.Forbidden);
        foreach (var answer in answers)
        {
            (await answer.Content.ReadAsStringAsync()).Should().NotContain(resident.Name);
        }
    }

    [Fact]
    public async Task The_command_centre_sees_residents_district_wide_with_restricted_tags_masked()
    {
        var resident = host.FirstHouseholds[7].Members[0];
        using var worker = await host.WorkerAsync("worker-tags", resident.GridCode);
        using var dispatcher = await host.AsAsync(Roles.Dispatcher, "dispatcher-tags");
        (await worker.PostAsJsonAsync($"/api/residents/{resident.Id}/visits", new { notes = "独居，行动不便", addTags = Disability }))
            .StatusCode.Should().Be(HttpStatusCode.OK);

        var seen = await dispatcher.GetFromJsonAsync<JsonObject>($"/api/residents/{resident.Id}");
        var history = await dispatcher.GetFromJsonAsync<JsonArray>($"/api/residents/{resident.Id}/history");
        var byTag = await dispatcher.GetAsync($"/api/residents?grid={resident.GridCode}&tag=disability");
        var byGrid = await dispatcher.GetFromJsonAsync<JsonObject>($"/api/residents?grid={resident.GridCode}&limit=200");
        var workers = await worker.GetFromJsonAsync<JsonObject>($"/api/residents/{resident.Id}");

        seen!["name"]!.GetValue<string>().Should().Be(resident.Name);
        seen["tags"].Should().BeNull("restricted tags are masked for the command centre");
        history!.Single()!["description"]!.GetValue<string>().Should().Be(ResidentEndpoints.RestrictedText).And.NotContain("disability");
        byTag.StatusCode.Should().Be(HttpStatusCode.Forbidden, "filtering by a tag would reveal it");
        byGrid!["items"]!.AsArray().Should().NotBeEmpty().And.OnlyContain(i => i!["tags"] == null);
        workers!["tags"]!.AsArray().Select(t => t!.GetValue<string>()).Should().Contain("disability", "the grid's own worker needs the tags");
    }

    [Fact]
    public async Task Every_read_of_a_resident_is_audited_with_the_surrogate_id_and_never_the_ID_number()
    {
        var (inA, inB) = TwoGrids();
        using var worker = await host.WorkerAsync("worker-audited", inA.GridCode);
        using var officer = await host.AsAsync(Roles.Officer, "officer-audited");
        using var auditor = await host.AsAsync(Roles.Auditor, "auditor-residents");

        (await worker.PostAsJsonAsync("/api/residents/lookup", new { idNumber = inA.IdNumber.Value })).StatusCode.Should().Be(HttpStatusCode.OK);
        (await worker.PostAsJsonAsync("/api/residents/lookup", new { idNumber = inB.IdNumber.Value })).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await worker.PostAsJsonAsync("/api/residents/lookup", new { idNumber = "110102199101010078" })).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await worker.GetAsync($"/api/residents/{inA.Id}")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await worker.GetAsync($"/api/residents/{inA.Id}/history")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await worker.GetAsync($"/api/residents/{inB.Id}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        var page = await worker.GetFromJsonAsync<JsonObject>($"/api/residents?grid={inA.GridCode}&limit=30");
        (await officer.PostAsJsonAsync("/api/residents/lookup", new { idNumber = inA.IdNumber.Value })).StatusCode.Should().Be(HttpStatusCode.Forbidden);

        var records = await AuditRecordsAsync(auditor);
        var mine = records.Where(r => Field(r, "actor") == "worker-audited").ToList();
        mine.Should().Contain(r => Field(r, "action") == ResidentEndpoints.LookupAction && Field(r, "target") == inA.Id.ToString()
            && Field(r, "outcome") == "Success" && Field(r, "role") == Roles.GridWorker && Field(r, "source")!.Length > 0);
        mine.Should().Contain(r => Field(r, "action") == ResidentEndpoints.LookupAction && Field(r, "target") == inB.Id.ToString() && Field(r, "outcome") == "Denied");
        mine.Should().Contain(r => Field(r, "action") == ResidentEndpoints.LookupAction && Field(r, "target") == null && Field(r, "outcome") == "Failure");
        mine.Should().Contain(r => Field(r, "action") == ResidentEndpoints.ViewAction && Field(r, "target") == inA.Id.ToString() && Field(r, "outcome") == "Success");
        mine.Should().Contain(r => Field(r, "action") == ResidentEndpoints.ViewAction && Field(r, "target") == inB.Id.ToString() && Field(r, "outcome") == "Denied");
        mine.Should().Contain(r => Field(r, "action") == ResidentEndpoints.HistoryAction && Field(r, "target") == inA.Id.ToString());
        var shown = page!["items"]!.AsArray().Select(i => i!["id"]!.GetValue<Guid>().ToString()).ToList();
        var searched = mine.Where(r => Field(r, "action") == ResidentEndpoints.SearchAction).SelectMany(r => Field(r, "target")!.Split(',')).ToList();
        searched.Should().BeEquivalentTo(shown, "the search's records name every resident it showed");
        records.Should().Contain(r => Field(r, "actor") == "officer-audited" && Field(r, "action") == "access.denied" && Field(r, "outcome") == "Denied");

        var everything = string.Join("\n", records.Select(r => r.ToJsonString()));
        everything.Should().NotContain(inA.IdNumber.Value).And.NotContain(inB.IdNumber.Value).And.NotContain("110102199101010078");
    }

    private static string? Field(JsonObject record, string name) => record["entry"]![name]?.GetValue<string>();

    private static async Task<List<JsonObject>> AuditRecordsAsync(HttpClient auditor)
    {
        var all = new List<JsonObject>();
        for (long after = 0; ; )
        {
            var page = (await auditor.GetFromJsonAsync<JsonObject>($"/api/audit/records?after={after}&limit=1000"))!;
            var items = page["items"]!.AsArray().Select(i => i!.AsObject()).ToList();
            all.AddRange(items);
            // Each read appends its own audit.read record: a short page is the end, not an empty one.
            if (items.Count < 1000)
            {
                return all;
            }

            after = page["next"]!.GetValue<long>();
        }
    }
}
