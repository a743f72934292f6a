using Hanan.Ops.Domain.Geography;

namespace Hanan.Ops.Domain.Tests.Geography.Consolidation;

/// <summary>The unified grid as stored (grids only, names by code) rebuilt into a district map.</summary>
[Collection(DemoConsolidationCollection.Name)]
public sealed class NestedDistrictTests(DemoConsolidationFixture demo)
{
    [Fact]
    public void A_map_rebuilt_from_the_unified_grids_alone_has_the_consolidations_streets_communities_and_outline()
    {
        var unified = demo.Result.Map;

        var map = NestedDistrict.FromGrids(unified.Grids, Names(unified.Streets), Names(unified.Communities));

        map.Grids.Select(g => g.Code).Should().Equal(unified.Grids.Select(g => g.Code));
        map.Communities.Select(c => (c.Code, c.Name, c.StreetCode)).Should().Equal(unified.Communities.Select(c => (c.Code, c.Name, c.StreetCode)));
        map.Streets.Select(s => (s.Code, s.Name)).Should().Equal(unified.Streets.Select(s => (s.Code, s.Name)));
        map.Communities.Zip(unified.Communities).Should().AllSatisfy(p =>
            p.First.Boundary.SymmetricDifference(p.Second.Boundary).Area.Should().BeLessThan(1e-10, $"community {p.First.Code} is the union of its grids"));
        map.Boundary.SymmetricDifference(demo.District.Boundary).Area.Should().BeLessThan(1e-10);
        foreach (var grid in unified.Grids)
        {
            var at = grid.LabelPoint;
            map.Locate(at.Y, at.X)!.Code.Should().Be(grid.Code);
        }
    }

    [Fact]
    public void Units_without_a_stored_name_take_the_official_street_name_or_else_their_code()
    {
        var unified = demo.Result.Map;
        var grids = unified.Grids.Where(g => g.StreetCode == "230108579").ToList();

        var map = NestedDistrict.FromGrids(grids, new Dictionary<string, string>(), new Dictionary<string, string>());

        map.Streets.Select(s => (s.Code, s.Name)).Should().Equal(("230108579", "平房农垦"));
        map.Communities.Should().NotBeEmpty().And.AllSatisfy(c => c.Name.Should().Be(c.Code));
    }

    [Fact]
    public void No_grids_make_no_district()
    {
        var build = () => NestedDistrict.FromGrids([], new Dictionary<string, string>(), new Dictionary<string, string>());

        build.Should().Throw<ArgumentException>().WithMessage("There are no grids*");
    }

    private static Dictionary<string, string> Names(IEnumerable<IDistrictUnit> units) => units.ToDictionary(u => u.Code, u => u.Name);
}
