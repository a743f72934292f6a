using Hanan.Ops.Host.Security;
using Microsoft.AspNetCore.SignalR;
using Hanan.Ops.Host.Tests.Live;
using Hanan.Ops.Host.Tests.Security;
using Microsoft.AspNetCore.SignalR.Client;
using static Hanan.Ops.Host.Tests.Cameras.CameraEvents;

namespace Hanan.Ops.Host.Tests.Cameras;

public sealed class AlertPushTests(EmbeddedHost host) : IClassFixture<EmbeddedHost>
{
    [Fact]
    public async Task A_cloned_plate_reaches_the_police_in_full_and_the_wall_masked_within_a_second_of_ingest()
    {
        await using var police = await LiveClient.ConnectAsync(host.Factory.BaseAddress, await host.Factory.TokenAsync(Roles.Police, Officer), "cameraAlert");
        await police.Connection.InvokeAsync("JoinPolice");
        await using var wall = await LiveClient.ConnectAsync(host.Factory.BaseAddress, await host.Factory.TokenAsync(Roles.Dispatcher), "cameraAlert");
        await wall.Connection.InvokeAsync("JoinWall");
        await using var supervision = await LiveClient.ConnectAsync(host.Factory.BaseAddress, await host.Factory.TokenAsync(Roles.Supervision), "cameraAlert");
        await supervision.Connection.InvokeAsync("JoinSupervision");
        using var box = await EdgeBoxAsync(host.Factory);
        var plate = NewPlate("45");
        var (a, b) = FarApart(host.Factory);
        var now = host.Factory.Clock.GetUtcNow();

        await PostAsync(box, Plate(a, now.AddMinutes(-2), plate), Plate(b, now.AddMinutes(-1), plate));

        var full = await police.NextAsync(m => m["plate"]?.GetValue<string>() == plate, TimeSpan.FromSeconds(1), "the police group gets the alert");
        full["kind"]!.GetValue<string>().Should().Be("ClonedPlate");
        var masked = await wall.NextAsync(m => m["id"]!.GetValue<Guid>() == full["id"]!.GetValue<Guid>(), TimeSpan.FromSeconds(1), "the wall gets it");
        masked["plate"]!.GetValue<string>().Should().Be(plate[..2] + "·***45");
        var other = () => supervision.NextAsync(_ => true, TimeSpan.FromMilliseconds(500), "the supervision group");
        await other.Should().ThrowAsync<TimeoutException>("alerts go to the wall and the police only");
    }

    [Fact]
    public async Task A_camera_that_goes_silent_reaches_the_wall_as_an_offline_alert_and_status()
    {
        await using var wall = await LiveClient.ConnectAsync(host.Factory.BaseAddress, await host.Factory.TokenAsync(Roles.Leader), "cameraStatus");
        await wall.Connection.InvokeAsync("JoinWall");
        using var box = await EdgeBoxAsync(host.Factory);
        var camera = Network(host.Factory).Cameras[20];
        (await box.PostAsync(new Uri($"/api/cameras/{camera.Id.Value}/heartbeat", UriKind.Relative), null)).EnsureSuccessStatusCode();
        await wall.NextAsync(m => m["cameraId"]!.GetValue<string>() == camera.Id.Value && m["online"]!.GetValue<bool>(), TimeSpan.FromSeconds(5), "online");

        host.Factory.Clock.Advance(TimeSpan.FromSeconds(61));

        await wall.NextAsync(m => m["cameraId"]!.GetValue<string>() == camera.Id.Value && !m["online"]!.GetValue<bool>(), TimeSpan.FromSeconds(5), "offline");
    }

    [Fact]
    public async Task Only_the_police_may_join_the_police_group_on_the_hub()
    {
        await using var dispatcher = await LiveClient.ConnectAsync(host.Factory.BaseAddress, await host.Factory.TokenAsync(Roles.Dispatcher), "cameraAlert");

        var join = () => dispatcher.Connection.InvokeAsync("JoinPolice");

        (await join.Should().ThrowAsync<HubException>()).Which.Message.Should().Contain(HubAccess.Refused);
    }
}
