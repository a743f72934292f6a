using System.Net.Http.Json;
using Hanan.Ops.Host.Security;
using Hanan.Ops.Host.Tests.Security;
using Microsoft.Playwright;
using static Hanan.Ops.Host.Tests.Cameras.CameraEvents;
using static Microsoft.Playwright.Assertions;

namespace Hanan.Ops.Host.Tests.Browser;

/// <summary>The wall's smart-security layer: the 152 cameras on the map, their status live, and alerts with masked plates.</summary>
public sealed class CameraWallTests(Chromium chromium) : IClassFixture<Chromium>
{
    private const float Patience = WallDisplayTests.Patience;

    [Fact]
    public async Task Wall_shows_camera_status_and_a_camera_going_offline_live()
    {
        // The scene is two cameras: the other 150, never heard from, would be reported offline too after 60 s (that
        // report has its own test, CameraHealthTests).
        await using var host = new DistrictHostFactory(settings: new Dictionary<string, string?> { ["Hanan:Cameras:ExpectFromStart"] = "false" });
        var network = Network(host);
        var (a, b) = (network.Cameras[20], network.Cameras[21]);
        using var box = await EdgeBoxAsync(host);
        await using var page = await IntranetPage.OpenAsync(chromium, host.BaseAddress);
        await page.SignInAsync(host, Roles.Dispatcher, "dispatcher-wall");
        await page.GotoAsync("/wall.html");
        await WallPage.ConnectedAsync(page);

        var count = page.Page.Locator("#camera-count");
        await Expect(count).ToHaveTextAsync($"在线 0 / {network.Cameras.Count}", new() { Timeout = Patience });
        (await page.Page.Locator("svg g.cameras circle").CountAsync()).Should().Be(152, "every camera of the district is on the map");
        var markerA = page.Page.Locator($"svg g.cameras circle[data-camera='{a.Id.Value}']");
        var markerB = page.Page.Locator($"svg g.cameras circle[data-camera='{b.Id.Value}']");
        await Expect(markerA).ToHaveAttributeAsync("data-online", "false");
        var offlineFill = await markerA.EvaluateAsync<string>("c => getComputedStyle(c).fill");

        (await box.PostAsync(new Uri($"/api/cameras/{a.Id.Value}/heartbeat", UriKind.Relative), null)).EnsureSuccessStatusCode();
        await Expect(markerA).ToHaveAttributeAsync("data-online", "true", new() { Timeout = Patience });
        await Expect(count).ToHaveTextAsync("在线 1 / 152", new() { Timeout = Patience });
        (await markerA.EvaluateAsync<string>("c => getComputedStyle(c).fill")).Should().NotBe(offlineFill, "an online camera has another colour");

        // The heartbeat timeout (60 s) is measured on the district clock: A falls silent for 70 s, B for 30 s.
        host.Clock.Advance(TimeSpan.FromSeconds(40));
        (await box.PostAsync(new Uri($"/api/cameras/{b.Id.Value}/heartbeat", UriKind.Relative), null)).EnsureSuccessStatusCode();
        await Expect(count).ToHaveTextAsync("在线 2 / 152", new() { Timeout = Patience });
        host.Clock.Advance(TimeSpan.FromSeconds(30));

        await Expect(markerA).ToHaveAttributeAsync("data-online", "false", new() { Timeout = Patience });
        await Expect(count).ToHaveTextAsync("在线 1 / 152", new() { Timeout = Patience });
        await Expect(markerB).ToHaveAttributeAsync("data-online", "true");
        var alert = page.Page.Locator("#camera-alerts li[data-kind='CameraOffline']");
        await Expect(alert).ToHaveCountAsync(1, new() { Timeout = Patience });
        await Expect(alert).ToContainTextAsync("摄像机离线");
        await Expect(alert).ToContainTextAsync(a.Intersection);
        await Expect(alert).ToHaveAttributeAsync("data-status", "new");
        await Expect(alert.Locator(".state")).ToHaveTextAsync("新");

        page.ForeignRequests.Should().BeEmpty("the wall loads everything from the host");
        page.Errors.Should().BeEmpty();
    }

    [Fact]
    public async Task Wall_alert_list_shows_masked_plates_only()
    {
        await using var host = new DistrictHostFactory();
        using var box = await EdgeBoxAsync(host);
        var plate = NewPlate("45");
        var masked = plate[..2] + "·***45";
        var (a, b) = FarApart(host);
        await using var page = await IntranetPage.OpenAsync(chromium, host.BaseAddress);
        await page.SignInAsync(host, Roles.Leader, "leader-1");
        await page.GotoAsync("/wall.html");
        await WallPage.ConnectedAsync(page);

        var now = host.Clock.GetUtcNow();
        await PostAsync(box, Plate(a, now.AddMinutes(-2), plate), Plate(b, now.AddMinutes(-1), plate));

        var alert = page.Page.Locator("#camera-alerts li[data-kind='ClonedPlate']");
        await Expect(alert).ToHaveCountAsync(1, new() { Timeout = Patience });
        await Expect(alert.Locator(".kind")).ToHaveTextAsync("套牌");
        await Expect(alert.Locator(".plate")).ToHaveTextAsync(masked);
        await Expect(alert.Locator(".state")).ToHaveTextAsync("新");
        await Expect(alert.Locator(".place")).ToHaveTextAsync(b.Intersection);

        // The command centre acknowledges it: the wall follows live, still masked.
        var id = await alert.GetAttributeAsync("data-alert");
        using var dispatcher = await host.ClientAsAsync(Roles.Dispatcher, "dispatcher-1");
        (await dispatcher.PostAsJsonAsync(new Uri($"/api/alerts/{id}/acknowledge", UriKind.Relative), new { })).EnsureSuccessStatusCode();
        await Expect(alert.Locator(".state")).ToHaveTextAsync("已确认", new() { Timeout = Patience });

        // After a reload the list comes from GET /api/alerts: masked too.
        await page.Page.ReloadAsync(new() { WaitUntil = WaitUntilState.NetworkIdle });
        await WallPage.ConnectedAsync(page);
        await Expect(alert.Locator(".plate")).ToHaveTextAsync(masked, new() { Timeout = Patience });
        await Expect(alert).ToHaveAttributeAsync("data-status", "acknowledged");

        var body = await page.Page.InnerTextAsync("body");
        body.Should().NotContain(plate, "the wall never shows a full plate").And.NotContain(plate[2..], "nor the hidden characters");
        page.ForeignRequests.Should().BeEmpty();
        page.Errors.Should().BeEmpty();
    }
}
