using Hanan.Ops.Domain.Geography;
using Hanan.Ops.Domain.Geography.Consolidation;
using Hanan.Ops.Domain.Geography.Layers;
using Hanan.Ops.Storage.Grid;
using Microsoft.Extensions.Time.Testing;
using NetTopologySuite.Geometries;
using Npgsql;

namespace Hanan.Ops.Storage.Tests.Grid;

public sealed class GridLayerStoreTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>, IAsyncLifetime
{
    private const string Street = "230108003";
    private const string Community = "230108003002";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 4, 0, 0, TimeSpan.Zero));

    private GridLayerStore Store => new(database.ConnectionString, _time) { ChunkSize = 2 };

    public async Task InitializeAsync()
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var clear = new NpgsqlCommand("DELETE FROM grid_crosswalk; DELETE FROM grid_unified; DELETE FROM grid_unified_community; DELETE FROM grid_unified_street; DELETE FROM grid_department_layer;", connection);
        await clear.ExecuteNonQueryAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task An_imported_layer_reads_back_with_its_codes_and_outlines()
    {
        var layer = Strips(Department.UrbanManagement, "CG", 5, 0);

        var count = await Store.ImportLayerAsync(layer, "cg.geojson");

        count.Should().Be(5);
        var stored = (await Store.ReadLayersAsync()).Should().ContainSingle().Subject;
        stored.Department.Should().Be(Department.UrbanManagement);
        stored.Grids.Select(g => g.Code).Should().Equal(layer.Grids.Select(g => g.Code));
        stored.Grids.Zip(layer.Grids).Should().AllSatisfy(p => p.First.Boundary.EqualsTopologically(p.Second.Boundary).Should().BeTrue());
        (await Store.ListLayersAsync()).Single().Should().Be(new StoredLayer(Department.UrbanManagement, "cg.geojson", 5, _time.GetUtcNow()));
    }

    [Fact]
    public async Task A_failure_in_the_middle_of_an_import_leaves_nothing_of_it_and_the_previous_layer_intact()
    {
        var before = Strips(Department.Police, "GA", 3, 0);
        await Store.ImportLayerAsync(before, "v1");
        var grids = Strips(Department.Police, "GB", 6, 0).Grids.ToList();
        // The fifth grid is a bow tie; with two rows per statement, four grids are already written when it fails.
        grids[4] = grids[4] with { Boundary = BowTie() };
        var written = new List<int>();

        var import = () => Store.ImportLayerAsync(new DepartmentLayer(Department.Police, grids), "v2", new SynchronousProgress(written.Add));

        await import.Should().ThrowAsync<PostgresException>().Where(e => e.SqlState == PostgresErrorCodes.CheckViolation);
        written.Should().Equal(2, 4);
        var stored = (await Store.ReadLayersAsync()).Should().ContainSingle().Subject;
        stored.Grids.Select(g => g.Code).Should().Equal("GA-1", "GA-2", "GA-3");
        (await Store.ListLayersAsync()).Single().Source.Should().Be("v1");
    }

    [Fact]
    public async Task A_cancelled_import_leaves_nothing()
    {
        using var cancel = new CancellationTokenSource();
        var layer = Strips(Department.CivilAffairs, "MZ", 6, 0);

        var import = () => Store.ImportLayerAsync(layer, "mz", new SynchronousProgress(n => { if (n >= 2) { cancel.Cancel(); } }), cancel.Token);

        await import.Should().ThrowAsync<OperationCanceledException>();
        (await Store.ReadLayersAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task A_saved_consolidation_reads_back_and_sql_lookup_agrees_with_the_domain_on_borders_and_vertices()
    {
        var (district, layers) = Consolidatable();
        foreach (var layer in layers)
        {
            await Store.ImportLayerAsync(layer, null);
        }

        var households = Enumerable.Range(0, 20).SelectMany(i => Enumerable.Range(0, 20).Select(j =>
            new HouseholdPoint($"h{i}-{j}", 126.6005 + (i * 0.0009), 45.6005 + (j * 0.00042), 2))).ToList();
        var result = GridConsolidator.Consolidate(district, await Store.ReadLayersAsync(), households);
        await Store.SaveConsolidationAsync(result);

        var stored = await Store.ReadUnifiedAsync();
        stored.Select(g => g.Code).Should().Equal(result.Map.Grids.Select(g => g.Code));
        stored.Should().AllSatisfy(g =>
        {
            g.Boundary.EqualsExact(result.Map.FindGrid(g.Code)!.Boundary).Should().BeTrue();
            g.Load.Should().Be(result.Loads[g.Code]);
        });
        (await Store.ReadCrosswalkAsync()).Should().BeEquivalentTo(result.Crosswalk);

        var probes = result.Map.Grids.SelectMany(g => g.Boundary.Coordinates)
            .Concat(result.Map.Grids.Select(g => g.LabelPoint.Coordinate))
            .Concat(households.Select(h => new Coordinate(h.Longitude, h.Latitude)))
            .Append(new Coordinate(126.5, 45.5))
            .Distinct()
            .ToList();
        foreach (var probe in probes)
        {
            (await Store.LocateAsync(probe.Y, probe.X)).Should().Be(result.Map.Locate(probe.Y, probe.X)?.Code, $"at {probe}");
        }
    }

    [Fact]
    public async Task A_saved_consolidation_reads_back_as_a_district_map_with_its_names_and_the_crosswalk_answers_both_ways()
    {
        var (district, layers) = Consolidatable();
        foreach (var layer in layers)
        {
            await Store.ImportLayerAsync(layer, null);
        }

        var result = GridConsolidator.Consolidate(district, layers, []);
        await Store.SaveConsolidationAsync(result);

        var stored = (await Store.ReadUnifiedMapAsync())!;
        stored.Map.Grids.Select(g => (g.Code, g.Name)).Should().Equal(result.Map.Grids.Select(g => (g.Code, g.Name)));
        stored.Map.Communities.Select(c => (c.Code, c.Name)).Should().Equal((Community, "试验社区"));
        stored.Map.Streets.Select(c => (c.Code, c.Name)).Should().Equal((Street, "联盟街道"));
        stored.Map.Boundary.SymmetricDifference(district.Boundary).Area.Should().BeLessThan(1e-12);
        stored.ConsolidatedAt.Should().Be(_time.GetUtcNow());
        stored.UnnamedUnits.Should().BeEmpty();

        var unified = result.Map.Grids[0].Code;
        var overlapping = await Store.CrosswalkOfUnifiedAsync(unified);
        overlapping.Should().NotBeEmpty().And.BeEquivalentTo(result.Crosswalk.Where(e => e.UnifiedGridCode == unified)
            .Select(e => new { Department = new { Code = e.DepartmentCode }, e.DepartmentGridCode, e.Fraction }));
        overlapping.Should().AllSatisfy(l => l.Department.Name.Should().Be(Department.FromCode(l.Department.Code)!.Name));

        var shares = (await Store.CrosswalkOfDepartmentGridAsync(Department.Police.Code, "GA-1"))!;
        shares.Sum(l => l.Fraction).Should().BeApproximately(1, 1e-6);
        shares.Select(l => l.Fraction).Should().BeInDescendingOrder();
        shares.Select(l => l.UnifiedGridCode).Should().BeEquivalentTo(
            result.Crosswalk.Where(e => e.DepartmentCode == Department.Police.Code && e.DepartmentGridCode == "GA-1").Select(e => e.UnifiedGridCode));
        (await Store.CrosswalkOfDepartmentGridAsync(Department.Police.Code, "GA-9")).Should().BeNull();
        (await Store.CrosswalkOfDepartmentGridAsync(Department.CivilAffairs.Code, "GA-1")).Should().BeNull();
    }

    [Fact]
    public async Task Crosswalk_slivers_are_stored_apart_from_the_links_and_read_back_for_both_sides()
    {
        var (district, layers) = Consolidatable();
        foreach (var layer in layers)
        {
            await Store.ImportLayerAsync(layer, null);
        }

        // A rule far stricter than the standard one, so that this district's four pieces leave slivers: GA-1 reaches 35 %
        // of itself into the unified grid east of 126.606, CG-2 47 % into the one east of 126.6092.
        var result = GridConsolidator.Consolidate(district, layers, [], new ConsolidationOptions { CrosswalkSlivers = new CrosswalkSliverRule(100, 0.4) });
        result.CrosswalkSlivers.Should().NotBeEmpty();
        await Store.SaveConsolidationAsync(result);

        var sliver = result.CrosswalkSlivers[0];
        (await Store.SliversOfUnifiedAsync(sliver.UnifiedGridCode)).Select(l => (l.Department.Code, l.DepartmentGridCode, l.OverlapSquareMeters, l.Fraction))
            .Should().Equal(result.CrosswalkSlivers.Where(e => e.UnifiedGridCode == sliver.UnifiedGridCode)
                .Select(e => (e.DepartmentCode, e.DepartmentGridCode, e.OverlapSquareMeters, e.Fraction)));
        (await Store.SliversOfDepartmentGridAsync(sliver.DepartmentCode, sliver.DepartmentGridCode)).Select(l => l.UnifiedGridCode)
            .Should().Equal(result.CrosswalkSlivers.Where(e => e.DepartmentGridCode == sliver.DepartmentGridCode && e.DepartmentCode == sliver.DepartmentCode)
                .OrderByDescending(e => e.Fraction).Select(e => e.UnifiedGridCode));
        var links = (await Store.CrosswalkOfDepartmentGridAsync(sliver.DepartmentCode, sliver.DepartmentGridCode))!;
        links.Select(l => l.UnifiedGridCode).Should().NotContain(sliver.UnifiedGridCode, "a sliver is no link");
        links.Sum(l => l.Fraction).Should().BeApproximately(1, 1e-6);
        (await Store.ReadCrosswalkAsync()).Should().HaveCount(result.Crosswalk.Count);
    }

    [Fact]
    public async Task Hosts_starting_together_store_the_first_consolidation_once()
    {
        var (district, layers) = Consolidatable();
        var computed = 0;
        ConsolidationResult Consolidate()
        {
            Interlocked.Increment(ref computed);
            return GridConsolidator.Consolidate(district, layers, []);
        }

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            Task.Run(() => new GridLayerStore(database.ConnectionString, _time).StoreFirstConsolidationAsync(layers, "demo", Consolidate))));

        outcomes.Should().ContainSingle(o => o == FirstConsolidation.Stored).And.AllSatisfy(o => o.Should().BeOneOf(FirstConsolidation.Stored, FirstConsolidation.AlreadyStored));
        computed.Should().Be(1);
        (await Store.ReadUnifiedAsync()).Select(g => g.Code).Should().Equal(Consolidate().Map.Grids.Select(g => g.Code));
        (await Store.ListLayersAsync()).Should().HaveCount(2).And.OnlyContain(l => l.Source == "demo");
    }

    [Fact]
    public async Task The_first_consolidation_leaves_an_operators_own_layers_alone_and_completes_an_interrupted_one()
    {
        var (district, layers) = Consolidatable();
        await Store.ImportLayerAsync(layers[0], "demo");
        // As if a host stopped after the first layer: the next start completes the work.
        (await Store.StoreFirstConsolidationAsync(layers, "demo", () => GridConsolidator.Consolidate(district, layers, [])))
            .Should().Be(FirstConsolidation.Stored);
        (await Store.ReadUnifiedAsync()).Should().NotBeEmpty();

        await InitializeAsync();
        await Store.ImportLayerAsync(layers[1], "gongan.geojson");
        var outcome = await Store.StoreFirstConsolidationAsync(layers, "demo", () => throw new InvalidOperationException("not to be computed"));

        outcome.Should().Be(FirstConsolidation.OtherLayersStored);
        (await Store.ReadUnifiedAsync()).Should().BeEmpty();
        (await Store.ListLayersAsync()).Should().ContainSingle().Which.Source.Should().Be("gongan.geojson");
    }

    [Fact]
    public async Task Without_a_unified_grid_there_is_no_map_even_before_the_schema_is_applied()
    {
        (await Store.ReadUnifiedMapAsync()).Should().BeNull();

        await using var bare = await TestDatabase.CreateAsync();
        (await new GridLayerStore(bare.ConnectionString).ReadUnifiedMapAsync()).Should().BeNull();
    }

    [Fact]
    public async Task The_tables_have_spatial_indexes()
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT tablename FROM pg_indexes
             WHERE indexdef LIKE '%USING gist (boundary)%' AND tablename LIKE 'grid_%' ORDER BY tablename
            """, connection);
        var tables = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            tables.Add(reader.GetString(0));
        }

        tables.Should().Equal("grid_department_grid", "grid_unified");
    }

    /// <summary>A 0.018° × 0.009° district of one street and community, with two disagreeing layers.</summary>
    private static (DistrictMap District, IReadOnlyList<DepartmentLayer> Layers) Consolidatable()
    {
        var whole = Box(126.60, 45.60, 126.618, 45.609);
        var district = DistrictMap.FromLayers(
            whole,
            [new Street(Street, "联盟街道", whole)],
            [new Community(Community, "试验社区", Street, whole)],
            [new Hanan.Ops.Domain.Geography.Grid(Community + "001", "试验社区第1网格", Community, Street, whole)]);
        return (district, [Strips(Department.UrbanManagement, "CG", 3, 0), Strips(Department.Police, "GA", 2, 0.0002)]);
    }

    /// <summary>Vertical strips over the district, borders shifted east by an offset in degrees.</summary>
    private static DepartmentLayer Strips(Department department, string prefix, int count, double offset) =>
        new(department, [.. Enumerable.Range(0, count).Select(i => new DepartmentGrid(
            $"{prefix}-{i + 1}",
            null,
            Box(
                i == 0 ? 126.60 : 126.60 + (0.018 * i / count) + offset,
                45.60,
                i == count - 1 ? 126.618 : 126.60 + (0.018 * (i + 1) / count) + offset,
                45.609)))]);

    private static Polygon Box(double minLon, double minLat, double maxLon, double maxLat) =>
        Wgs84.Factory.CreatePolygon(
        [
            new Coordinate(minLon, minLat), new Coordinate(maxLon, minLat), new Coordinate(maxLon, maxLat),
            new Coordinate(minLon, maxLat), new Coordinate(minLon, minLat),
        ]);

    private static Polygon BowTie() => Wgs84.Factory.CreatePolygon(
    [
        new Coordinate(126.60, 45.60), new Coordinate(126.61, 45.609), new Coordinate(126.61, 45.60),
        new Coordinate(126.60, 45.609), new Coordinate(126.60, 45.60),
    ]);

    /// <summary>Reports on the caller's thread, unlike <see cref="Progress{T}"/>.</summary>
    private sealed class SynchronousProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
