using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Hanan.Ops.Host.Tests.Residents;

public sealed class ErrandEndpointsTests(SeededHost host) : IClassFixture<SeededHost>
{
    [Fact]
    public async Task An_errand_for_a_resident_is_traced_step_by_step()
    {
        var resident = host.FirstHouseholds[4].Members[0];

        var accepted = await host.Client.PostAsJsonAsync("/api/errands",
            new { residentId = resident.Id, kind = "社保认证", description = "代为办理养老金资格认证", agent = "worker-4" });
        accepted.StatusCode.Should().Be(HttpStatusCode.Created);
        var id = (await accepted.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>();
        (await host.Client.PostAsJsonAsync($"/api/errands/{id}/steps", new { action = "progress", by = "worker-4", note = "已预约" })).StatusCode.Should().Be(HttpStatusCode.OK);
        var done = await host.Client.PostAsJsonAsync($"/api/errands/{id}/steps", new { action = "complete", by = "worker-4", note = "认证完成" });

        var errand = (await done.Content.ReadFromJsonAsync<JsonObject>())!;
        errand["gridCode"]!.GetValue<string>().Should().Be(resident.GridCode);
        errand["trace"]!.AsArray().Select(t => t!["action"]!.GetValue<string>()).Should().Equal("accepted", "progress", "complete");
        (await host.Client.PostAsJsonAsync($"/api/errands/{id}/steps", new { action = "cancel", by = "worker-4" })).StatusCode.Should().Be(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_bad_errand_or_step_is_a_400_naming_the_field()
    {
        var bad = await host.Client.PostAsJsonAsync("/api/errands", new { residentId = Guid.NewGuid(), kind = "", agent = "w" });
        (await bad.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().Select(e => e.Key).Should().BeEquivalentTo("residentId", "kind", "description");

        var resident = host.FirstHouseholds[4].Members[0];
        var accepted = await host.Client.PostAsJsonAsync("/api/errands", new { residentId = resident.Id, kind = "代办", description = "代办", agent = "w" });
        var id = (await accepted.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>();
        var noResult = await host.Client.PostAsJsonAsync($"/api/errands/{id}/steps", new { action = "complete", by = "w" });
        noResult.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await noResult.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["note"].Should().NotBeNull();
        (await host.Client.PostAsJsonAsync($"/api/errands/{Guid.NewGuid()}/steps", new { action = "progress", by = "w" })).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }
}
