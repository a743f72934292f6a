using Hanan.Ops.Domain.Geography;
using NetTopologySuite.Algorithm;
using NetTopologySuite.Coverage;
using NetTopologySuite.Geometries;

namespace Hanan.Ops.Domain.Tests.Geography;

[Collection(DemoDistrictCollection.Name)]
public sealed class DemoDistrictGeometryTests(DemoDistrictFixture fixture)
{
    private DistrictMap Map => fixture.Map;

    private IEnumerable<IDistrictUnit> AllUnits => Map.Streets.Concat<IDistrictUnit>(Map.Communities).Concat(Map.Grids);

    [Fact]
    public void Every_unit_is_a_single_valid_polygon_in_wgs84_on_the_precision_grid()
    {
        AllUnits.Select(u => u.Boundary).Append(Map.Boundary).Should().AllSatisfy(polygon =>
        {
            polygon.IsEmpty.Should().BeFalse();
            polygon.IsValid.Should().BeTrue();
            polygon.SRID.Should().Be(Wgs84.Srid);
            polygon.Coordinates.Should().OnlyContain(c => OnGrid(c.X) && OnGrid(c.Y));
        });
    }

    [Fact]
    public void Rings_are_oriented_as_geojson_asks()
    {
        AllUnits.Select(u => u.Boundary).Append(Map.Boundary).Should().AllSatisfy(polygon =>
        {
            Orientation.IsCCW(polygon.Shell.CoordinateSequence).Should().BeTrue();
            polygon.Holes.Where(h => Orientation.IsCCW(h.CoordinateSequence)).Should().BeEmpty();
        });
    }

    [Fact]
    public void Streets_partition_the_district()
    {
        PartitionAssert.Partitions(Map.Streets, Map.Boundary, "the district");
    }

    [Fact]
    public void Communities_partition_their_street()
    {
        foreach (var street in Map.Streets)
        {
            PartitionAssert.Partitions(Map.CommunitiesOf(street.Code), street.Boundary, street.Code);
        }
    }

    [Fact]
    public void Grids_partition_their_community()
    {
        foreach (var community in Map.Communities)
        {
            PartitionAssert.Partitions(Map.GridsOf(community.Code), community.Boundary, community.Code);
        }
    }

    [Fact]
    public void Each_layer_is_a_clean_coverage_whose_neighbours_share_borders_vertex_for_vertex()
    {
        foreach (IReadOnlyList<IDistrictUnit> layer in new IReadOnlyList<IDistrictUnit>[] { Map.Streets, Map.Communities, Map.Grids })
        {
            CoverageValidator.IsValid(layer.Select(u => (Geometry)u.Boundary).ToArray()).Should().BeTrue();
        }
    }

    [Fact]
    public void Grids_have_no_overlapping_neighbours_across_community_and_street_borders()
    {
        var pairs = PartitionAssert.NeighbourPairs(Map.Grids);

        pairs.Should().Contain(p => ((Grid)p.A).StreetCode != ((Grid)p.B).StreetCode, "the check must include grids of different streets");
        pairs.Should().AllSatisfy(p =>
            p.A.Boundary.Relate(p.B.Boundary).Get(Location.Interior, Location.Interior).Should().Be(Dimension.False));
    }

    [Fact]
    public void No_grid_is_a_sliver()
    {
        Map.Grids.Should().OnlyContain(g => g.AreaSquareMeters > 2_000, "grids of a few thousand m² or less would be artefacts");
    }

    private static bool OnGrid(double value) => Math.Round(value * 1e7) / 1e7 == value;
}
