using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hanan.Ops.Host.Security;

namespace Hanan.Ops.Host.Tests.Residents;

public sealed class DutyEndpointsTests(SeededHost host) : IClassFixture<SeededHost>
{
    private static readonly string[] Disability = ["disability"];
    private static readonly string[] UnknownTag = ["rich"];
    private static readonly string[] UnknownGrid = ["230108999999999"];

    [Fact]
    public async Task A_visit_changes_tags_and_phone_and_the_answer_masks_the_phone()
    {
        var resident = host.FirstHouseholds[2].Members[0];
        using var worker = await host.WorkerAsync("worker-5", resident.GridCode);

        var response = await worker.PostAsJsonAsync($"/api/residents/{resident.Id}/visits",
            new { visitedBy = "someone-else", notes = "行动不便", addTags = Disability, phone = "13912345678" });

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var text = await response.Content.ReadAsStringAsync();
        text.Should().NotContain("13912345678");
        var body = JsonNode.Parse(text)!;
        body["phone"]!.GetValue<string>().Should().Be("139****5678");
        body["tags"]!.AsArray().Select(t => t!.GetValue<string>()).Should().Contain("disability");
        var history = await worker.GetFromJsonAsync<JsonArray>($"/api/residents/{resident.Id}/history");
        history!.Single()!["kind"]!.GetValue<string>().Should().Be("visit");
        history!.Single()!["recordedBy"]!.GetValue<string>().Should().Be("worker-5", "the visitor is the signed-in worker, not a name in the body");
        history!.ToJsonString().Should().NotContain("13912345678");
    }

    [Fact]
    public async Task A_bad_visit_is_a_400_naming_each_field()
    {
        var resident = host.FirstHouseholds[3].Members[0];
        using var worker = await host.WorkerAsync("worker-6", resident.GridCode);

        var response = await worker.PostAsJsonAsync($"/api/residents/{resident.Id}/visits",
            new { notes = new string('记', Domain.Population.DutyRules.MaxNotesLength + 1), addTags = UnknownTag, phone = "12345" });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().Select(e => e.Key)
            .Should().BeEquivalentTo("notes", "addTags", "phone");
    }

    [Fact]
    public async Task A_notice_to_a_grid_counts_its_residents_and_their_reads()
    {
        var household = host.FirstHouseholds[0];
        var grid = household.GridCode;
        var people = host.Population.Households().Where(h => h.GridCode == grid).Sum(h => h.Members.Count);
        using var worker = await host.WorkerAsync("worker-1", grid);

        var sent = await worker.PostAsJsonAsync("/api/notices",
            new { title = "停水通知", body = "明日9时至17时停水检修。", gridCodes = new[] { grid }, sentBy = "someone-else" });
        sent.StatusCode.Should().Be(HttpStatusCode.Created);
        var notice = (await sent.Content.ReadFromJsonAsync<JsonObject>())!;
        notice["recipients"]!.GetValue<int>().Should().Be(people);
        notice["sentBy"]!.GetValue<string>().Should().Be("worker-1");
        var id = notice["id"]!.GetValue<Guid>();

        var read = await worker.PostAsJsonAsync($"/api/notices/{id}/receipts", new { residentId = household.Members[0].Id, read = true });
        read.StatusCode.Should().Be(HttpStatusCode.OK);
        var after = (await read.Content.ReadFromJsonAsync<JsonObject>())!;
        (after["received"]!.GetValue<int>(), after["read"]!.GetValue<int>()).Should().Be((1, 1));

        var stranger = await worker.PostAsJsonAsync($"/api/notices/{id}/receipts", new { residentId = Guid.NewGuid(), read = true });
        (await stranger.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["residentId"].Should().NotBeNull();
        var bad = await worker.PostAsJsonAsync("/api/notices", new { title = "x", body = "y", gridCodes = UnknownGrid });
        (await bad.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["gridCodes"].Should().NotBeNull();
    }

    [Fact]
    public async Task A_grid_worker_as_supervisor_rates_a_bureau_in_their_grid_and_the_supervision_bureau_reads_it()
    {
        var grid = host.FirstHouseholds[0].GridCode;
        using var worker = await host.WorkerAsync("worker-rater", grid);
        using var supervision = await host.AsAsync(Roles.Supervision, "supervision-1");

        var rated = await worker.PostAsJsonAsync($"/api/grids/{grid}/bureau-ratings", new { bureauId = "urban-management", score = 4 });
        rated.StatusCode.Should().Be(HttpStatusCode.Created);
        var summary = await supervision.GetFromJsonAsync<JsonArray>($"/api/grids/{grid}/bureau-ratings");
        summary!.Single()!["meanScore"]!.GetValue<double>().Should().Be(4);

        var bad = await worker.PostAsJsonAsync($"/api/grids/{grid}/bureau-ratings", new { bureauId = "nobody", score = 9 });
        (await bad.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().Select(e => e.Key).Should().BeEquivalentTo("bureauId", "score");
    }
}
