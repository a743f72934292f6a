using Hanan.Ops.Domain.Geography;
using NetTopologySuite.Algorithm.Distance;
using NetTopologySuite.Coverage;
using NetTopologySuite.Geometries;

namespace Hanan.Ops.Domain.Tests.Geography;

[Collection(DemoDistrictCollection.Name)]
public sealed class DistrictMapSimplifyTests(DemoDistrictFixture fixture)
{
    private const double ToleranceMeters = 25;

    private DistrictMap Map => fixture.Map;

    [Fact]
    public void Simplifying_keeps_every_unit_but_with_fewer_vertices()
    {
        var simplified = Map.Simplify(ToleranceMeters);

        simplified.Grids.Select(g => (g.Code, g.Name, g.CommunityCode, g.StreetCode))
            .Should().Equal(Map.Grids.Select(g => (g.Code, g.Name, g.CommunityCode, g.StreetCode)));
        simplified.Communities.Select(c => (c.Code, c.Name)).Should().Equal(Map.Communities.Select(c => (c.Code, c.Name)));
        simplified.Streets.Select(s => (s.Code, s.Name)).Should().Equal(Map.Streets.Select(s => (s.Code, s.Name)));
        VertexCount(simplified).Should().BeLessThan(VertexCount(Map) * 9 / 10);
    }

    [Fact]
    public void Simplified_layers_still_nest_exactly_without_gaps_or_overlaps()
    {
        var simplified = Map.Simplify(ToleranceMeters);

        simplified.Grids.Should().OnlyContain(g => g.Boundary.IsValid);
        CoverageValidator.IsValid(simplified.Grids.Select(g => (Geometry)g.Boundary).ToArray()).Should().BeTrue();
        PartitionAssert.Partitions(simplified.Streets, simplified.Boundary, "the simplified district");
        foreach (var street in simplified.Streets)
        {
            PartitionAssert.Partitions(simplified.CommunitiesOf(street.Code), street.Boundary, street.Code);
        }

        foreach (var community in simplified.Communities)
        {
            PartitionAssert.Partitions(simplified.GridsOf(community.Code), community.Boundary, community.Code);
        }
    }

    [Fact]
    public void Simplified_grids_stay_close_to_the_originals()
    {
        var simplified = Map.Simplify(ToleranceMeters);
        var toleranceDegrees = ToleranceMeters / 111_195.0;

        simplified.Grids.Zip(Map.Grids).Should().OnlyContain(pair =>
            DiscreteHausdorffDistance.Distance(pair.First.Boundary, pair.Second.Boundary) <= toleranceDegrees);
        simplified.AreaSquareMeters.Should().BeApproximately(Map.AreaSquareMeters, 0.01 * Map.AreaSquareMeters);
    }

    [Fact]
    public void A_tolerance_of_zero_keeps_the_grid_outlines()
    {
        var same = Map.Simplify(0);

        same.Grids.Zip(Map.Grids).Should().OnlyContain(pair =>
            pair.First.Boundary.NumPoints == pair.Second.Boundary.NumPoints &&
            pair.First.Boundary.EqualsTopologically(pair.Second.Boundary));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_negative_or_non_finite_tolerance_is_rejected(double tolerance)
    {
        Map.Invoking(m => m.Simplify(tolerance)).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Grids_that_overlap_cannot_be_simplified()
    {
        var grids = HandBuiltLayout.Grids.ToArray();
        grids[0] = grids[0] with { Boundary = HandBuiltLayout.Box(126.64, 45.50, 126.70, 45.55) };
        var map = DistrictMap.FromLayers(HandBuiltLayout.Whole, [HandBuiltLayout.TestStreet], [HandBuiltLayout.TestCommunity], grids);

        map.Invoking(m => m.Simplify(ToleranceMeters)).Should().Throw<InvalidOperationException>();
    }

    private static int VertexCount(DistrictMap map) => map.Grids.Sum(g => g.Boundary.NumPoints);
}
