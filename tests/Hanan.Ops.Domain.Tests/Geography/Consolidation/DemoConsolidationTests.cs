using Hanan.Ops.Domain.Geography.Consolidation;
using Hanan.Ops.Domain.Geography;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.OverlayNG;
using SpatialFunction = NetTopologySuite.Operation.Overlay.SpatialFunction;

namespace Hanan.Ops.Domain.Tests.Geography.Consolidation;

[Collection(DemoConsolidationCollection.Name)]
public sealed class DemoConsolidationTests(DemoConsolidationFixture demo)
{
    [Fact]
    public void The_demo_layers_consolidate_into_a_partition_of_the_district()
    {
        PartitionAssert.Partitions(demo.Result.Map.Grids, demo.District.Boundary, "the demo district");
        demo.Result.Map.Grids.Should().AllSatisfy(g =>
        {
            g.Boundary.Should().BeOfType<Polygon>();
            g.Boundary.IsValid.Should().BeTrue($"{g.Code} must be valid");
        });
    }

    [Fact]
    public void Every_unified_demo_grid_lies_in_one_community_and_fits_the_capacity()
    {
        // Inserted border vertices sit on the 1e-9° noding grid: up to ~0.1 mm off the community's straight edge.
        foreach (var grid in demo.Result.Map.Grids)
        {
            var community = demo.District.FindCommunity(grid.CommunityCode)!;
            GeoMeasure.AreaSquareMeters(OverlayNGRobust.Overlay(grid.Boundary, community.Boundary, SpatialFunction.Difference))
                .Should().BeLessThan(0.01, $"{grid.Code} must lie in community {grid.CommunityCode}");
        }

        var recount = demo.Households
            .GroupBy(h => demo.Result.Map.Locate(h.Latitude, h.Longitude)?.Code)
            .ToDictionary(g => g.Key ?? "outside", g => (Households: g.Count(), People: g.Sum(h => h.People)));
        recount.Should().NotContainKey("outside");
        recount.Values.Should().AllSatisfy(l =>
        {
            l.Households.Should().BeLessThanOrEqualTo(300);
            l.People.Should().BeLessThanOrEqualTo(1000);
        });
        demo.Result.StillOverCapacity.Should().BeEmpty();
        demo.Result.Splits.Should().BeGreaterThan(0, "some demo grids carry 450 households");
    }

    [Fact]
    public void Unified_demo_grids_are_about_as_many_as_the_departments_finest_layer()
    {
        var finest = demo.Layers.Max(l => l.Grids.Count);
        demo.Result.Map.Grids.Count.Should().BeInRange(finest * 9 / 10, finest * 13 / 10);
    }

    [Fact]
    public void Every_departmental_demo_grid_has_crosswalk_fractions_summing_to_one()
    {
        var byGrid = demo.Result.Crosswalk.ToLookup(e => (e.DepartmentCode, e.DepartmentGridCode));
        foreach (var layer in demo.Layers)
        {
            foreach (var grid in layer.Grids)
            {
                var entries = byGrid[(layer.Department.Code, grid.Code)].ToList();
                entries.Should().NotBeEmpty($"{layer.Department.Code} {grid.Code} lies in the district");
                entries.Sum(e => e.Fraction).Should().BeApproximately(1.0, 1e-9);
                entries.Should().OnlyContain(e => demo.Result.Map.FindGrid(e.UnifiedGridCode) != null);
            }
        }
    }

    [Fact]
    public void The_unified_demo_grid_validates_clean_while_the_departmental_layers_show_their_gaps_and_slivers()
    {
        var unified = GridValidator.Validate(
            demo.District.Boundary,
            [.. demo.Result.Map.Grids.Select(g => new GridOutline(g.Code, g.Boundary))],
            demo.Households);
        unified.HasProblems.Should().BeFalse();

        var civil = demo.Layers.Single(l => l.Department.Code == "civil-affairs");
        var report = GridValidator.Validate(
            demo.District.Boundary,
            [.. civil.Grids.Select(g => new GridOutline(g.Code, g.Boundary))],
            demo.Households);
        report.Gaps.Should().NotBeEmpty("every 37th civil affairs grid is missing and the layer is shifted");
        report.Gaps.Max(g => g.AreaSquareMeters).Should().BeGreaterThan(20_000, "a whole missing grid is a large gap");
        report.Outside.Should().NotBeEmpty("the shifted layer sticks out of the district");
        report.Overlaps.Should().BeEmpty("a smooth warp keeps a layer free of self-overlaps");
    }
}
