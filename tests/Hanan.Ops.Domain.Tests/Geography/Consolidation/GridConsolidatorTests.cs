using Hanan.Ops.Domain.Geography;
using Hanan.Ops.Domain.Geography.Consolidation;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.OverlayNG;
using SpatialFunction = NetTopologySuite.Operation.Overlay.SpatialFunction;

namespace Hanan.Ops.Domain.Tests.Geography.Consolidation;

public sealed class GridConsolidatorTests
{
    private static readonly DistrictMap District = CraftedLayers.District();

    private static readonly double[] CandidateBorders = [126.6099, 126.6102];

    [Fact]
    public void Disagreeing_layers_consolidate_into_a_partition_without_gaps_or_overlaps()
    {
        var result = GridConsolidator.Consolidate(District, CraftedLayers.All, []);

        PartitionAssert.Partitions(result.Map.Grids, District.Boundary, "the crafted district");
        result.Map.Grids.Should().AllSatisfy(g => g.Boundary.IsValid.Should().BeTrue($"{g.Code} must be valid"));
    }

    [Fact]
    public void Slivers_between_disagreeing_borders_join_a_neighbour_leaving_the_pieces_where_departments_agree()
    {
        var result = GridConsolidator.Consolidate(District, CraftedLayers.All, []);

        // Four strips (two per street) times two halves; no sliver survives as a grid of its own.
        result.Map.Grids.Should().HaveCount(8);
        result.Slivers.Should().BeGreaterThan(0);
        result.Map.Grids.Should().AllSatisfy(g => g.AreaSquareMeters.Should().BeGreaterThan(500_000, $"{g.Code} is no sliver"));
    }

    [Fact]
    public void Unified_grids_never_cross_a_street_and_codes_extend_the_community_code_with_a_serial()
    {
        var result = GridConsolidator.Consolidate(District, CraftedLayers.All, []);

        foreach (var grid in result.Map.Grids)
        {
            var street = District.FindStreet(grid.StreetCode)!;
            OverlayNGRobust.Overlay(grid.Boundary, street.Boundary, SpatialFunction.Difference).Area
                .Should().Be(0, $"{grid.Code} must lie in street {street.Code}");
            grid.Code.Should().StartWith(grid.CommunityCode).And.HaveLength(15);
        }

        result.Map.GridsOf(CraftedLayers.WestCommunity).Select(g => g.Code[12..])
            .Should().Equal("001", "002", "003", "004");
    }

    [Fact]
    public void Unified_borders_follow_the_departmental_border_where_departments_agree()
    {
        var result = GridConsolidator.Consolidate(District, CraftedLayers.All, []);

        // Police's border at 45.61 is the only one there: the grids just north and south of it differ.
        result.Map.Locate(CraftedLayers.HalfWay + 1e-5, 126.605)!.Code
            .Should().NotBe(result.Map.Locate(CraftedLayers.HalfWay - 1e-5, 126.605)!.Code);

        // Urban and civil affairs disagree about 126.61 by 23 m: the border takes one of their lines, not a sliver between.
        var westOf = result.Map.Locate(45.605, 126.6095)!.Code;
        var eastOf = result.Map.Locate(45.605, 126.6105)!.Code;
        westOf.Should().NotBe(eastOf);
        CandidateBorders.Should().Contain(lon =>
            result.Map.Locate(45.605, lon - 1e-6)!.Code == westOf && result.Map.Locate(45.605, lon + 1e-6)!.Code == eastOf);
    }

    [Fact]
    public void Over_capacity_pieces_are_split_until_every_grid_fits()
    {
        // 20 × 20 = 400 households of 2 people in the south-west piece: more than 300 households in one grid.
        var crowded = CraftedLayers.Lattice("h", 126.601, 45.601, 126.609, 45.609, 20, 20, 2);
        // And 150 households of 8 people in the north-east piece: 1,200 people, over the limit of 1,000.
        var large = CraftedLayers.Lattice("p", 126.631, 45.611, 126.639, 45.619, 10, 15, 8);
        var households = crowded.Concat(large).ToList();

        var result = GridConsolidator.Consolidate(District, CraftedLayers.All, households);

        PartitionAssert.Partitions(result.Map.Grids, District.Boundary, "the crafted district");
        result.Splits.Should().BeGreaterThanOrEqualTo(2);
        result.StillOverCapacity.Should().BeEmpty();
        var recount = households
            .GroupBy(h => result.Map.Locate(h.Latitude, h.Longitude)!.Code)
            .ToDictionary(g => g.Key, g => (Households: g.Count(), People: g.Sum(h => h.People)));
        recount.Values.Should().AllSatisfy(load =>
        {
            load.Households.Should().BeLessThanOrEqualTo(300);
            load.People.Should().BeLessThanOrEqualTo(1000);
        });
        recount.Sum(kv => kv.Value.Households).Should().Be(households.Count);
        result.Loads.Where(kv => kv.Value.Households > 0)
            .Should().BeEquivalentTo(recount.ToDictionary(kv => kv.Key, kv => new GridLoad(kv.Value.Households, kv.Value.People)));
        result.Map.Grids.Should().AllSatisfy(g => g.Boundary.Should().BeOfType<Polygon>());
    }

    [Fact]
    public void Crosswalk_fractions_of_each_departmental_grid_sum_to_one_and_match_the_overlap_areas()
    {
        // The overlay's areas, every row: the sliver rule (CrosswalkSliverTests) would drop the 8–23 m strips.
        var result = GridConsolidator.Consolidate(District, CraftedLayers.All, [], new ConsolidationOptions { CrosswalkSlivers = CrosswalkSliverRule.KeepAll });

        foreach (var layer in CraftedLayers.All)
        {
            foreach (var grid in layer.Grids)
            {
                var entries = result.Crosswalk.Where(e => e.DepartmentCode == layer.Department.Code && e.DepartmentGridCode == grid.Code).ToList();
                entries.Should().NotBeEmpty($"{grid.Code} lies in the district");
                entries.Sum(e => e.Fraction).Should().BeApproximately(1.0, 1e-9, $"the fractions of {grid.Code} must add up to 1");

                // Independently: intersect the departmental outline with each unified grid.
                var inside = GeoMeasure.AreaSquareMeters(OverlayNGRobust.Overlay(grid.Boundary, District.Boundary, SpatialFunction.Intersection));
                foreach (var entry in entries)
                {
                    var unified = result.Map.FindGrid(entry.UnifiedGridCode)!;
                    var overlap = GeoMeasure.AreaSquareMeters(OverlayNGRobust.Overlay(grid.Boundary, unified.Boundary, SpatialFunction.Intersection));
                    entry.Fraction.Should().BeApproximately(overlap / inside, 1e-4, $"{grid.Code} → {entry.UnifiedGridCode}");
                }
            }
        }
    }

    [Fact]
    public void Point_lookup_on_unified_borders_and_shared_vertices_resolves_to_the_smallest_covering_code()
    {
        var result = GridConsolidator.Consolidate(District, CraftedLayers.All, []);
        var map = result.Map;

        var vertices = map.Grids.SelectMany(g => g.Boundary.Coordinates).Distinct().ToList();
        var checkedShared = 0;
        foreach (var vertex in vertices)
        {
            var point = Wgs84.Factory.CreatePoint(vertex);
            var covering = map.Grids.Where(g => g.Boundary.Covers(point)).Select(g => g.Code).Order(StringComparer.Ordinal).ToList();
            covering.Should().NotBeEmpty($"vertex {vertex} is in the district");
            map.Locate(vertex.Y, vertex.X)!.Code.Should().Be(covering[0]);
            checkedShared += covering.Count > 1 ? 1 : 0;
        }

        checkedShared.Should().BeGreaterThan(4, "shared vertices are where lookups are ambiguous");

        // Midpoint of the border at 45.61 west of 126.6099: on an edge shared by exactly two grids.
        var onEdge = map.Grids.Where(g => g.Boundary.Covers(Wgs84.Factory.CreatePoint(new Coordinate(126.605, CraftedLayers.HalfWay)))).ToList();
        onEdge.Should().HaveCount(2);
        map.Locate(CraftedLayers.HalfWay, 126.605)!.Code.Should().Be(onEdge.Min(g => g.Code));
    }
}
