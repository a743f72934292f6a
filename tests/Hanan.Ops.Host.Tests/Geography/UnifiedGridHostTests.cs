using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hanan.Ops.Domain.Geography;
using Hanan.Ops.Domain.Geography.Layers;
using Hanan.Ops.Domain.Population;
using Hanan.Ops.Host.Geography;
using Hanan.Ops.Host.Security;
using Hanan.Ops.Host.Tests.Security;
using Hanan.Ops.Storage.Tests;
using Microsoft.Extensions.DependencyInjection;

namespace Hanan.Ops.Host.Tests.Geography;

/// <summary>A host in PostgreSQL mode over a database with a saved consolidation serves the unified grid and keys everything by it.</summary>
public sealed class UnifiedGridHostTests(UnifiedGridDatabase db) : IClassFixture<UnifiedGridDatabase>
{
    private DistrictMap Unified => db.Consolidation.Map;

    [Fact]
    public async Task The_grid_layer_serves_the_unified_codes_and_the_streets_and_communities_they_nest_in()
    {
        using var client = db.Host.CreateRealClient();

        var grids = await client.GetFromJsonAsync<JsonObject>(new Uri("/api/district/grids", UriKind.Relative));
        var communities = await client.GetFromJsonAsync<JsonObject>(new Uri("/api/district/communities", UriKind.Relative));
        var streets = await client.GetFromJsonAsync<JsonObject>(new Uri("/api/district/streets", UriKind.Relative));

        var stored = (await db.Store.ReadUnifiedAsync()).Select(g => g.Code).ToList();
        Codes(grids!).Should().Equal(stored);
        Codes(grids!).Should().NotEqual(db.DemoDistrict.Grids.Select(g => g.Code), "the unified grid is not the generated demo map");
        Codes(communities!).Should().Equal(Unified.Communities.Select(c => c.Code));
        communities!["features"]!.AsArray().Select(f => f!["properties"]!["name"]!.GetValue<string>())
            .Should().Equal(Unified.Communities.Select(c => c.Name), "the community names were stored by the consolidation");
        streets!["features"]!.AsArray().Select(f => f!["properties"]!["name"]!.GetValue<string>())
            .Should().Contain(["兴建街道", "平房镇", "平房农垦"]).And.HaveCount(11);
        db.Host.Services.GetRequiredService<LoadedDistrict>().Should().Match<LoadedDistrict>(d => d.Unified && d.ConsolidatedAt != null);
    }

    [Fact]
    public async Task Points_are_located_in_the_unified_grid_where_PostGIS_locates_them()
    {
        using var client = db.Host.CreateRealClient();
        // Label points of the demo grids fall anywhere in the unified grids; vertices of unified grids sit on their borders.
        var probes = db.DemoDistrict.Grids.Where((_, i) => i % 9 == 0).Select(g => g.LabelPoint.Coordinate)
            .Concat(Unified.Grids.Where((_, i) => i % 37 == 0).SelectMany(g => g.Boundary.Coordinates.Take(3)))
            .ToList();

        foreach (var probe in probes)
        {
            var expected = await db.Store.LocateAsync(probe.Y, probe.X);
            var located = await client.GetFromJsonAsync<JsonObject>(new Uri(string.Create(CultureInfo.InvariantCulture,
                $"/api/district/locate?latitude={probe.Y:R}&longitude={probe.X:R}"), UriKind.Relative));
            located!["gridCode"]!.GetValue<string>().Should().Be(expected, $"at {probe}");
        }

        probes.Should().HaveCountGreaterThan(60);
    }

    [Fact]
    public async Task An_appeal_is_filed_into_the_unified_grid_and_that_grid_grain_counts_it()
    {
        var grid = Unified.Grids[Unified.Grids.Count / 2];
        using var dispatcher = await db.Host.ClientAsAsync(Roles.Dispatcher);
        var before = await OpenCasesAsync(dispatcher, grid.Code);

        var response = await dispatcher.PostAsJsonAsync(new Uri("/api/appeals", UriKind.Relative), new
        {
            category = "road-damage",
            description = "统一网格内路面塌陷，车辆绕行。",
            latitude = grid.LabelPoint.Y,
            longitude = grid.LabelPoint.X,
            idempotencyKey = "unified-" + Guid.NewGuid().ToString("N"),
        });

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        var receipt = await response.Content.ReadFromJsonAsync<JsonObject>();
        receipt!["gridCode"]!.GetValue<string>().Should().Be(grid.Code);
        await Eventually.HoldsAsync(async () => await OpenCasesAsync(dispatcher, grid.Code) == before + 1, TimeSpan.FromSeconds(30),
            $"grid {grid.Code} counts the new open case");
    }

    [Fact]
    public async Task A_grid_worker_signs_in_for_unified_grids_and_not_for_codes_only_the_demo_map_has()
    {
        // Both are coded community + serial, so most codes exist in both; a community with fewer unified grids leaves
        // demo codes that the unified grid does not have.
        var unified = Unified.Grids[^1].Code;
        var demoOnly = db.DemoDistrict.Grids.First(g => Unified.FindGrid(g.Code) is null).Code;
        using var anonymous = db.Host.CreateRealClient();

        using var worker = await db.Host.ClientAsAsync(Roles.GridWorker, "worker-unified", grids: [unified]);
        (await worker.GetAsync(new Uri($"/api/grids/{unified}/figures", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);
        var refused = await anonymous.PostAsJsonAsync(new Uri("/api/auth/dev-sign-in", UriKind.Relative),
            new { user = "worker-demo", role = Roles.GridWorker, grids = new[] { demoOnly }, password = SignIn.Password });
        refused.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await refused.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["grids"].Should().NotBeNull();
    }

    [Fact]
    public void The_demo_population_and_the_cameras_are_located_in_the_unified_grid()
    {
        var population = db.Host.Services.GetRequiredService<DemoPopulation>();
        var cameras = db.Host.Services.GetRequiredService<Domain.Cameras.Simulation.CameraNetwork>();

        population.Places.Where((_, i) => i % 50 == 0).Should().AllSatisfy(p =>
            p.GridCode.Should().Be(Unified.Locate(p.Latitude, p.Longitude)!.Code));
        population.Households().Take(500).Should().AllSatisfy(h => Unified.FindGrid(h.GridCode).Should().NotBeNull());
        population.HouseholdCount.Should().Be(DemoPopulation.Generate(db.DemoDistrict).HouseholdCount, "the same households, located");
        cameras.Cameras.Where(s => s.GridCode is not null).Should().NotBeEmpty()
            .And.AllSatisfy(s => Unified.FindGrid(s.GridCode!).Should().NotBeNull());
    }

    [Fact]
    public async Task The_crosswalk_answers_for_a_unified_grid_and_for_a_departments_own_grid()
    {
        using var dispatcher = await db.Host.ClientAsAsync(Roles.Dispatcher);
        var grid = Unified.Grids[7].Code;

        var crosswalk = await dispatcher.GetFromJsonAsync<JsonObject>(new Uri($"/api/grids/{grid}/crosswalk", UriKind.Relative));

        var departments = crosswalk!["departments"]!.AsArray();
        departments.Select(d => d!["department"]!.GetValue<string>()).Should().Contain(Department.UrbanManagement.Code);
        departments.Select(d => (d!["department"]!.GetValue<string>(), d["gridCode"]!.GetValue<string>())).Should().BeEquivalentTo(
            db.Consolidation.Crosswalk.Where(e => e.UnifiedGridCode == grid).Select(e => (e.DepartmentCode, e.DepartmentGridCode)));

        var police = db.Layers.Single(l => l.Department == Department.Police).Grids[3].Code;
        var shares = await dispatcher.GetFromJsonAsync<JsonObject>(new Uri($"/api/departments/police/grids/{police}/unified", UriKind.Relative));
        shares!["departmentName"]!.GetValue<string>().Should().Be("公安");
        var unified = shares["unified"]!.AsArray();
        unified.Sum(u => u!["fraction"]!.GetValue<double>()).Should().BeApproximately(1, 1e-6);
        unified.Should().AllSatisfy(u => Unified.FindGrid(u!["code"]!.GetValue<string>()).Should().NotBeNull());

        (await dispatcher.GetAsync(new Uri("/api/departments/police/grids/no-such-grid/unified", UriKind.Relative))).StatusCode
            .Should().Be(HttpStatusCode.NotFound);
        var bad = await dispatcher.GetAsync(new Uri($"/api/departments/Police!/grids/{police}/unified", UriKind.Relative));
        bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await bad.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["department"].Should().NotBeNull();
    }

    private static List<string> Codes(JsonObject collection) =>
        [.. collection["features"]!.AsArray().Select(f => f!["properties"]!["code"]!.GetValue<string>())];

    private static async Task<int> OpenCasesAsync(HttpClient client, string grid) =>
        (await client.GetFromJsonAsync<JsonObject>(new Uri($"/api/grids/{grid}/figures", UriKind.Relative)))!["openCases"]!.GetValue<int>();
}
