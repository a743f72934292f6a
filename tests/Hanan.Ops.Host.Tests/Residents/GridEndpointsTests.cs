using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hanan.Ops.Domain.Population;
using Hanan.Ops.Host.Security;

namespace Hanan.Ops.Host.Tests.Residents;

public sealed class GridEndpointsTests(SeededHost host) : IClassFixture<SeededHost>
{
    [Fact]
    public async Task The_live_figures_of_a_grid_match_its_demo_population()
    {
        var grid = host.Population.Places[^1].GridCode;
        var households = host.Population.Households().Where(h => h.GridCode == grid).ToList();
        var people = households.SelectMany(h => h.Members).ToList();
        using var worker = await host.WorkerAsync("worker-figures", grid);

        var figures = await worker.GetFromJsonAsync<JsonObject>($"/api/grids/{grid}/figures");

        figures!["gridCode"]!.GetValue<string>().Should().Be(grid);
        figures["population"]!.GetValue<int>().Should().Be(people.Count);
        figures["registered"]!.GetValue<int>().Should().Be(people.Count(p => p.Registration == Registration.Registered));
        figures["floating"]!.GetValue<int>().Should().Be(people.Count(p => p.Registration == Registration.Floating));
        figures["specialGroups"]!.GetValue<int>().Should().Be(people.Count(p => (p.Tags & ResidentTagRules.SpecialGroups) != 0));
        figures["households"]!.GetValue<int>().Should().Be(households.Count);
        figures["places"]!.GetValue<int>().Should().Be(host.Population.Places.Count(p => p.GridCode == grid));
        figures["things"]!.GetValue<int>().Should().Be(host.Population.Components.Count(c => c.GridCode == grid));
        figures["organisations"]!.GetValue<int>().Should().Be(host.Population.LegalPersons.Count(l => l.GridCode == grid));
    }

    [Fact]
    public async Task The_statistics_of_a_grid_come_from_the_base_data()
    {
        var grid = host.Population.Places[0].GridCode;
        var people = host.Population.Households().Where(h => h.GridCode == grid).SelectMany(h => h.Members).ToList();
        using var leader = await host.AsAsync(Roles.Leader, "leader-1");

        var body = await leader.GetFromJsonAsync<JsonObject>($"/api/grids/{grid}");

        body!["code"]!.GetValue<string>().Should().Be(grid);
        body["name"]!.GetValue<string>().Should().NotBeNullOrEmpty();
        var statistics = body["statistics"]!;
        statistics["residents"]!.GetValue<int>().Should().Be(people.Count);
        statistics["ageBands"]!.AsObject().Sum(b => b.Value!.GetValue<int>()).Should().Be(people.Count);
        statistics["male"]!.GetValue<int>().Should().Be(people.Count(p => p.Sex == Domain.Identity.Sex.Male));
    }

    [Theory]
    [InlineData("12345", HttpStatusCode.BadRequest)]
    [InlineData("23010800100100X", HttpStatusCode.BadRequest)]
    [InlineData("230108999999999", HttpStatusCode.NotFound)]
    public async Task A_bad_or_unknown_grid_code_is_refused(string code, HttpStatusCode status)
    {
        using var dispatcher = await host.AsAsync(Roles.Dispatcher, "dispatcher-1");

        var response = await dispatcher.GetAsync($"/api/grids/{code}/figures");

        response.StatusCode.Should().Be(status);
        if (status == HttpStatusCode.BadRequest)
        {
            (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["code"].Should().NotBeNull();
        }
    }

    [Fact]
    public async Task A_grid_workers_situation_report_is_stored_and_counted()
    {
        var grid = host.Population.Places[100].GridCode;
        using var worker = await host.WorkerAsync("worker-7", grid);
        using var dispatcher = await host.AsAsync(Roles.Dispatcher, "dispatcher-1");

        var response = await worker.PostAsJsonAsync($"/api/grids/{grid}/situations",
            new { kind = "safety", description = "3号楼楼道堆放杂物，存在消防隐患", reportedBy = "someone-else" });

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        (await worker.GetFromJsonAsync<JsonObject>($"/api/grids/{grid}/figures"))!["situations"]!.GetValue<int>().Should().Be(1);
        var list = await dispatcher.GetFromJsonAsync<JsonArray>($"/api/grids/{grid}/situations");
        list!.Single()!["reportedBy"]!.GetValue<string>().Should().Be("worker-7", "the reporter is the signed-in worker, not a name in the body");

        var bad = await worker.PostAsJsonAsync($"/api/grids/{grid}/situations", new { kind = "", description = new string('x', Grids.GridEndpoints.MaxDescriptionLength + 1) });
        var errors = (await bad.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        errors.Select(e => e.Key).Should().BeEquivalentTo("kind", "description");
    }

    [Fact]
    public async Task The_base_data_endpoints_are_in_the_OpenAPI_document()
    {
        var document = await host.Client.GetFromJsonAsync<JsonObject>("/openapi/v1.json");

        document!["paths"]!.AsObject().Select(p => p.Key).Should().Contain(
        [
            "/api/residents/lookup", "/api/residents", "/api/residents/{id}", "/api/residents/{id}/moves", "/api/legal-persons/{code}",
            "/api/grids/{code}/figures", "/api/grids/{code}", "/api/grids/{code}/situations",
        ]);
    }
}
