using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hanan.Ops.Contracts.Roster;
using Hanan.Ops.Domain.Geography;
using Hanan.Ops.Domain.Roster;
using Hanan.Ops.Host.Security;
using Hanan.Ops.Host.Tests.Security;
using Hanan.Ops.Storage.Audit;
using Microsoft.Extensions.DependencyInjection;

namespace Hanan.Ops.Host.Tests.Roster;

/// <summary>The grid-worker roster through the API: reads with masked phones (audited), assignments, and sign-in from the roster.</summary>
public sealed class RosterEndpointsTests(EmbeddedHost host) : IClassFixture<EmbeddedHost>
{
    private DistrictMap Map => host.Factory.Services.GetRequiredService<DistrictMap>();

    private IGridWorkerRoster Roster => host.Factory.Services.GetRequiredService<IGridWorkerRoster>();

    private async Task<IReadOnlyList<Domain.Audit.AuditRecord>> AuditAsync() =>
        await host.Factory.Services.GetRequiredService<IAuditStore>().ReadAsync(0, 100_000);

    [Fact]
    public async Task The_host_seeds_a_demo_roster_that_covers_every_grid()
    {
        var roster = await host.Dispatcher.GetFromJsonAsync<JsonObject>(new Uri("/api/grid-workers/", UriKind.Relative));

        roster!["uncoveredGrids"]!.AsArray().Should().BeEmpty();
        var workers = roster["workers"]!.AsArray();
        workers.Select(w => w!["id"]!.GetValue<string>()).Should().Contain(DemoRoster.Generate(Map).Select(w => w.Id), "other tests of the class may add workers");
        workers.Select(w => w!["phone"]!.GetValue<string>()).Should().OnlyContain(p => p.Length == 11 && p.Substring(3, 4) == "****");
        (await AuditAsync()).Should().Contain(r => r.Entry.Action == "roster.view" && r.Entry.Actor == "dispatcher-1" && r.Entry.Target == "roster");
    }

    [Fact]
    public async Task A_grids_detail_and_workers_list_show_its_workers_with_masked_phones_and_the_read_is_audited()
    {
        var grid = Map.Grids[21].Code;
        var expected = DemoRoster.Generate(Map).Single(w => w.Grids.Contains(grid));

        var detail = await host.Dispatcher.GetFromJsonAsync<JsonObject>(new Uri($"/api/grids/{grid}/", UriKind.Relative));
        var workers = await host.Dispatcher.GetFromJsonAsync<JsonArray>(new Uri($"/api/grids/{grid}/workers", UriKind.Relative));

        foreach (var list in new[] { detail!["workers"]!.AsArray(), workers! })
        {
            var worker = list.Should().ContainSingle().Subject!;
            worker["id"]!.GetValue<string>().Should().Be(expected.Id);
            worker["name"]!.GetValue<string>().Should().Be(expected.Name);
            worker["phone"]!.GetValue<string>().Should().Be(expected.Phone.Masked).And.NotBe(expected.Phone.Value);
        }

        (await AuditAsync()).Count(r => r.Entry.Action == "roster.view" && r.Entry.Target == grid && r.Entry.Actor == "dispatcher-1")
            .Should().BeGreaterThanOrEqualTo(2);
    }

    [Fact]
    public async Task A_grid_worker_on_the_roster_gets_the_grids_of_the_roster_and_typed_grids_that_differ_are_refused()
    {
        var worker = DemoRoster.Generate(Map).First(w => w.Grids.Count == 2);
        using var http = host.Factory.CreateRealClient();

        var fromRoster = await SignInAsync(http, worker.Id, null);
        var same = await SignInAsync(http, worker.Id, [.. worker.Grids.Reverse()]);
        var other = await SignInAsync(http, worker.Id, [Map.Grids[0].Code]);

        fromRoster.StatusCode.Should().Be(HttpStatusCode.OK);
        (await fromRoster.Content.ReadFromJsonAsync<JsonObject>())!["user"]!["grids"]!.AsArray().Select(g => g!.GetValue<string>())
            .Should().BeEquivalentTo(worker.Grids);
        same.StatusCode.Should().Be(HttpStatusCode.OK);
        other.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await other.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["grids"]![0]!.GetValue<string>().Should().Contain(worker.Grids[0]);
    }

    [Fact]
    public async Task Without_the_password_the_roster_is_not_revealed()
    {
        var worker = DemoRoster.Generate(Map).First(w => w.Grids.Count == 2);
        using var http = host.Factory.CreateRealClient();

        using var response = await http.PostAsJsonAsync(new Uri("/api/auth/dev-sign-in", UriKind.Relative),
            new { user = worker.Id, role = Roles.GridWorker, grids = new[] { Map.Grids[0].Code }, password = "wrong" });

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        var body = await response.Content.ReadAsStringAsync();
        body.Should().NotContain(worker.Grids[0]).And.NotContain(worker.Grids[1]);
    }

    [Fact]
    public async Task A_grid_worker_not_on_the_roster_still_names_their_grids()
    {
        using var http = host.Factory.CreateRealClient();

        (await SignInAsync(http, "visiting-worker", [Map.Grids[3].Code])).StatusCode.Should().Be(HttpStatusCode.OK);
        var none = await SignInAsync(http, "visiting-worker", null);

        none.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await none.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["grids"].Should().NotBeNull();
    }

    [Fact]
    public async Task Bad_assignments_are_refused_naming_the_field()
    {
        using var admin = await host.Factory.ClientAsAsync(Roles.Administrator);

        var cases = new (string Id, object Body, string Field)[]
        {
            ("a b", new { name = "张三", phone = "13900000000", grids = new[] { Map.Grids[0].Code } }, "id"),
            ("new-1", new { name = "张三", phone = "1390000", grids = new[] { Map.Grids[0].Code } }, "phone"),
            ("new-1", new { name = "张三", phone = "13900000000", grids = new[] { "230108999999999" } }, "grids"),
            ("new-1", new { name = "张三", phone = "13900000000", grids = Array.Empty<string>() }, "grids"),
            ("new-1", new { name = "", phone = "13900000000", grids = new[] { Map.Grids[0].Code } }, "name"),
            ("new-1", new { grids = new[] { Map.Grids[0].Code } }, "phone"),
        };
        foreach (var (id, body, field) in cases)
        {
            using var response = await admin.PutAsJsonAsync(new Uri($"/api/grid-workers/{Uri.EscapeDataString(id)}", UriKind.Relative), body);
            response.StatusCode.Should().Be(HttpStatusCode.BadRequest, $"{field}: {await response.Content.ReadAsStringAsync()}");
            (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]![field].Should().NotBeNull(field);
        }

        (await Roster.GetAsync("new-1")).Should().BeNull("nothing is written for a refused assignment");
    }

    [Fact]
    public async Task Reassigning_the_only_worker_of_a_grid_is_refused_until_a_successor_is_assigned()
    {
        using var admin = await host.Factory.ClientAsAsync(Roles.Administrator);
        var worker = DemoRoster.Generate(Map).Last(w => w.Grids.Count == 2);
        var (kept, handedOver) = (worker.Grids[0], worker.Grids[1]);

        using var refused = await admin.PutAsJsonAsync(new Uri($"/api/grid-workers/{worker.Id}", UriKind.Relative), new { grids = new[] { kept } });
        refused.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await refused.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["grids"]![0]!.GetValue<string>().Should().Contain(handedOver);

        using var successor = await admin.PutAsJsonAsync(new Uri("/api/grid-workers/successor-1", UriKind.Relative),
            new { name = "李明", phone = "13912345678", grids = new[] { handedOver } });
        successor.StatusCode.Should().Be(HttpStatusCode.Created);
        (await successor.Content.ReadFromJsonAsync<JsonObject>())!["phone"]!.GetValue<string>().Should().Be("139****5678");
        using var accepted = await admin.PutAsJsonAsync(new Uri($"/api/grid-workers/{worker.Id}", UriKind.Relative), new { grids = new[] { kept } });
        accepted.StatusCode.Should().Be(HttpStatusCode.OK);

        var stored = await Roster.ReadAsync();
        stored.Roster().ActiveWorkersOf(handedOver).Should().Equal("successor-1");
        stored.Roster().Uncovered(Map.Grids.Select(g => g.Code)).Should().BeEmpty();
        using var http = host.Factory.CreateRealClient();
        var signIn = await SignInAsync(http, worker.Id, null);
        (await signIn.Content.ReadFromJsonAsync<JsonObject>())!["user"]!["grids"]!.AsArray().Select(g => g!.GetValue<string>())
            .Should().Equal(kept);
        (await AuditAsync()).Should().Contain(r => r.Entry.Action == "roster.assign" && r.Entry.Target == worker.Id && r.Entry.Outcome == Domain.Audit.AuditOutcome.Denied)
            .And.Contain(r => r.Entry.Action == "roster.assign" && r.Entry.Target == "successor-1" && r.Entry.Outcome == Domain.Audit.AuditOutcome.Success);
    }

    [Fact]
    public async Task An_inactive_worker_on_the_roster_cannot_sign_in_as_a_grid_worker()
    {
        using var admin = await host.Factory.ClientAsAsync(Roles.Administrator);
        var grid = Map.Grids[40].Code;
        (await admin.PutAsJsonAsync(new Uri("/api/grid-workers/leaving-1", UriKind.Relative), new { name = "赵刚", phone = "13700000001", grids = new[] { grid } }))
            .StatusCode.Should().Be(HttpStatusCode.Created);
        (await admin.PutAsJsonAsync(new Uri("/api/grid-workers/leaving-1", UriKind.Relative), new { grids = new[] { grid }, active = false }))
            .StatusCode.Should().Be(HttpStatusCode.OK, "the grid keeps its demo worker");

        using var http = host.Factory.CreateRealClient();
        var response = await SignInAsync(http, "leaving-1", [grid]);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["user"].Should().NotBeNull();
    }

    private static Task<HttpResponseMessage> SignInAsync(HttpClient http, string user, string[]? grids) =>
        http.PostAsJsonAsync(new Uri("/api/auth/dev-sign-in", UriKind.Relative),
            new { user, role = Roles.GridWorker, grids, password = SignIn.Password });
}
