using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hanan.Ops.Domain.Geography;
using Hanan.Ops.Host.Security;
using Hanan.Ops.Host.Tests.Live;
using Hanan.Ops.Host.Tests.Security;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Hanan.Ops.Host.Tests.Appeals;

/// <summary>
/// One projection of a case per audience, on the server, over HTTP and over real SignalR clients: the citizen, the lead
/// and the co-handling bureau, a grid worker, oversight and the wall. The case is a school-safety appeal (lead 区教育局,
/// co-handler 区公安分局); the lead's officer writes an internal note with a marker that only the lead bureau and
/// oversight may ever receive.
/// </summary>
public sealed class CaseAudienceTests(EmbeddedHost host) : IClassFixture<EmbeddedHost>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private static Uri Case(string id, string action = "") => new($"/api/cases/{id}{(action.Length > 0 ? "/" + action : "")}", UriKind.Relative);

    [Fact]
    public async Task A_citizen_following_their_case_while_an_officer_writes_an_internal_note_receives_only_public_progress()
    {
        var f = host.Factory;
        // The marker is ASCII, so it is found in JSON text whatever escaping the serializer applies to Chinese.
        var marker = "N" + Guid.NewGuid().ToString("N")[..10];
        var secret = "内部核查 " + marker;
        using var citizen = await f.ClientAsAsync(Roles.Citizen, "citizen-follow");
        var id = (await FileAppeal.Async(f, citizen, "school-safety", 21))["caseId"]!.GetValue<string>();
        await using var follower = await LiveClient.ConnectAsync(f.BaseAddress, await f.TokenAsync(Roles.Citizen, "citizen-follow"));
        await follower.Connection.InvokeAsync("FollowCase", Guid.Parse(id));
        using var officer = await f.ClientAsAsync(Roles.Officer, "officer-edu-7", bureau: "education");

        (await officer.PostAsJsonAsync(Case(id, "claim"), new { })).StatusCode.Should().Be(HttpStatusCode.OK);
        (await officer.PostAsJsonAsync(Case(id, "notes"), new { text = secret, @public = false })).StatusCode.Should().Be(HttpStatusCode.OK);
        (await officer.PostAsJsonAsync(Case(id, "notes"), new { text = "已安排人员到校门口巡查", @public = true })).StatusCode.Should().Be(HttpStatusCode.OK);

        var claimed = await follower.NextAsync(m => m["action"]!.GetValue<string>() == "claimed", Wait, "the citizen hears of the claim");
        var note = await follower.NextAsync(m => m["action"]!.GetValue<string>() == "updated", Wait, "the citizen hears that the case changed");
        var progress = await follower.NextAsync(m => m["action"]!.GetValue<string>() == "progress", Wait, "the citizen hears the progress");
        claimed["who"]!.GetValue<string>().Should().Be("区教育局 经办人");
        claimed["description"]!.GetValue<string>().Should().Be("区教育局已签收，正在办理");
        note["description"].Should().BeNull("an internal entry reaches the citizen as a bare change");
        note["who"].Should().BeNull();
        progress["description"]!.GetValue<string>().Should().Contain("已安排人员到校门口巡查");
        foreach (var message in new[] { claimed, note, progress })
        {
            var json = message.ToJsonString();
            json.Should().NotContain(marker).And.NotContain("officer-edu-7");
            message.ContainsKey("case").Should().BeFalse("the citizen gets no staff row");
            message.ContainsKey("bureaus").Should().BeFalse();
        }

        var view = (await citizen.GetFromJsonAsync<JsonObject>(Case(id)))!;
        var text = view.ToJsonString();
        text.Should().NotContain(marker).And.NotContain("officer-edu-7").And.NotContain("public-security");
        view.ContainsKey("assignments").Should().BeFalse();
        view["timeline"]!.AsArray().Select(e => e!["action"]!.GetValue<string>()).Should().Equal("filed", "claimed", "progress");
        view["timeline"]!.AsArray().Select(e => e!["who"]!.GetValue<string>()).Should().Equal("诉求人", "区教育局 经办人", "区教育局 经办人");
        view["handlingUnit"]!.GetValue<string>().Should().Be("区教育局");
    }

    [Fact]
    public async Task Each_staff_audience_gets_the_note_as_its_role_allows_over_HTTP_and_over_the_hub()
    {
        var f = host.Factory;
        // The marker is ASCII, so it is found in JSON text whatever escaping the serializer applies to Chinese.
        var marker = "N" + Guid.NewGuid().ToString("N")[..10];
        var secret = "内部核查 " + marker;
        var grid = f.Services.GetRequiredService<DistrictMap>().Grids[22];
        var id = (await FileAppeal.Async(f, host.Client, "school-safety", 22))["caseId"]!.GetValue<string>();
        using var lead = await f.ClientAsAsync(Roles.Officer, "officer-edu-8", bureau: "education");
        using var co = await f.ClientAsAsync(Roles.Officer, "officer-ps-3", bureau: "public-security");
        using var gridWorker = await f.ClientAsAsync(Roles.GridWorker, "grid-worker-22", grids: [grid.Code]);
        using var supervision = await f.ClientAsAsync(Roles.Supervision, "supervisor-1");

        await using var leadLive = await Joined(f, Roles.Officer, "officer-edu-9", "education", c => c.InvokeAsync("JoinBureau", "education"));
        await using var coLive = await Joined(f, Roles.Officer, "officer-ps-4", "public-security", c => c.InvokeAsync("JoinBureau", "public-security"));
        await using var coFollower = await Joined(f, Roles.Officer, "officer-ps-5", "public-security", c => c.InvokeAsync("FollowCase", Guid.Parse(id)));
        await using var gridFollower = await Joined(f, Roles.GridWorker, "grid-worker-22b", null, c => c.InvokeAsync("FollowCase", Guid.Parse(id)), [grid.Code]);
        await using var supervisionLive = await Joined(f, Roles.Supervision, "supervisor-2", null, c => c.InvokeAsync("JoinSupervision"));
        await using var wall = await Joined(f, Roles.Dispatcher, "dispatcher-wall", null, c => c.InvokeAsync("JoinWall"));

        (await co.PostAsJsonAsync(Case(id, "claim"), new { })).StatusCode.Should().Be(HttpStatusCode.OK);
        (await lead.PostAsJsonAsync(Case(id, "claim"), new { })).StatusCode.Should().Be(HttpStatusCode.OK);
        var answered = await lead.PostAsJsonAsync(Case(id, "notes"), new { text = secret, @public = false });

        answered.StatusCode.Should().Be(HttpStatusCode.OK);
        (await answered.Content.ReadAsStringAsync()).Should().Contain(marker, "the writing bureau sees its own note");
        bool IsNote(JsonObject m) => m["caseId"]!.GetValue<string>() == id && m["action"]!.GetValue<string>() == "note";
        (await leadLive.NextAsync(IsNote, Wait, "the lead bureau's console")).ToJsonString().Should().Contain(marker);
        (await supervisionLive.NextAsync(IsNote, Wait, "the supervision monitor")).ToJsonString().Should().Contain(marker);
        foreach (var (client, who) in new[] { (coLive, "the co-handler's console"), (coFollower, "a co-handler following the case"), (gridFollower, "a grid worker following the case"), (wall, "the wall") })
        {
            var message = await client.NextAsync(IsNote, Wait, who);
            message.ToJsonString().Should().NotContain(marker, who + " never receives another bureau's internal note");
            message["description"]!.GetValue<string>().Should().Be("区教育局内部办理记录");
        }

        var coView = (await co.GetFromJsonAsync<JsonObject>(Case(id)))!;
        coView.ToJsonString().Should().NotContain(marker).And.NotContain("officer-edu-8");
        var assignments = coView["assignments"]!.AsArray();
        assignments.Single(a => a!["bureauId"]!.GetValue<string>() == "public-security")!["claimedBy"]!.GetValue<string>().Should().Be("officer-ps-3");
        assignments.Single(a => a!["bureauId"]!.GetValue<string>() == "education")!["claimedBy"].Should().BeNull("another bureau's officer is not named");
        coView["timeline"]!.AsArray().Should().Contain(e => e!["actor"]!["id"]!.GetValue<string>() == "区教育局 经办人");
        var gridView = (await gridWorker.GetFromJsonAsync<JsonObject>(Case(id)))!.ToJsonString();
        gridView.Should().NotContain(marker).And.NotContain("officer-edu-8").And.NotContain("officer-ps-3");
        (await supervision.GetStringAsync(Case(id))).Should().Contain(marker).And.Contain("officer-edu-8");
    }

    [Fact]
    public async Task A_bureaus_live_message_carries_its_own_assignment_so_its_console_need_not_read_the_case_again()
    {
        var f = host.Factory;
        var id = (await FileAppeal.Async(f, host.Client, "school-safety", 23))["caseId"]!.GetValue<string>();
        await using var coLive = await Joined(f, Roles.Officer, "officer-ps-6", "public-security", c => c.InvokeAsync("JoinBureau", "public-security"));
        using var co = await f.ClientAsAsync(Roles.Officer, "officer-ps-7", bureau: "public-security");
        using var lead = await f.ClientAsAsync(Roles.Officer, "officer-edu-10", bureau: "education");

        (await co.PostAsJsonAsync(Case(id, "claim"), new { })).StatusCode.Should().Be(HttpStatusCode.OK);
        (await lead.PostAsJsonAsync(Case(id, "claim"), new { })).StatusCode.Should().Be(HttpStatusCode.OK);

        var own = await coLive.NextAsync(m => m["caseId"]!.GetValue<string>() == id && m["action"]!.GetValue<string>() == "claimed"
            && m["case"]!["assignments"]!.AsArray().Any(a => a!["bureauId"]!.GetValue<string>() == "public-security" && a["claimedBy"]?.GetValue<string>() == "officer-ps-7"),
            Wait, "the co-handler's own claim, with its officer, in the message");
        var others = await coLive.NextAsync(m => m["caseId"]!.GetValue<string>() == id && m["version"]!.GetValue<long>() > own["version"]!.GetValue<long>(),
            Wait, "the lead's claim");
        var row = others["case"]!.AsObject();
        row["assignments"]!.AsArray().Single(a => a!["bureauId"]!.GetValue<string>() == "education")!["status"]!.GetValue<string>().Should().Be("Claimed");
        row["assignments"]!.AsArray().Single(a => a!["bureauId"]!.GetValue<string>() == "education")!["claimedBy"].Should().BeNull();
        row["resolveDue"].Should().NotBeNull();
        row["resolveWarningAt"].Should().NotBeNull();
        others.ToJsonString().Should().NotContain("officer-edu-10");
    }

    [Fact]
    public async Task Following_a_case_outside_ones_scope_is_refused()
    {
        var f = host.Factory;
        var id = (await FileAppeal.Async(f, host.Client, "school-safety", 24))["caseId"]!.GetValue<string>();
        await using var stranger = await LiveClient.ConnectAsync(f.BaseAddress, await f.TokenAsync(Roles.Citizen, "citizen-stranger"));
        await using var otherBureau = await LiveClient.ConnectAsync(f.BaseAddress, await f.TokenAsync(Roles.Officer, "officer-eco", bureau: "ecology"));

        await stranger.Invoking(c => c.Connection.InvokeAsync("FollowCase", Guid.Parse(id))).Should().ThrowAsync<HubException>();
        await otherBureau.Invoking(c => c.Connection.InvokeAsync("FollowCase", Guid.Parse(id))).Should().ThrowAsync<HubException>();
    }

    private static async Task<LiveClient> Joined(DistrictHostFactory f, string role, string user, string? bureau, Func<HubConnection, Task> join,
        IReadOnlyList<string>? grids = null)
    {
        var client = await LiveClient.ConnectAsync(f.BaseAddress, await f.TokenAsync(role, user, bureau: bureau, grids: grids));
        await join(client.Connection);
        return client;
    }
}
