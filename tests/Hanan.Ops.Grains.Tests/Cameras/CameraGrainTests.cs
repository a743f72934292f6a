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
