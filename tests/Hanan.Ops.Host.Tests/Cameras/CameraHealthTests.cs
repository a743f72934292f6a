using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hanan.Ops.Host.Cameras;
using Hanan.Ops.Host.Security;
using Hanan.Ops.Host.Tests.Live;
using Hanan.Ops.Host.Tests.Security;
using Hanan.Ops.Storage.Tests;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using static Hanan.Ops.Host.Tests.Cameras.CameraEvents;

namespace Hanan.Ops.Host.Tests.Cameras;

public sealed class CameraHealthTests(EmbeddedHost host) : IClassFixture<EmbeddedHost>
{
    [Fact]
    public async Task A_camera_never_heard_from_since_start_up_is_reported_offline_once_its_heartbeat_timeout_has_passed()
    {
        await using var wall = await LiveClient.ConnectAsync(host.Factory.BaseAddress, await host.Factory.TokenAsync(Roles.Leader), "cameraStatus");
        await wall.Connection.InvokeAsync("JoinWall");
        using var box = await EdgeBoxAsync(host.Factory);
        var network = Network(host.Factory);
        var (heard, silent) = (network.Cameras[40], network.Cameras[41]);
        await host.Factory.Services.GetRequiredService<CameraWatchStarter>().Expected.WaitAsync(TimeSpan.FromSeconds(30));
        host.Factory.Clock.Advance(TimeSpan.FromSeconds(30));
        (await box.PostAsync(new Uri($"/api/cameras/{heard.Id.Value}/heartbeat", UriKind.Relative), null)).EnsureSuccessStatusCode();

        host.Factory.Clock.Advance(TimeSpan.FromSeconds(31));

        await wall.NextAsync(m => m["cameraId"]!.GetValue<string>() == silent.Id.Value && !m["online"]!.GetValue<bool>(), TimeSpan.FromSeconds(10),
            "the silent camera reported offline");
        var offline = new List<string>();
        await Eventually.HoldsAsync(async () =>
        {
            var alerts = await host.Dispatcher.GetFromJsonAsync<JsonArray>(new Uri("/api/alerts?limit=500", UriKind.Relative));
            offline = [.. alerts!.Where(a => a!["kind"]!.GetValue<string>() == "CameraOffline").Select(a => a!["cameraId"]!.GetValue<string>())];
            return offline.Count >= network.Cameras.Count - 1;
        }, TimeSpan.FromSeconds(15), "every camera never heard from reported");
        offline.Should().Contain(silent.Id.Value).And.NotContain(heard.Id.Value, "it was heard from 31 s ago").And.OnlyHaveUniqueItems();
        offline.Should().HaveCount(network.Cameras.Count - 1, "every other camera of the network was never heard from");
    }
}
