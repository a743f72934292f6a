using Hanan.Ops.Domain.Geography;
using Hanan.Ops.Domain.Geography.Consolidation;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.OverlayNG;

namespace Hanan.Ops.Domain.Tests.Geography.Consolidation;

public sealed class GridValidatorTests
{
    private static readonly DistrictMap District = CraftedLayers.District();

    private static List<GridOutline> Outlines(Hanan.Ops.Domain.Geography.Layers.DepartmentLayer layer) =>
        [.. layer.Grids.Select(g => new GridOutline(g.Code, g.Boundary))];

    [Fact]
    public void A_layer_falling_short_of_the_boundary_reports_the_gap_with_its_area_and_location()
    {
        var report = GridValidator.Validate(District.Boundary, Outlines(CraftedLayers.Urban), []);

        // Urban stops at 126.6395: the strip up to 126.64 is uncovered.
        var gap = report.Gaps.Should().ContainSingle().Subject;
        gap.AreaSquareMeters.Should().BeApproximately(
            GeoMeasure.AreaSquareMeters(CraftedLayers.Box(126.6395, CraftedLayers.South, CraftedLayers.East, CraftedLayers.North)), 1);
        gap.Location.X.Should().BeInRange(126.6395, 126.64);

        // And reaches 126.5995 in the west: CG-1 sticks out of the district.
        var outside = report.Outside.Should().ContainSingle().Subject;
        outside.Codes.Should().Equal("CG-1");
        outside.Location.X.Should().BeInRange(126.5995, 126.60);
        report.HasProblems.Should().BeTrue();
    }

    [Fact]
    public void Overlapping_grids_are_reported_pairwise_with_the_overlap_area()
    {
        var grids = new List<GridOutline>
        {
            new("A", CraftedLayers.Box(CraftedLayers.West, CraftedLayers.South, 126.621, CraftedLayers.North)),
            new("B", CraftedLayers.Box(126.620, CraftedLayers.South, CraftedLayers.East, CraftedLayers.North)),
        };

        var report = GridValidator.Validate(District.Boundary, grids, []);

        var overlap = report.Overlaps.Should().ContainSingle().Subject;
        overlap.Codes.Should().Equal("A", "B");
        overlap.AreaSquareMeters.Should().BeApproximately(
            GeoMeasure.AreaSquareMeters(CraftedLayers.Box(126.620, CraftedLayers.South, 126.621, CraftedLayers.North)), 1);
        overlap.Location.X.Should().BeInRange(126.620, 126.621);
        report.Gaps.Should().BeEmpty();
    }

    [Fact]
    public void An_invalid_outline_is_reported_with_where_it_breaks()
    {
        var bowTie = Wgs84.Factory.CreatePolygon(
        [
            new Coordinate(126.60, 45.60), new Coordinate(126.64, 45.62), new Coordinate(126.64, 45.60),
            new Coordinate(126.60, 45.62), new Coordinate(126.60, 45.60),
        ]);

        var report = GridValidator.Validate(District.Boundary, [new GridOutline("X", bowTie)], []);

        var invalid = report.Invalid.Should().ContainSingle().Subject;
        invalid.Code.Should().Be("X");
        invalid.Location!.X.Should().BeApproximately(126.62, 1e-9);
    }

    [Fact]
    public void An_over_capacity_grid_comes_with_a_proposed_split_whose_parts_fit_and_cover_it()
    {
        var whole = new GridOutline("W", District.Boundary);
        var households = CraftedLayers.Lattice("h", 126.601, 45.601, 126.639, 45.619, 25, 30, 3);

        var report = GridValidator.Validate(District.Boundary, [whole], households);

        var over = report.OverCapacity.Should().ContainSingle().Subject;
        over.Load.Should().Be(new GridLoad(750, 2250));
        over.ProposedSplit.Should().HaveCountGreaterThanOrEqualTo(3);
        over.ProposedSplit.Should().AllSatisfy(p => p.Load.FitsIn(GridCapacity.Standard).Should().BeTrue());
        over.ProposedSplit.Sum(p => p.Load.Households).Should().Be(750);
        OverlayNGRobust.Union(over.ProposedSplit.Select(p => p.Area)).Area.Should().BeApproximately(District.Boundary.Area, 1e-12);
    }

    [Fact]
    public void Grids_without_a_worker_are_listed_and_only_when_assignments_are_given()
    {
        var result = GridConsolidator.Consolidate(District, CraftedLayers.All, []);
        var grids = result.Map.Grids.Select(g => new GridOutline(g.Code, g.Boundary)).ToList();
        var workers = grids.Skip(1).ToDictionary(g => g.Code, IReadOnlyList<string> (_) => ["W-001"]);
        workers[grids[2].Code] = [];

        var report = GridValidator.Validate(District.Boundary, grids, [], workers);

        report.WithoutWorker.Should().Equal(grids[0].Code, grids[2].Code);
        GridValidator.Validate(District.Boundary, grids, []).WithoutWorker.Should().BeNull();
        report.Gaps.Should().BeEmpty();
        report.Overlaps.Should().BeEmpty();
    }
}
