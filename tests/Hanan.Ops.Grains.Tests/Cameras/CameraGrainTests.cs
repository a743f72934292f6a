using Hanan.Ops.Contracts.Cameras;
using Hanan.Ops.Domain.Cameras;
using Hanan.Ops.Storage.Tests;

namespace Hanan.Ops.Grains.Tests.Cameras;

public sealed class CameraGrainTests : IAsyncLifetime
{
    private readonly DistrictCluster _district = new();

    public Task InitializeAsync() => _district.InitializeAsync();

    public Task DisposeAsync() => _district.DisposeAsync();

    private static string FirstCamera => DistrictCluster.Cameras.Value.Cameras[0].Id.Value;

    private ICameraGrain Camera => _district.Client.GetGrain<ICameraGrain>(FirstCamera);

    private IAlertBoardGrain Board => _district.Client.GetGrain<IAlertBoardGrain>(0);

    [Fact]
    public async Task A_camera_silent_for_longer_than_the_timeout_goes_offline_and_raises_one_alert_for_the_command_centre()
    {
        var status = await Camera.Heartbeat();
        status.Online.Should().BeTrue();
        status.Intersection.Should().NotBeNullOrEmpty();
        status.GridCode.Should().NotBeNull();

        _district.Clock.Advance(TimeSpan.FromSeconds(61));

        await Eventually.HoldsAsync(async () => !(await Camera.GetStatus()).Online, TimeSpan.FromSeconds(10), "the camera goes offline");
        var alerts = await Board.List(null, 10);
        alerts.Should().ContainSingle().Which.Should().Match<CameraAlert>(a =>
            a.Kind == AlertKind.CameraOffline && a.CameraId == FirstCamera && a.Status == AlertStatus.New && a.Detail.Contains("离线"));

        // Back online with the next heartbeat; a second silence is a second alert.
        (await Camera.Heartbeat()).Online.Should().BeTrue();
        _district.Clock.Advance(TimeSpan.FromSeconds(61));
        await Eventually.HoldsAsync(async () => (await Board.List(AlertStatus.New, 10)).Count == 2, TimeSpan.FromSeconds(10), "a second offline alert");
    }

    [Fact]
    public async Task A_camera_never_heard_from_since_start_up_goes_offline_once_the_timeout_has_passed_and_is_reported_once()
    {
        await Camera.Expect();
        _district.Clock.Advance(TimeSpan.FromSeconds(59));
        await Task.Delay(300); // three checks of 100 ms
        (await Board.List(null, 10)).Should().BeEmpty("the timeout has not passed yet");

        _district.Clock.Advance(TimeSpan.FromSeconds(2));

        await Eventually.HoldsAsync(async () => (await Board.List(null, 10)).Count == 1, TimeSpan.FromSeconds(10), "an offline alert");
        var alert = (await Board.List(null, 10)).Single();
        alert.Should().Match<CameraAlert>(a => a.Kind == AlertKind.CameraOffline && a.CameraId == FirstCamera && a.Detail.Contains("未收到心跳"));
        var status = await Camera.GetStatus();
        status.Online.Should().BeFalse();
        status.LastHeartbeat.Should().BeNull("it was never heard from");

        // Expected again (another host starting): already reported, so no second alert.
        await Camera.Expect();
        _district.Clock.Advance(TimeSpan.FromSeconds(61));
        await Task.Delay(300);
        (await Board.List(null, 10)).Should().ContainSingle();
        (await Camera.Heartbeat()).Online.Should().BeTrue("a first heartbeat brings it online");
    }

    [Fact]
    public async Task An_expected_camera_heard_from_in_time_raises_nothing()
    {
        await Camera.Expect();
        _district.Clock.Advance(TimeSpan.FromSeconds(30));
        await Camera.Recognised(1, 0.9);
        _district.Clock.Advance(TimeSpan.FromSeconds(40));
        await Task.Delay(300);

        (await Camera.GetStatus()).Online.Should().BeTrue();
        (await Board.List(null, 10)).Should().BeEmpty();
    }

    [Fact]
    public async Task Heartbeats_within_the_timeout_keep_the_camera_online()
    {
        await Camera.Heartbeat();
        for (var i = 0; i < 4; i++)
        {
            _district.Clock.Advance(TimeSpan.FromSeconds(50));
            await Camera.Heartbeat();
            await Task.Delay(300); // three checks of 100 ms
        }

        (await Camera.GetStatus()).Online.Should().BeTrue();
        (await Board.List(null, 10)).Should().BeEmpty();
    }

    [Fact]
    public async Task Reads_count_as_heartbeats_and_feed_the_counters_of_the_last_minute()
    {
        await Camera.Recognised(3, 2.7);
        _district.Clock.Advance(TimeSpan.FromSeconds(30));
        await Camera.Recognised(1, 0.5);

        var status = await Camera.GetStatus();
        status.Online.Should().BeTrue();
        status.RecognitionsPerMinute.Should().Be(4);
        status.MeanConfidence.Should().Be(0.8);

        _district.Clock.Advance(TimeSpan.FromSeconds(45));
        status = await Camera.GetStatus();
        status.RecognitionsPerMinute.Should().Be(1, "the first three are over a minute old");
        status.MeanConfidence.Should().Be(0.5);
    }

    [Fact]
    public async Task A_camera_that_is_not_on_the_network_is_refused()
    {
        var act = () => _district.Client.GetGrain<ICameraGrain>("23010800001320999999").GetStatus();

        await act.Should().ThrowAsync<ArgumentException>();
    }
}
