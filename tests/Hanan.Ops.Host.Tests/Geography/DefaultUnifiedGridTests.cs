using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hanan.Ops.Domain.Geography;
using Hanan.Ops.Domain.Geography.Consolidation;
using Hanan.Ops.Host.Geography;
using Hanan.Ops.Host.Hosting;
using Hanan.Ops.Host.Security;
using Hanan.Ops.Host.Tests.Security;
using Hanan.Ops.Storage.Grid;
using Hanan.Ops.Storage.Schema;
using Hanan.Ops.Storage.Tests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Hanan.Ops.Host.Tests.Geography;

/// <summary>
/// The default run (<c>ops/run.sh</c>: the embedded mode, no setting) serves the demo district's three departmental
/// layers consolidated into the unified grid (一格多用), the crosswalk both ways and the slivers it dropped.
/// </summary>
public sealed class DefaultUnifiedGridTests(EmbeddedHost host) : IClassFixture<EmbeddedHost>
{
    private static DemoConsolidation Demo => DemoConsolidation.Of();

    [Fact]
    public async Task The_default_embedded_host_serves_the_unified_grid_consolidated_from_the_demo_layers()
    {
        var grids = await host.Client.GetFromJsonAsync<JsonObject>(new Uri("/api/district/grids", UriKind.Relative));

        var codes = grids!["features"]!.AsArray().Select(f => f!["properties"]!["code"]!.GetValue<string>()).ToList();
        codes.Should().Equal(Demo.Result.Map.Grids.Select(g => g.Code));
        codes.Should().NotEqual(DemoDistrict.Generate().Grids.Select(g => g.Code), "the unified grid is not the generated demo map");
        host.Factory.Services.GetRequiredService<LoadedDistrict>().Should().Match<LoadedDistrict>(d => d.Unified && d.Crosswalk != null);
        host.Factory.Services.GetRequiredService<DistrictMap>().Grids.Should().HaveCount(codes.Count);
    }

    [Fact]
    public async Task The_default_embedded_host_answers_the_crosswalk_of_a_unified_grid_with_its_links_and_slivers()
    {
        var sliver = Demo.Result.CrosswalkSlivers[Demo.Result.CrosswalkSlivers.Count / 2];

        var response = await host.Dispatcher.GetAsync(new Uri($"/api/grids/{sliver.UnifiedGridCode}/crosswalk", UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var crosswalk = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Rows(crosswalk["departments"]!).Should().BeEquivalentTo(Demo.Result.Crosswalk.Where(e => e.UnifiedGridCode == sliver.UnifiedGridCode)
            .Select(e => (e.DepartmentCode, e.DepartmentGridCode)));
        Rows(crosswalk["slivers"]!).Should().Contain((sliver.DepartmentCode, sliver.DepartmentGridCode))
            .And.BeEquivalentTo(Demo.Result.CrosswalkSlivers.Where(e => e.UnifiedGridCode == sliver.UnifiedGridCode).Select(e => (e.DepartmentCode, e.DepartmentGridCode)));
        crosswalk["slivers"]!.AsArray().Should().AllSatisfy(s =>
            (s!["overlapSquareMeters"]!.GetValue<double>() < 100 || s["fraction"]!.GetValue<double>() < 0.01).Should().BeTrue());
        crosswalk["departments"]![0]!["departmentName"]!.GetValue<string>().Should().BeOneOf("城管", "公安", "民政");
    }

    [Fact]
    public async Task The_default_embedded_host_answers_a_departments_own_grid_without_the_unified_grids_it_only_grazes()
    {
        var sliver = Demo.Result.CrosswalkSlivers.First(e => e.DepartmentCode == "police");

        var response = await host.Dispatcher.GetAsync(new Uri($"/api/departments/police/grids/{sliver.DepartmentGridCode}/unified", UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var shares = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        shares["departmentName"]!.GetValue<string>().Should().Be("公安");
        shares["gridName"]!.GetValue<string>().Should().Contain("警格");
        var unified = shares["unified"]!.AsArray();
        unified.Sum(u => u!["fraction"]!.GetValue<double>()).Should().BeApproximately(1, 1e-6);
        unified.Select(u => u!["code"]!.GetValue<string>()).Should().NotContain(sliver.UnifiedGridCode);
        shares["slivers"]!.AsArray().Select(u => u!["code"]!.GetValue<string>()).Should().Contain(sliver.UnifiedGridCode);
        (await host.Dispatcher.GetAsync(new Uri("/api/departments/police/grids/no-such-grid/unified", UriKind.Relative))).StatusCode
            .Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public void A_sliver_share_of_one_or_more_stops_the_start_up_naming_the_setting()
    {
        using var bad = new DistrictHostFactory(settings: new Dictionary<string, string?> { [DistrictOptions.SliverShareKey] = "1.5" });

        var start = () => bad.Services;

        start.Should().Throw<OptionsValidationException>().WithMessage("*Hanan:District:CrosswalkSliverShare must be a number from 0*'1.5' is not*");
    }

    [Fact]
    public async Task On_postgresql_the_first_host_stores_the_demo_consolidation_and_serves_it()
    {
        await using var db = await TestDatabase.CreateAsync();
        await new SchemaMigrator(db.ConnectionString).MigrateAsync();
        await using var first = new DistrictHostFactory(StorageMode.PostgreSql, db.ConnectionString,
            settings: new Dictionary<string, string?> { [DistrictOptions.GridsKey] = "DemoUnified" });

        var district = first.Services.GetRequiredService<LoadedDistrict>();

        district.Unified.Should().BeTrue();
        district.Map.Grids.Select(g => g.Code).Should().Equal(Demo.Result.Map.Grids.Select(g => g.Code));
        var store = new GridLayerStore(db.ConnectionString);
        (await store.ListLayersAsync()).Should().HaveCount(3).And.OnlyContain(l => l.Source == "demo");
        (await store.ReadCrosswalkAsync()).Should().HaveCount(Demo.Result.Crosswalk.Count);
        using var dispatcher = await first.ClientAsAsync(Roles.Dispatcher);
        var grid = Demo.Result.CrosswalkSlivers[0].UnifiedGridCode;
        var crosswalk = await dispatcher.GetFromJsonAsync<JsonObject>(new Uri($"/api/grids/{grid}/crosswalk", UriKind.Relative));
        Rows(crosswalk!["slivers"]!).Should().NotBeEmpty().And.BeEquivalentTo(Demo.Result.CrosswalkSlivers.Where(e => e.UnifiedGridCode == grid).Select(e => (e.DepartmentCode, e.DepartmentGridCode)));
    }

    private static List<(string, string)> Rows(JsonNode rows) =>
        [.. rows.AsArray().Select(d => (d!["department"]!.GetValue<string>(), d["gridCode"]!.GetValue<string>()))];
}
