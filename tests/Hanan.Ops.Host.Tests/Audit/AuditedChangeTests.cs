using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hanan.Ops.Host.Security;
using Hanan.Ops.Host.Tests.Security;

namespace Hanan.Ops.Host.Tests.Audit;

/// <summary>
/// Every state-changing action leaves an audit record with its actor and outcome: fences and watchlists (布控), and
/// each action on a case (written in the case's own commit).
/// </summary>
public sealed class AuditedChangeTests(EmbeddedHost host) : IClassFixture<EmbeddedHost>
{
    [Fact]
    public async Task Fence_and_watchlist_changes_are_audited_with_their_outcome()
    {
        using var police = await host.Factory.ClientAsAsync(Roles.Police, "police-audit");
        using var auditor = await host.Factory.ClientAsAsync(Roles.Auditor, "auditor-changes");
        var fence = "audit-fence-" + Guid.NewGuid().ToString("N")[..6];
        var plate = "黑A" + Random.Shared.Next(10000, 99999);
        double[][] square = [[126.60, 45.60], [126.61, 45.60], [126.61, 45.61], [126.60, 45.61], [126.60, 45.60]];

        (await police.PutAsJsonAsync(new Uri($"/api/fences/{fence}", UriKind.Relative), new { name = "审计测试", ring = square })).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await police.PutAsJsonAsync(new Uri($"/api/fences/{fence}", UriKind.Relative), new { name = "审计测试", ring = square, onEnter = true })).StatusCode.Should().Be(HttpStatusCode.OK);
        (await police.DeleteAsync(new Uri($"/api/fences/{fence}", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NoContent);
        var plateUri = new Uri($"/api/police/watchlist/plates/{Uri.EscapeDataString(plate)}?reason={Uri.EscapeDataString("布控审批 7")}", UriKind.Relative);
        (await police.PutAsJsonAsync(plateUri, new { reason = "盗抢车辆" })).StatusCode.Should().Be(HttpStatusCode.OK);
        (await police.DeleteAsync(plateUri)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await police.DeleteAsync(plateUri)).StatusCode.Should().Be(HttpStatusCode.NotFound);

        var changes = (await DataScopeTests.AuditRecordsAsync(auditor))
            .Select(r => r["entry"]!.AsObject())
            .Where(e => e["actor"]!.GetValue<string>() == "police-audit" && e["action"]!.GetValue<string>() is var a && (a.StartsWith("fence.", StringComparison.Ordinal) || a.StartsWith("watchlist.", StringComparison.Ordinal)))
            .Select(e => (e["action"]!.GetValue<string>(), e["target"]!.GetValue<string>(), e["outcome"]!.GetValue<string>()))
            .ToList();
        changes.Should().Equal(
            ("fence.put", fence, "Failure"),
            ("fence.put", fence, "Success"),
            ("fence.delete", fence, "Success"),
            ("watchlist.plate.put", plate, "Success"),
            ("watchlist.plate.delete", plate, "Success"),
            ("watchlist.plate.delete", plate, "Failure"));
    }

    [Fact]
    public async Task Each_action_on_a_case_is_audited_by_its_actor()
    {
        using var citizen = await host.Factory.ClientAsAsync(Roles.Citizen, "citizen-audited");
        using var officer = await host.Factory.ClientAsAsync(Roles.Officer, "officer-audited", bureau: "market-regulation");
        using var auditor = await host.Factory.ClientAsAsync(Roles.Auditor, "auditor-cases");
        var id = (await Appeals.FileAppeal.Async(host.Factory, citizen, "food-safety", 300))["caseId"]!.GetValue<string>();
        async Task Act(HttpClient who, string action, object body) =>
            (await who.PostAsJsonAsync(new Uri($"/api/cases/{id}/{action}", UriKind.Relative), body)).StatusCode.Should().Be(HttpStatusCode.OK, action);

        await Act(officer, "claim", new { });
        await Act(officer, "unclaim", new { });
        await Act(officer, "claim", new { });
        await Act(officer, "notes", new { text = "内部核实", @public = false });
        await Act(officer, "resolve", new { summary = "已处理" });
        await Act(citizen, "rating", new { level = 4 });

        var records = await DataScopeTests.AuditRecordsAsync(auditor);
        var number = (await host.Dispatcher.GetFromJsonAsync<JsonObject>(new Uri($"/api/cases/{id}", UriKind.Relative)))!["number"]!.GetValue<string>();
        records.Select(r => r["entry"]!.AsObject())
            .Where(e => e["target"]?.GetValue<string>() == number && e["action"]!.GetValue<string>().StartsWith("case.", StringComparison.Ordinal))
            .Select(e => (e["action"]!.GetValue<string>(), e["actor"]!.GetValue<string>()))
            .Should().Equal(
                ("case.filed", "citizen-audited"),
                ("case.claimed", "officer-audited"),
                ("case.unclaimed", "officer-audited"),
                ("case.claimed", "officer-audited"),
                ("case.note", "officer-audited"),
                ("case.lead-resolved", "officer-audited"),
                ("case.rated", "citizen-audited"));
        records.Select(r => r.ToJsonString()).Should().NotContain(r => r.Contains("内部核实", StringComparison.Ordinal) || r.Contains("\\u5185\\u90E8\\u6838\\u5B9E", StringComparison.Ordinal),
            "the audit record names the action, never the words of the note");
    }
}
