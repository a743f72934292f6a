using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hanan.Ops.Domain.Geography;
using Microsoft.Extensions.DependencyInjection;

namespace Hanan.Ops.Host.Tests.Geography;

public sealed class DistrictEndpointsTests(EmbeddedHost host) : IClassFixture<EmbeddedHost>
{
    [Fact]
    public async Task Streets_are_served_as_GeoJSON_with_their_real_codes()
    {
        var response = await host.Client.GetAsync(new Uri("/api/district/streets", UriKind.Relative));
        var collection = await response.Content.ReadFromJsonAsync<JsonObject>();

        response.Content.Headers.ContentType!.MediaType.Should().Be("application/geo+json");
        collection!["type"]!.GetValue<string>().Should().Be("FeatureCollection");
        var features = collection["features"]!.AsArray();
        features.Should().HaveCount(11);
        features.Select(f => f!["properties"]!["code"]!.GetValue<string>()).Should().Contain(["230108001", "230108101", "230108579"]);
        features.Should().OnlyContain(f => f!["geometry"]!["type"]!.GetValue<string>() == "Polygon");
    }

    [Fact]
    public async Task Every_grid_is_served_for_the_map()
    {
        var map = host.Factory.Services.GetRequiredService<DistrictMap>();

        var collection = await host.Client.GetFromJsonAsync<JsonObject>(new Uri("/api/district/grids", UriKind.Relative));

        collection!["features"]!.AsArray().Select(f => f!["properties"]!["code"]!.GetValue<string>())
            .Should().BeEquivalentTo(map.Grids.Select(g => g.Code));
    }

    [Fact]
    public async Task A_point_is_located_to_its_grid_community_and_street()
    {
        var grid = host.Factory.Services.GetRequiredService<DistrictMap>().Grids[42];
        var p = grid.LabelPoint;

        var located = await host.Client.GetFromJsonAsync<JsonObject>(new Uri(
            FormattableString.Invariant($"/api/district/locate?latitude={p.Y}&longitude={p.X}"), UriKind.Relative));

        located!["gridCode"]!.GetValue<string>().Should().Be(grid.Code);
        located["communityCode"]!.GetValue<string>().Should().Be(grid.CommunityCode);
        located["streetCode"]!.GetValue<string>().Should().Be(grid.StreetCode);
    }

    [Theory]
    [InlineData("latitude=39.9&longitude=116.4", "location")]
    [InlineData("latitude=abc&longitude=126.6", "latitude")]
    [InlineData("longitude=126.6", "latitude")]
    [InlineData("latitude=45.6&longitude=999", "longitude")]
    public async Task A_bad_or_outside_point_is_a_problem_naming_the_field(string query, string field)
    {
        var response = await host.Client.GetAsync(new Uri("/api/district/locate?" + query, UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var body = await response.Content.ReadAsStringAsync();
        body.Should().Contain($"\"{field}\"");
    }
}
