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
        using var worker = await host.WorkerAsync("worker-4", resident.GridCode);

        var accepted = await worker.PostAsJsonAsync("/api/errands",
            new { residentId = resident.Id, kind = "社保认证", description = "代为办理养老金资格认证", agent = "someone-else" });
        accepted.StatusCode.Should().Be(HttpStatusCode.Created);
        var id = (await accepted.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>();
        (await worker.PostAsJsonAsync($"/api/errands/{id}/steps", new { action = "progress", by = "someone-else", note = "已预约" })).StatusCode.Should().Be(HttpStatusCode.OK);
        var done = await worker.PostAsJsonAsync($"/api/errands/{id}/steps", new { action = "complete", note = "认证完成" });

        var errand = (await done.Content.ReadFromJsonAsync<JsonObject>())!;
        errand["gridCode"]!.GetValue<string>().Should().Be(resident.GridCode);
        errand["agent"]!.GetValue<string>().Should().Be("worker-4", "the agent is the signed-in worker, not a name in the body");
        errand["trace"]!.AsArray().Select(t => t!["action"]!.GetValue<string>()).Should().Equal("accepted", "progress", "complete");
        (await worker.GetFromJsonAsync<JsonObject>($"/api/errands/{id}"))!["trace"]!.AsArray().Should().HaveCount(3);
        (await worker.PostAsJsonAsync($"/api/errands/{id}/steps", new { action = "cancel" })).StatusCode.Should().Be(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_bad_errand_or_step_is_a_400_naming_the_field()
    {
        var resident = host.FirstHouseholds[4].Members[0];
        using var worker = await host.WorkerAsync("worker-w", resident.GridCode);
        var bad = await worker.PostAsJsonAsync("/api/errands", new { residentId = Guid.NewGuid(), kind = "" });
        (await bad.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().Select(e => e.Key).Should().BeEquivalentTo("residentId", "kind", "description");

        var accepted = await worker.PostAsJsonAsync("/api/errands", new { residentId = resident.Id, kind = "代办", description = "代办" });
        var id = (await accepted.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>();
        var noResult = await worker.PostAsJsonAsync($"/api/errands/{id}/steps", new { action = "complete" });
        noResult.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await noResult.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["note"].Should().NotBeNull();
        var unknownAction = await worker.PostAsJsonAsync($"/api/errands/{id}/steps", new { action = "teleport" });
        unknownAction.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await unknownAction.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["action"].Should().NotBeNull();
        (await worker.PostAsJsonAsync($"/api/errands/{Guid.NewGuid()}/steps", new { action = "progress" })).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }
}
