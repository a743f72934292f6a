using Hanan.Ops.Domain.Cameras;
using Hanan.Ops.Domain.Cameras.Simulation;
using Hanan.Ops.Domain.Tests.Geography;

namespace Hanan.Ops.Domain.Tests.Cameras.Simulation;

[Collection(DemoDistrictCollection.Name)]
public sealed class CameraNetworkTests(DemoDistrictFixture district)
{
    private readonly CameraNetwork _network = CameraNetwork.Build(district.Map);

    [Fact]
    public void The_demo_district_has_152_cameras_with_unique_valid_IDs_at_intersections_inside_grids()
    {
        _network.Cameras.Should().HaveCount(152);
        _network.Cameras.Select(c => c.Id.Value).Should().OnlyHaveUniqueItems();
        _network.Cameras.Should().OnlyContain(c => c.Id.IsCamera && c.Id.AreaCode == "230108");
        _network.Cameras.Should().OnlyContain(c => c.GridCode != null && district.Map.Locate(c.Latitude, c.Longitude)!.Code == c.GridCode);
        _network.Cameras.Select(c => c.Node).Should().OnlyHaveUniqueItems();
        _network.Cameras.Should().Contain(c => c.Id.TypeCode == "121").And.Contain(c => c.Id.TypeCode == "132");
    }

    [Fact]
    public void The_road_graph_is_connected_and_road_distances_are_never_shorter_than_the_great_circle()
    {
        var a = _network.Cameras[0];
        _network.Cameras.Should().OnlyContain(c => _network.HopsBetween(a.Node, c.Node) >= 0);
        foreach (var b in _network.Cameras.Take(40))
        {
            var crow = Domain.Appeals.GreatCircle.DistanceMeters(a.Latitude, a.Longitude, b.Latitude, b.Longitude);
            _network.RoadMeters(a.Node, b.Node).Should().BeGreaterThanOrEqualTo(crow * 0.99);
        }

        _network.SpacingMeters.Should().BeInRange(200, 1000);
    }

    [Fact]
    public void The_same_map_gives_the_same_network() =>
        CameraNetwork.Build(district.Map).Cameras.Should().Equal(_network.Cameras);
}
