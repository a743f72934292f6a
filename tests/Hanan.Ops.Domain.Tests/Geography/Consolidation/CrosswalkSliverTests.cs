using Hanan.Ops.Domain.Geography;
using Hanan.Ops.Domain.Geography.Consolidation;
using Hanan.Ops.Domain.Geography.Layers;
using static Hanan.Ops.Domain.Tests.Geography.Consolidation.CraftedLayers;

namespace Hanan.Ops.Domain.Tests.Geography.Consolidation;

/// <summary>
/// Crosswalk rows where a departmental grid only grazes a unified grid are dropped and reported, so that a departmental
/// grid's name never points to a place it barely reaches. The crafted district's two communities meet at 126.62 E, and a
/// unified grid never crosses that border.
/// </summary>
public sealed class CrosswalkSliverTests
{
    /// <summary>About 3.9 m east of the street border at 45.61 N.</summary>
    private const double JustEast = StreetBorder + 0.00005;

    private static readonly DistrictMap District = CraftedLayers.District();

    private static readonly Department Water = new("water", "水务");

    private static readonly Department Gas = new("gas", "燃气");

    /// <summary>
    /// 水务: W-WEST covers the west community and a 3.9 m strip of the east one (about 0.25 % of it, far more than
    /// 100 m²); W-EAST the rest of the east community.
    /// </summary>
    private static DepartmentLayer Waterworks => new(Water,
    [
        new DepartmentGrid("W-WEST", null, Box(West, South, JustEast, North)),
        new DepartmentGrid("W-EAST", null, Box(JustEast, South, East, North)),
    ]);

    /// <summary>
    /// 燃气: small grids on the street border. G-SMALL is about 39 m × 44 m with a 2 m strip east of the border
    /// (about 88 m², 5 % of the grid); G-TINY, 8 m × 8 m, lies wholly west of it.
    /// </summary>
    private static DepartmentLayer Gasworks => new(Gas,
    [
        new DepartmentGrid("G-SMALL", null, Box(StreetBorder - 0.000475, 45.6150, StreetBorder + 0.000025, 45.6154)),
        new DepartmentGrid("G-TINY", null, Box(126.6050, 45.6050, 126.6051, 45.60507)),
    ]);

    [Fact]
    public void A_departmental_grid_reaching_under_one_percent_into_a_unified_grid_is_not_linked_to_it_and_the_row_is_reported()
    {
        var result = GridConsolidator.Consolidate(District, [Waterworks], []);
        var west = result.Map.GridsOf(WestCommunity).Single().Code;
        var east = result.Map.GridsOf(EastCommunity).Single().Code;

        var kept = result.Crosswalk.Where(e => e.DepartmentGridCode == "W-WEST").ToList();
        kept.Should().ContainSingle().Which.Should().Match<CrosswalkEntry>(e => e.UnifiedGridCode == west && e.Fraction == 1.0);
        var sliver = result.CrosswalkSlivers.Should().ContainSingle().Subject;
        sliver.Should().Match<CrosswalkEntry>(e => e.DepartmentCode == "water" && e.DepartmentGridCode == "W-WEST" && e.UnifiedGridCode == east);
        sliver.OverlapSquareMeters.Should().BeInRange(8_000, 9_500, "3.9 m × 2.2 km");
        sliver.Fraction.Should().BeInRange(0.002, 0.003, "its share of W-WEST, kept as it was before dropping");
        result.Crosswalk.Should().Contain(e => e.DepartmentGridCode == "W-EAST" && e.UnifiedGridCode == east && e.Fraction == 1.0);
    }

    [Fact]
    public void An_overlap_under_100_square_metres_is_a_sliver_even_when_it_is_a_larger_share()
    {
        var result = GridConsolidator.Consolidate(District, [Gasworks], []);
        var east = result.Map.GridsOf(EastCommunity).Single().Code;

        var sliver = result.CrosswalkSlivers.Should().ContainSingle().Subject;
        sliver.Should().Match<CrosswalkEntry>(e => e.DepartmentGridCode == "G-SMALL" && e.UnifiedGridCode == east);
        sliver.OverlapSquareMeters.Should().BeLessThan(100);
        sliver.Fraction.Should().BeGreaterThan(0.01);
        result.Crosswalk.Where(e => e.DepartmentGridCode == "G-SMALL").Should().ContainSingle()
            .Which.UnifiedGridCode.Should().NotBe(east);
    }

    [Fact]
    public void A_departmental_grid_smaller_than_the_threshold_still_names_the_unified_grid_it_lies_in()
    {
        var result = GridConsolidator.Consolidate(District, [Gasworks], []);

        var tiny = result.Crosswalk.Where(e => e.DepartmentGridCode == "G-TINY").Should().ContainSingle().Subject;
        tiny.OverlapSquareMeters.Should().BeLessThan(100);
        tiny.Fraction.Should().Be(1.0);
        tiny.UnifiedGridCode.Should().Be(result.Map.Locate(45.60503, 126.60505)!.Code);
    }

    [Fact]
    public void The_threshold_is_data_a_rule_that_keeps_everything_keeps_the_strip_with_its_true_share()
    {
        var result = GridConsolidator.Consolidate(District, [Waterworks], [],
            new ConsolidationOptions { CrosswalkSlivers = CrosswalkSliverRule.KeepAll });

        result.CrosswalkSlivers.Should().BeEmpty();
        var rows = result.Crosswalk.Where(e => e.DepartmentGridCode == "W-WEST").ToList();
        rows.Should().HaveCount(2);
        rows.Sum(e => e.Fraction).Should().BeApproximately(1, 1e-9);
        rows.Min(e => e.Fraction).Should().BeInRange(0.002, 0.003);

        var strict = GridConsolidator.Consolidate(District, [Waterworks], [],
            new ConsolidationOptions { CrosswalkSlivers = new CrosswalkSliverRule(MinOverlapSquareMeters: 10_000, MinShare: 0) });
        strict.CrosswalkSlivers.Should().ContainSingle(e => e.DepartmentGridCode == "W-WEST");
    }

    [Fact]
    public void Kept_shares_add_up_to_one_and_slivers_keep_their_share_of_the_whole()
    {
        var (kept, slivers) = CrosswalkSliverRule.Standard.Split([("a", 50), ("b", 9_000), ("c", 900), ("d", 60)]);

        kept.Select(k => k.Unified).Should().Equal("b", "c");
        kept.Sum(k => k.Share).Should().BeApproximately(1, 1e-12);
        kept[0].Share.Should().BeApproximately(9_000 / 9_900.0, 1e-12);
        slivers.Select(s => (s.Unified, s.Share)).Should().Equal(("a", 50 / 10_010.0), ("d", 60 / 10_010.0));
    }
}
