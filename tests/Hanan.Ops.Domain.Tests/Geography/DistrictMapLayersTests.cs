using Hanan.Ops.Domain.Geography;
using NetTopologySuite.Geometries;
using static Hanan.Ops.Domain.Tests.Geography.HandBuiltLayout;

namespace Hanan.Ops.Domain.Tests.Geography;

public sealed class DistrictMapLayersTests
{
    [Theory]
    [InlineData(Centre, Middle, "001")] // the centre vertex is shared by all four grids
    [InlineData(45.575, Middle, "002")] // edge between 004 and 002
    [InlineData(Centre, 126.675, "001")] // edge between 002 and 001
    [InlineData(Centre, 126.625, "003")] // edge between 004 and 003
    [InlineData(45.525, Middle, "001")] // edge between 003 and 001
    [InlineData(45.58, 126.62, "004")] // inside 004
    [InlineData(North, 126.62, "004")] // on the district boundary, one grid only
    public void A_point_belongs_to_the_grid_with_the_smallest_code_among_those_whose_closed_polygon_covers_it(
        double latitude, double longitude, string expectedSerial)
    {
        Map().Locate(latitude, longitude)!.Code.Should().Be(CommunityCode + expectedSerial);
    }

    [Theory]
    [InlineData(45.61, 126.62)]
    [InlineData(45.55, 126.70001)]
    public void A_point_outside_every_grid_locates_to_null(double latitude, double longitude)
    {
        var map = Map();

        map.Locate(latitude, longitude).Should().BeNull();
        map.Contains(latitude, longitude).Should().BeFalse();
    }

    [Fact]
    public void Valid_layers_are_accepted_and_ordered_by_code()
    {
        var map = DistrictMap.FromLayers(Whole, [TestStreet], [TestCommunity], Grids.Reverse());

        map.Grids.Select(g => g.Code[12..]).Should().Equal("001", "002", "003", "004");
        map.FindStreet(StreetCode)!.Name.Should().Be("兴建街道");
        map.GridsOf(CommunityCode).Should().HaveCount(4);
        map.AreaSquareMeters.Should().BeApproximately(4 * Grids[0].AreaSquareMeters, 1e-3 * map.AreaSquareMeters);
    }

    [Fact]
    public void A_community_code_that_does_not_extend_its_street_code_is_rejected()
    {
        var stray = TestCommunity with { Code = "230108002001" };

        RejectsWith(Whole, [TestStreet], [TestCommunity, stray], Grids, "*230108002001*does not extend*230108001*");
    }

    [Fact]
    public void A_grid_whose_community_is_missing_is_rejected()
    {
        var orphan = GridAt("005", West, South, Middle, Centre) with
        {
            Code = "230108001002001",
            CommunityCode = "230108001002",
        };

        RejectsWith(Whole, [TestStreet], [TestCommunity], [.. Grids, orphan], "*230108001002001*230108001002*not in the layers*");
    }

    [Fact]
    public void A_grid_with_the_wrong_street_code_is_rejected()
    {
        var grids = Grids.Select((g, i) => i == 0 ? g with { StreetCode = "230108009" } : g).ToArray();

        RejectsWith(Whole, [TestStreet], [TestCommunity], grids, "*230108001001001*street 230108009*");
    }

    [Fact]
    public void Duplicate_codes_are_rejected()
    {
        RejectsWith(Whole, [TestStreet], [TestCommunity], [.. Grids, Grids[0]], "*230108001001001 is used more than once*");
    }

    [Fact]
    public void Codes_of_the_wrong_length_or_outside_the_district_are_rejected()
    {
        RejectsWith(Whole, [TestStreet, TestStreet with { Code = "23010800A" }], [TestCommunity], Grids, "*'23010800A' is not 9 digits*");
        RejectsWith(Whole, [TestStreet, TestStreet with { Code = "230109001" }], [TestCommunity], Grids, "*230109001*district code 230108*");
    }

    [Fact]
    public void Units_without_children_or_names_are_rejected()
    {
        var empty = TestCommunity with { Code = "230108001002" };

        RejectsWith(Whole, [TestStreet], [TestCommunity, empty], Grids, "*community 230108001002 has no grids*");
        RejectsWith(Whole, [TestStreet with { Name = " " }], [TestCommunity], Grids, "*street 230108001 has no name*");
    }

    [Fact]
    public void An_invalid_polygon_is_rejected()
    {
        var bowTie = Wgs84.Factory.CreatePolygon(
        [
            new Coordinate(West, South), new Coordinate(Middle, Centre), new Coordinate(West, Centre),
            new Coordinate(Middle, South), new Coordinate(West, South),
        ]);
        var grids = Grids.Select((g, i) => i == 2 ? g with { Boundary = bowTie } : g).ToArray();

        RejectsWith(Whole, [TestStreet], [TestCommunity], grids, "*grid 230108001001003 is not a valid polygon*");
    }

    [Fact]
    public void Polygons_not_in_wgs84_longitude_latitude_are_rejected()
    {
        var projected = new GeometryFactory(new PrecisionModel(), 3857).CreatePolygon(Whole.Shell.Coordinates);
        var swapped = Box(South, West, Centre, Middle);

        RejectsWith(projected, [TestStreet], [TestCommunity], Grids, "*district boundary has SRID 3857*");
        RejectsWith(Whole, [TestStreet], [TestCommunity with { Boundary = swapped }], Grids, "*community 230108001001 lies outside*swapped*");
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var grids = Grids.Select(g => g with { StreetCode = "230108009" }).ToArray();

        var act = () => DistrictMap.FromLayers(Whole, [TestStreet], [TestCommunity], grids);

        act.Should().Throw<ArgumentException>().Which.Message.Split(Environment.NewLine).Should().HaveCount(5);
    }

    private static void RejectsWith(
        Polygon boundary,
        IEnumerable<Street> streets,
        IEnumerable<Community> communities,
        IEnumerable<Grid> grids,
        string messagePattern)
    {
        var act = () => DistrictMap.FromLayers(boundary, streets, communities, grids);

        act.Should().Throw<ArgumentException>().WithMessage(messagePattern);
    }
}
