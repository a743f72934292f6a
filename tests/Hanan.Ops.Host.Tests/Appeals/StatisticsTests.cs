using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hanan.Ops.Storage.Tests;

namespace Hanan.Ops.Host.Tests.Appeals;

public sealed class StatisticsTests
{
    [Fact]
    public async Task The_ranking_shows_the_three_rates_of_a_bureau_computed_from_its_cases()
    {
        await using var factory = new DistrictHostFactory();
        using var client = factory.CreateRealClient();
        var handled = (await FileAppeal.Async(factory, client, "sanitation"))["caseId"]!.GetValue<string>();
        await FileAppeal.Async(factory, client, "sanitation");
        async Task Do(string action, object body) =>
            (await client.PostAsJsonAsync(new Uri($"/api/cases/{handled}/{action}", UriKind.Relative), body)).StatusCode.Should().Be(HttpStatusCode.OK);
        await Do("claim", new { bureauId = "urban-management", officerId = "officer-1" });
        await Do("resolve", new { bureauId = "urban-management", officerId = "officer-1", summary = "已清运" });
        await Do("rating", new { citizenId = "citizen-1", level = 4 });

        JsonObject? row = null;
        await Eventually.HoldsAsync(async () =>
        {
            var ranking = await client.GetFromJsonAsync<JsonObject>(new Uri("/api/stats/bureaus", UriKind.Relative));
            row = ranking!["rows"]!.AsArray().Single(r => r!["code"]!.GetValue<string>() == "urban-management")!.AsObject();
            return row["cases"]!.GetValue<int>() == 2 && row["rated"]!.GetValue<int>() == 1;
        }, TimeSpan.FromSeconds(10), "the read model holds both cases and the rating");

        // Two cases: one resolved and rated 4 (满意), one still waiting for its claim (not yet due, so not counted as a miss).
        row!["name"]!.GetValue<string>().Should().Be("区城市管理和行政执法局");
        row["rank"]!.GetValue<int>().Should().Be(1);
        row["resolutionRate"]!.GetValue<double>().Should().Be(0.5);
        row["satisfactionRate"]!.GetValue<double>().Should().Be(1.0);
        row["responseRate"]!.GetValue<double>().Should().Be(1.0);
        row["score"]!.GetValue<double>().Should().BeApproximately((1.0 + 0.5 + 1.0) / 3, 1e-9);

        // The whole district as one row: the wall's 三率 tiles.
        var district = await client.GetFromJsonAsync<JsonObject>(new Uri("/api/stats?grouping=district", UriKind.Relative));
        var only = district!["rows"]!.AsArray().Should().ContainSingle().Subject!.AsObject();
        only["code"]!.GetValue<string>().Should().Be("230108");
        only["name"]!.GetValue<string>().Should().Be("平房区");
        only["cases"]!.GetValue<int>().Should().Be(2);
        only["resolutionRate"]!.GetValue<double>().Should().Be(0.5);
        only["satisfactionRate"]!.GetValue<double>().Should().Be(1.0);
    }
}

public sealed class StatisticsParameterTests(EmbeddedHost host) : IClassFixture<EmbeddedHost>
{
    [Theory]
    [InlineData("/api/stats?grouping=planet", "grouping")]
    [InlineData("/api/stats/bureaus?from=2026-11-20&to=2026-11-01", "to")]
    [InlineData("/api/stats/bureaus?from=2024-01-01&to=2026-11-01", "to")]
    [InlineData("/api/stats/bureaus?from=yesterday", "from")]
    [InlineData("/api/stats?from=0001-01-01&to=0001-01-03", "from")]
    [InlineData("/api/stats?from=9999-12-30&to=9999-12-31", "to")]
    public async Task Bad_statistics_parameters_are_a_400_naming_the_parameter(string url, string field)
    {
        var response = await host.Client.GetAsync(new Uri(url, UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).Should().Contain($"\"{field}\"");
    }
}
