using Hanan.Ops.Domain.Cameras;
using static Hanan.Ops.Domain.Tests.Cameras.Reads;

namespace Hanan.Ops.Domain.Tests.Cameras;

public sealed class CloneDetectionTests
{
    [Fact]
    public void Two_reads_ten_km_apart_two_minutes_apart_need_300_kmh_and_raise_a_suspicion()
    {
        var car = new VehicleRecord("黑A12345");
        car.Observe(At(0, Morning), Rules());

        var suspicion = car.Observe(At(10, Morning.AddMinutes(2)), Rules()).Suspicion;

        suspicion.Should().NotBeNull();
        suspicion!.DistanceMeters.Should().BeApproximately(10_000, 1);
        suspicion.Seconds.Should().Be(120);
        suspicion.RequiredSpeedKmh.Should().BeApproximately(300, 0.1);
    }

    [Fact]
    public void A_drive_at_a_plausible_speed_raises_nothing()
    {
        var car = new VehicleRecord("黑A12345");
        car.Observe(At(0, Morning), Rules());

        car.Observe(At(10, Morning.AddMinutes(10)), Rules()).Suspicion.Should().BeNull("60 km/h");
    }

    [Fact]
    public void A_late_read_is_checked_against_its_neighbours_in_time()
    {
        var car = new VehicleRecord("黑A12345");
        car.Observe(At(0, Morning), Rules());
        car.Observe(At(1, Morning.AddMinutes(30)), Rules());

        var late = car.Observe(At(20, Morning.AddMinutes(5)), Rules());

        late.InOrder.Should().BeFalse();
        late.Suspicion!.Earlier.CameraId.Should().Be(Camera(0));
        late.Suspicion.Later.CameraId.Should().Be(Camera(20));
    }

    [Fact]
    public void The_same_instant_at_two_distant_cameras_is_an_infinite_speed() =>
        CloneDetector.Compare(At(0, Morning), At(3, Morning), new CloneRules(), CloneDetector.GreatCircleDistance)!
            .RequiredSpeedKmh.Should().Be(double.PositiveInfinity);

    [Fact]
    public void Cameras_closer_than_the_minimum_distance_are_left_alone_however_fast() =>
        CloneDetector.Compare(At(0, Morning), At(0, Morning) with { CameraId = Camera(5), Longitude = 126.60 + (0.3 * LongitudePerKm) },
            new CloneRules(MinDistanceMeters: 500), CloneDetector.GreatCircleDistance).Should().BeNull();

    [Fact]
    public void The_road_distance_can_make_a_trip_impossible_that_the_great_circle_allows()
    {
        // 10 km as the crow flies in 5 minutes is 120 km/h; around the river by road (25 km) it is 300 km/h.
        var rules = new CloneRules(MaxSpeedKmh: 150);
        CloneDetector.Compare(At(0, Morning), At(10, Morning.AddMinutes(5)), rules, CloneDetector.GreatCircleDistance).Should().BeNull();
        CloneDetector.Compare(At(0, Morning), At(10, Morning.AddMinutes(5)), rules, (_, _) => 25_000)!.RequiredSpeedKmh.Should().BeApproximately(300, 0.001);
    }

    [Fact]
    public void After_an_alert_the_plate_is_quiet_for_the_quiet_period()
    {
        var car = new VehicleRecord("黑A12345");
        var rules = Rules() with { Cloning = new CloneRules(Quiet: TimeSpan.FromMinutes(30)) };
        car.Observe(At(0, Morning), rules);
        car.Observe(At(10, Morning.AddMinutes(1)), rules).Suspicion.Should().NotBeNull();

        car.Observe(At(0, Morning.AddMinutes(2)), rules).Suspicion.Should().BeNull("within the quiet period");
        car.Observe(At(10, Morning.AddMinutes(40)), rules).Suspicion.Should().BeNull("plausible");
        car.Observe(At(0, Morning.AddMinutes(41)), rules).Suspicion.Should().NotBeNull("after the quiet period");
        car.LastCloneAlertAt.Should().Be(Morning.AddMinutes(41));
    }

    [Theory]
    [InlineData(0, 500)]
    [InlineData(-1, 500)]
    [InlineData(150, -1)]
    public void Rules_with_no_positive_speed_or_a_negative_distance_are_refused(double speed, double distance) =>
        new CloneRules(speed, distance).Check().Should().NotBeNull();
}
