using Hanan.Ops.Domain.Cameras;
using static Hanan.Ops.Domain.Tests.Cameras.Reads;

namespace Hanan.Ops.Domain.Tests.Cameras;

public sealed class VehicleRecordTests
{
    private readonly VehicleRecord _car = new("黑A12345");

    [Fact]
    public void Reads_arriving_out_of_order_are_kept_in_time_order()
    {
        _car.Observe(At(0, Morning), Rules()).InOrder.Should().BeTrue();
        _car.Observe(At(2, Morning.AddMinutes(4)), Rules()).InOrder.Should().BeTrue();
        var late = _car.Observe(At(1, Morning.AddMinutes(2)), Rules());

        late.Duplicate.Should().BeFalse();
        late.InOrder.Should().BeFalse();
        _car.Reads.Select(r => r.CameraId).Should().Equal(Camera(0), Camera(1), Camera(2));
    }

    [Fact]
    public void A_repeated_read_by_event_id_or_by_camera_instant_and_plate_changes_nothing()
    {
        _car.Observe(At(0, Morning, eventId: "box-7:1"), Rules());
        _car.Observe(At(1, Morning.AddMinutes(2)), Rules());

        _car.Observe(At(0, Morning, eventId: "box-7:1"), Rules()).Should().Be(Observation.Repeated);
        _car.Observe(At(0, Morning, eventId: "box-9:5"), Rules()).Duplicate.Should().BeTrue("same camera, instant and plate");
        _car.Observe(At(3, Morning.AddMinutes(9), eventId: "box-7:1"), Rules()).Duplicate.Should().BeTrue("same event id");
        _car.Observe(At(1, Morning.AddMinutes(2)), Rules()).Duplicate.Should().BeTrue();
        _car.Reads.Should().HaveCount(2);
    }

    [Fact]
    public void The_trajectory_is_a_GeoJSON_LineString_over_the_cameras_in_time_order()
    {
        _car.Observe(At(1, Morning.AddMinutes(2)), Rules());
        _car.Observe(At(0, Morning), Rules());
        _car.Observe(At(1, Morning.AddMinutes(3)), Rules()); // the same camera again: one vertex
        _car.Observe(At(2, Morning.AddMinutes(5)), Rules());

        var json = _car.Trajectory(Morning, Morning.AddHours(1)).ToGeoJson("黑A·***45");

        json["type"]!.GetValue<string>().Should().Be("Feature");
        json["geometry"]!["type"]!.GetValue<string>().Should().Be("LineString");
        var coordinates = json["geometry"]!["coordinates"]!.AsArray();
        coordinates.Select(c => c![0]!.GetValue<double>()).Should().Equal(126.60, 126.60 + LongitudePerKm, 126.60 + (2 * LongitudePerKm));
        coordinates.Select(c => c![1]!.GetValue<double>()).Should().AllBeEquivalentTo(Latitude);
        json["properties"]!["cameras"]!.AsArray().Select(c => c!.GetValue<string>()).Should().Equal(Camera(0), Camera(1), Camera(2));
        json["properties"]!["plate"]!.GetValue<string>().Should().Be("黑A·***45");
    }

    [Fact]
    public void A_single_read_is_a_point_and_the_window_limits_the_trajectory()
    {
        _car.Observe(At(0, Morning), Rules());
        _car.Observe(At(1, Morning.AddHours(3)), Rules());

        _car.Trajectory(Morning, Morning.AddHours(1)).ToGeoJson()["geometry"]!["type"]!.GetValue<string>().Should().Be("Point");
        _car.Trajectory(Morning.AddHours(5), Morning.AddHours(6)).ToGeoJson()["geometry"].Should().BeNull();
    }

    [Fact]
    public void Visits_split_at_long_gaps_and_give_the_dwell()
    {
        _car.Observe(At(0, Morning), Rules());
        _car.Observe(At(1, Morning.AddMinutes(20)), Rules());
        _car.Observe(At(2, Morning.AddMinutes(50)), Rules());
        _car.Observe(At(2, Morning.AddHours(5)), Rules());

        _car.Visits(TimeSpan.FromMinutes(45)).Should().Equal(
            new Visit(Morning, Morning.AddMinutes(50), 3, 3),
            new Visit(Morning.AddHours(5), Morning.AddHours(5), 1, 1));
        _car.Visits(TimeSpan.FromMinutes(45))[0].Dwell.Should().Be(TimeSpan.FromMinutes(50));
    }

    [Fact]
    public void First_appearance_and_night_activity_survive_the_retention_purge()
    {
        var night = new DateTimeOffset(2026, 11, 25, 23, 30, 0, TimeSpan.FromHours(8));
        _car.Observe(At(0, night), Rules());
        _car.Observe(At(1, night.AddHours(5)), Rules()); // 04:30
        _car.Observe(At(2, Morning), Rules());

        _car.Prune(Morning).Should().Be(2);

        _car.Reads.Should().ContainSingle();
        _car.FirstSeen.Should().Be(night);
        _car.NightReads.Should().Be(2);
    }

    [Fact]
    public void A_read_of_another_plate_is_a_programming_error() =>
        _car.Invoking(c => c.Observe(At(0, Morning, "黑B11111"), Rules())).Should().Throw<ArgumentException>();

    [Fact]
    public void A_wanted_plate_is_reported_with_every_read()
    {
        var watchlist = new Watchlist([new WantedPlate("黑A12345", "盗抢车辆")], []);

        _car.Observe(At(0, Morning), Rules(watchlist: watchlist)).Wanted.Should().Be(new WantedPlate("黑A12345", "盗抢车辆"));
    }
}
