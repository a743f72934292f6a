using Hanan.Ops.Domain.Cameras;
using Hanan.Ops.Domain.Geography;
using NetTopologySuite.Geometries;
using static Hanan.Ops.Domain.Tests.Cameras.Reads;

namespace Hanan.Ops.Domain.Tests.Cameras;

public sealed class FenceWatchTests
{
    /// <summary>A box around the cameras at km 1 and 2 of the test road.</summary>
    private static Polygon Box()
    {
        var (west, east) = (126.60 + (0.5 * LongitudePerKm), 126.60 + (2.5 * LongitudePerKm));
        return Wgs84.Factory.CreatePolygon([new(west, 45.59), new(east, 45.59), new(east, 45.61), new(west, 45.61), new(west, 45.59)]);
    }

    private static Fence FenceWith(FenceRule rule) => new("school-1", "第一小学", Box(), rule);

    private static IReadOnlyList<FenceCrossing> Drive(Fence fence, params PlateSighting[] reads)
    {
        var car = new VehicleRecord("黑A12345");
        return [.. reads.SelectMany(r => car.Observe(r, Rules([fence])).Fences).Select(e => e.Crossing)];
    }

    [Fact]
    public void Entering_and_leaving_are_reported_once_each()
    {
        var fence = FenceWith(new FenceRule(OnEnter: true, OnExit: true, null, null));

        Drive(fence, At(0, Morning), At(1, Morning.AddMinutes(2)), At(2, Morning.AddMinutes(4)), At(3, Morning.AddMinutes(6)))
            .Should().Equal(FenceCrossing.Enter, FenceCrossing.Exit);
    }

    [Fact]
    public void A_stay_longer_than_the_limit_is_reported_once_while_inside()
    {
        var fence = FenceWith(new FenceRule(OnEnter: false, OnExit: false, TimeSpan.FromMinutes(10), null));

        Drive(fence, At(1, Morning), At(2, Morning.AddMinutes(9)), At(1, Morning.AddMinutes(11)), At(2, Morning.AddMinutes(30)), At(3, Morning.AddMinutes(31)))
            .Should().Equal(FenceCrossing.Dwell);
    }

    [Fact]
    public void A_long_stay_seen_only_at_the_exit_is_reported_at_the_exit()
    {
        var fence = FenceWith(new FenceRule(OnEnter: false, OnExit: true, TimeSpan.FromMinutes(10), null));

        Drive(fence, At(1, Morning), At(3, Morning.AddMinutes(15))).Should().Equal(FenceCrossing.Dwell, FenceCrossing.Exit);
    }

    [Fact]
    public void A_short_stay_is_not_a_dwell() =>
        Drive(FenceWith(new FenceRule(false, false, TimeSpan.FromMinutes(10), null)), At(1, Morning), At(2, Morning.AddMinutes(5)), At(3, Morning.AddMinutes(6)))
            .Should().BeEmpty();

    [Fact]
    public void Outside_its_hours_a_fence_reports_nothing()
    {
        var nights = new FenceRule(OnEnter: true, OnExit: true, null, new TimeWindow(new TimeOnly(22, 0), new TimeOnly(6, 0)));
        var night = new DateTimeOffset(2026, 11, 26, 23, 50, 0, TimeSpan.FromHours(8));

        Drive(FenceWith(nights), At(1, Morning), At(3, Morning.AddMinutes(2))).Should().BeEmpty();
        Drive(FenceWith(nights), At(1, night), At(3, night.AddMinutes(20))).Should().Equal([FenceCrossing.Enter, FenceCrossing.Exit], "the window wraps midnight");
    }

    [Fact]
    public void A_stay_with_no_read_inside_for_the_gap_ends_unseen_and_the_next_read_enters_again()
    {
        var fence = FenceWith(new FenceRule(OnEnter: true, OnExit: false, TimeSpan.FromMinutes(10), null, StayGap: TimeSpan.FromHours(2)));

        Drive(fence, At(1, Morning), At(2, Morning.AddHours(3))).Should().Equal(FenceCrossing.Enter, FenceCrossing.Enter);
    }

    [Fact]
    public void A_late_read_does_not_move_the_fences()
    {
        var fence = FenceWith(new FenceRule(OnEnter: true, OnExit: true, null, null));
        var car = new VehicleRecord("黑A12345");
        car.Observe(At(0, Morning), Rules([fence]));
        car.Observe(At(3, Morning.AddMinutes(10)), Rules([fence]));

        car.Observe(At(1, Morning.AddMinutes(3)), Rules([fence])).Fences.Should().BeEmpty();
        car.Stays.Should().BeEmpty();
    }

    [Fact]
    public void A_self_intersecting_polygon_is_refused()
    {
        var bowtie = Wgs84.Factory.CreatePolygon([new(126.60, 45.60), new(126.61, 45.61), new(126.61, 45.60), new(126.60, 45.61), new(126.60, 45.60)]);

        Fence.CheckArea(bowtie).Should().Contain("not valid");
        Fence.CheckArea(Box()).Should().BeNull();
    }
}
