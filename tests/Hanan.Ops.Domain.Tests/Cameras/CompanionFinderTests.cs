using Hanan.Ops.Domain.Cameras;
using static Hanan.Ops.Domain.Tests.Cameras.Reads;

namespace Hanan.Ops.Domain.Tests.Cameras;

public sealed class CompanionFinderTests
{
    private const string Target = "黑A12345";

    private static readonly PlateSighting[] TargetReads =
        [At(0, Morning), At(1, Morning.AddMinutes(2)), At(2, Morning.AddMinutes(4)), At(3, Morning.AddMinutes(6))];

    private static readonly CompanionRules Rules = new(MinSharedCameras: 3, MaxGap: TimeSpan.FromSeconds(60));

    [Fact]
    public void A_car_at_three_of_the_targets_cameras_within_a_minute_is_a_companion()
    {
        PlateSighting[] passes =
        [
            At(0, Morning.AddSeconds(20), "黑B22222"), At(1, Morning.AddMinutes(2).AddSeconds(-30), "黑B22222"),
            At(3, Morning.AddMinutes(6).AddSeconds(55), "黑B22222"),
            .. TargetReads,
        ];

        var companions = CompanionFinder.Find(Target, TargetReads, passes, Rules);

        companions.Should().ContainSingle().Which.Should().BeEquivalentTo(new Companion("黑B22222",
        [
            new SharedPass(Camera(0), Morning, Morning.AddSeconds(20)),
            new SharedPass(Camera(1), Morning.AddMinutes(2), Morning.AddMinutes(2).AddSeconds(-30)),
            new SharedPass(Camera(3), Morning.AddMinutes(6), Morning.AddMinutes(6).AddSeconds(55)),
        ]));
    }

    [Fact]
    public void Passes_outside_the_gap_or_too_few_cameras_do_not_count()
    {
        PlateSighting[] passes =
        [
            At(0, Morning.AddSeconds(61), "黑C33333"), At(1, Morning.AddMinutes(2), "黑C33333"), At(2, Morning.AddMinutes(4), "黑C33333"),
            At(0, Morning, "黑D44444"), At(1, Morning.AddMinutes(2), "黑D44444"),
        ];

        CompanionFinder.Find(Target, TargetReads, passes, Rules).Should().BeEmpty();
    }

    [Fact]
    public void Passing_one_camera_many_times_counts_it_once()
    {
        PlateSighting[] passes =
        [
            At(0, Morning, "黑E55555"), At(0, Morning.AddSeconds(10), "黑E55555"), At(0, Morning.AddSeconds(20), "黑E55555"),
            At(1, Morning.AddMinutes(2), "黑E55555"),
        ];

        CompanionFinder.Find(Target, TargetReads, passes, Rules).Should().BeEmpty();
    }

    [Fact]
    public void Companions_come_most_shared_cameras_first()
    {
        PlateSighting[] passes =
        [
            .. TargetReads.Take(3).Select(r => r with { Plate = "黑F66666" }),
            .. TargetReads.Select(r => r with { Plate = "黑G77777", At = r.At.AddSeconds(5) }),
        ];

        CompanionFinder.Find(Target, TargetReads, passes, Rules).Select(c => (c.Plate, c.SharedCameras))
            .Should().Equal(("黑G77777", 4), ("黑F66666", 3));
    }

    [Theory]
    [InlineData(1, 60)]
    [InlineData(3, -1)]
    [InlineData(3, 7200)]
    public void Rules_outside_their_ranges_are_refused(int k, int seconds) =>
        new CompanionRules(k, TimeSpan.FromSeconds(seconds)).Check().Should().NotBeNull();
}
