using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hanan.Ops.Host.Security;
using Hanan.Ops.Host.Tests.Security;
using Hanan.Ops.Storage.Tests;

namespace Hanan.Ops.Host.Tests.Appeals;

/// <summary>What the supervision monitor reads from the case list: the 75% warning instant and pending extensions.</summary>
public sealed class SupervisionListTests(EmbeddedHost host) : IClassFixture<EmbeddedHost>
{
    [Fact]
    public async Task List_items_carry_the_warning_instant_and_whether_an_extension_waits_for_a_decision()
    {
        using var client = await host.Factory.ClientAsAsync(Roles.Supervision, "sup-1");
        var receipt = await FileAppeal.Async(host.Factory, host.Client, "road-damage", 44);
        var id = receipt["caseId"]!.GetValue<string>();
        var lead = receipt["leadBureau"]!.GetValue<string>();
        using var officer = await host.Factory.ClientAsAsync(Roles.Officer, "officer-2", lead);
        (await officer.PostAsJsonAsync(new Uri($"/api/cases/{id}/claim", UriKind.Relative), new { bureauId = lead, officerId = "officer-2" })).EnsureSuccessStatusCode();
        (await officer.PostAsJsonAsync(new Uri($"/api/cases/{id}/extension-requests", UriKind.Relative),
            new { bureauId = lead, officerId = "officer-2", reason = "等待沥青供应", extra = "2wd" })).EnsureSuccessStatusCode();
        var deadlines = (await client.GetFromJsonAsync<JsonObject>(new Uri($"/api/cases/{id}", UriKind.Relative)))!["deadlines"]!;

        JsonObject? item = null;
        await Eventually.HoldsAsync(async () =>
        {
            var page = await client.GetFromJsonAsync<JsonObject>(new Uri("/api/cases?extensionPending=true", UriKind.Relative));
            item = page!["items"]!.AsArray().SingleOrDefault(i => i!["id"]!.GetValue<string>() == id)?.AsObject();
            return item is not null;
        }, TimeSpan.FromSeconds(10), "the pending extension reaches the read model");

        item!["extensionPending"]!.GetValue<bool>().Should().BeTrue();
        item["resolveWarningAt"]!.GetValue<DateTimeOffset>().Should().Be(deadlines["resolveWarningAt"]!.GetValue<DateTimeOffset>());
        var without = await client.GetFromJsonAsync<JsonObject>(new Uri("/api/cases?extensionPending=false", UriKind.Relative));
        without!["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).Should().NotContain(id);

        (await client.PostAsJsonAsync(new Uri($"/api/cases/{id}/extension-decision", UriKind.Relative), new { supervisorId = "sup-1", approve = true }))
            .EnsureSuccessStatusCode();
        await Eventually.HoldsAsync(async () =>
        {
            var page = await client.GetFromJsonAsync<JsonObject>(new Uri("/api/cases?extensionPending=true", UriKind.Relative));
            return page!["items"]!.AsArray().All(i => i!["id"]!.GetValue<string>() != id);
        }, TimeSpan.FromSeconds(10), "the decided extension leaves the pending list");
    }

    [Fact]
    public async Task An_unreadable_extensionPending_is_a_400_naming_it()
    {
        var response = await host.Dispatcher.GetAsync(new Uri("/api/cases?extensionPending=perhaps", UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).Should().Contain("\"extensionPending\"");
    }
}
