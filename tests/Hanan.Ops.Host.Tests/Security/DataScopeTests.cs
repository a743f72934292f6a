using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hanan.Ops.Domain.Geography;
using Hanan.Ops.Host.Security;
using Hanan.Ops.Storage.Tests;
using Microsoft.Extensions.DependencyInjection;

namespace Hanan.Ops.Host.Tests.Security;

/// <summary>Data scopes: own bureau, own grids, own appeals; the acting person from the token; masked and audited personal data.</summary>
public sealed class DataScopeTests(EmbeddedHost host) : IClassFixture<EmbeddedHost>
{
    private static Uri Case(string id, string action = "") => new($"/api/cases/{id}{(action.Length > 0 ? "/" + action : "")}", UriKind.Relative);

    /// <summary>A sanitation appeal (lead bureau urban-management) in grid 21, with a contact, filed by the given client.</summary>
    private async Task<string> FileAsync(HttpClient filer, string phone = "13812345678")
    {
        var point = host.Factory.Services.GetRequiredService<DistrictMap>().Grids[21].LabelPoint;
        var response = await filer.PostAsJsonAsync(new Uri("/api/appeals", UriKind.Relative), new
        {
            category = "sanitation",
            description = "垃圾桶满溢，无人清运。",
            latitude = point.Y,
            longitude = point.X,
            idempotencyKey = Guid.NewGuid().ToString(),
            contact = new { name = "王女士", phone },
        });
        response.StatusCode.Should().Be(HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["caseId"]!.GetValue<string>();
    }

    [Fact]
    public async Task An_officer_sees_and_acts_on_the_cases_of_their_own_bureau_only()
    {
        var id = await FileAsync(host.Client);
        using var own = await host.Factory.ClientAsAsync(Roles.Officer, "officer-own", bureau: "urban-management");
        using var other = await host.Factory.ClientAsAsync(Roles.Officer, "officer-other", bureau: "education");

        (await own.GetAsync(Case(id))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await other.GetAsync(Case(id))).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await other.PostAsJsonAsync(Case(id, "claim"), new { })).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await other.GetAsync(new Uri("/api/cases?bureau=urban-management", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await other.GetAsync(new Uri("/api/bureaus/urban-management/queue", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var school = (await Appeals.FileAppeal.Async(host.Factory, host.Client, "school-safety", 50))["caseId"]!.GetValue<string>();
        JsonArray listed = [];
        await Eventually.HoldsAsync(async () =>
        {
            listed = (await other.GetFromJsonAsync<JsonObject>(new Uri("/api/cases?limit=500", UriKind.Relative)))!["items"]!.AsArray();
            return listed.Any(c => c!["id"]!.GetValue<string>() == school);
        }, TimeSpan.FromSeconds(10), "the education officer's list shows the school case");
        listed.Should().OnlyContain(c => c!["assignments"]!.AsArray().Any(a => a!["bureauId"]!.GetValue<string>() == "education"),
            "an officer's list is their bureau's cases");
        listed.Should().NotContain(c => c!["id"]!.GetValue<string>() == id);
    }

    [Fact]
    public async Task The_acting_officer_and_bureau_come_from_the_token_not_the_body()
    {
        var id = await FileAsync(host.Client);
        using var officer = await host.Factory.ClientAsAsync(Roles.Officer, "officer-7");

        var claimed = await officer.PostAsJsonAsync(Case(id, "claim"), new { officerId = "officer-99" });
        var forOtherBureau = await officer.PostAsJsonAsync(Case(id, "notes"), new { bureauId = "education", text = "代为处理" });

        claimed.StatusCode.Should().Be(HttpStatusCode.OK);
        (await claimed.Content.ReadFromJsonAsync<JsonObject>())!["assignments"]!.AsArray()
            .Single(a => a!["bureauId"]!.GetValue<string>() == "urban-management")!["claimedBy"]!.GetValue<string>().Should().Be("officer-7");
        forOtherBureau.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        forOtherBureau.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }

    [Fact]
    public async Task A_citizen_sees_and_rates_only_their_own_appeals()
    {
        using var alice = await host.Factory.ClientAsAsync(Roles.Citizen, "citizen-alice");
        using var bob = await host.Factory.ClientAsAsync(Roles.Citizen, "citizen-bob");
        var hers = await FileAsync(alice);
        var anonymous = await FileAsync(host.Client);

        var seen = await alice.GetFromJsonAsync<JsonObject>(Case(hers));
        seen!["number"].Should().NotBeNull("the filer reads their own appeal");
        var traced = await host.Dispatcher.GetFromJsonAsync<JsonObject>(Case(hers));
        traced!["timeline"]![0]!["actor"]!["id"]!.GetValue<string>().Should().Be("citizen-alice", "an appeal filed while signed in is bound to the citizen");
        (await bob.GetAsync(Case(hers))).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await bob.PostAsJsonAsync(Case(hers, "rating"), new { level = 1 })).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await alice.GetAsync(Case(anonymous))).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_grid_worker_sees_the_cases_of_their_grids_only()
    {
        var id = await FileAsync(host.Client);
        var grids = host.Factory.Services.GetRequiredService<DistrictMap>().Grids;
        using var mine = await host.Factory.ClientAsAsync(Roles.GridWorker, "grid-21", grids: [grids[21].Code]);
        using var elsewhere = await host.Factory.ClientAsAsync(Roles.GridWorker, "grid-22", grids: [grids[22].Code]);

        (await mine.GetAsync(Case(id))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await elsewhere.GetAsync(Case(id))).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_phone_is_masked_and_revealing_it_takes_a_reason_and_leaves_an_audit_record()
    {
        var id = await FileAsync(host.Client, phone: "13912345678");
        using var officer = await host.Factory.ClientAsAsync(Roles.Officer, "officer-reveal");
        using var auditor = await host.Factory.ClientAsAsync(Roles.Auditor, "auditor-1");

        var view = await officer.GetFromJsonAsync<JsonObject>(Case(id));
        var noReason = await officer.PostAsJsonAsync(Case(id, "contact-reveal"), new { reason = " " });
        var revealed = await officer.PostAsJsonAsync(Case(id, "contact-reveal"), new { reason = "电话回访核实处理结果" });

        view!["contact"]!["phone"]!.GetValue<string>().Should().Be("139****5678");
        noReason.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        revealed.StatusCode.Should().Be(HttpStatusCode.OK);
        (await revealed.Content.ReadFromJsonAsync<JsonObject>())!["phone"]!.GetValue<string>().Should().Be("13912345678");
        var records = await AuditRecordsAsync(auditor);
        records.Should().Contain(r => r["entry"]!["action"]!.GetValue<string>() == "case.contact-reveal" && r["entry"]!["actor"]!.GetValue<string>() == "officer-reveal"
            && r["entry"]!["role"]!.GetValue<string>() == "officer" && r["entry"]!["target"]!.GetValue<string>() == id
            && r["entry"]!["detail"]!.GetValue<string>() == "电话回访核实处理结果" && r["entry"]!["outcome"]!.GetValue<string>() == "Success"
            && r["entry"]!["source"]!.GetValue<string>().Length > 0);
        records.Should().Contain(r => r["entry"]!["action"]!.GetValue<string>() == "case.view" && r["entry"]!["actor"]!.GetValue<string>() == "officer-reveal");
    }

    [Fact]
    public async Task Refused_access_and_sign_ins_are_in_the_audit_log_and_the_chain_verifies()
    {
        using var administrator = await host.Factory.ClientAsAsync(Roles.Administrator, "admin-1");
        using var auditor = await host.Factory.ClientAsAsync(Roles.Auditor, "auditor-2");

        (await administrator.GetAsync(new Uri("/api/audit/records", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await host.Client.GetAsync(new Uri("/api/cases", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        var records = await AuditRecordsAsync(auditor);
        records.Should().Contain(r => r["entry"]!["action"]!.GetValue<string>() == "access.denied" && r["entry"]!["actor"]!.GetValue<string>() == "admin-1"
            && r["entry"]!["role"]!.GetValue<string>() == "administrator" && r["entry"]!["outcome"]!.GetValue<string>() == "Denied");
        records.Should().Contain(r => r["entry"]!["action"]!.GetValue<string>() == "access.denied" && r["entry"]!["actor"]!.GetValue<string>() == "anonymous");
        records.Should().Contain(r => r["entry"]!["action"]!.GetValue<string>() == "auth.sign-in" && r["entry"]!["actor"]!.GetValue<string>() == "admin-1");
        var verification = await auditor.GetFromJsonAsync<JsonObject>(new Uri("/api/audit/verify", UriKind.Relative));
        verification!["isIntact"]!.GetValue<bool>().Should().BeTrue();
    }

    internal static async Task<List<JsonObject>> AuditRecordsAsync(HttpClient auditor)
    {
        var all = new List<JsonObject>();
        var uri = "/api/audit/records?limit=1000";
        while (true)
        {
            var page = await auditor.GetFromJsonAsync<JsonObject>(new Uri(uri, UriKind.Relative));
            all.AddRange(page!["items"]!.AsArray().Select(i => i!.AsObject()));
            if (page["next"] is null)
            {
                return all;
            }

            uri = $"/api/audit/records?limit=1000&cursor={Uri.EscapeDataString(page["next"]!.GetValue<string>())}";
        }
    }
}
