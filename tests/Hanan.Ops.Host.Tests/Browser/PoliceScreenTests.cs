using System.Globalization;
using Hanan.Ops.Host.Security;
using Hanan.Ops.Host.Tests.Security;
using Microsoft.Playwright;
using static Hanan.Ops.Host.Tests.Cameras.CameraEvents;
using static Microsoft.Playwright.Assertions;

namespace Hanan.Ops.Host.Tests.Browser;

/// <summary>The police screen (/police.html) in Debian's Chromium against the real host: queue, plate query, replay.</summary>
public sealed class PoliceScreenTests(Chromium chromium) : IClassFixture<Chromium>
{
    private const float Patience = WallDisplayTests.Patience;
    private const string Reason = "HN-2026-000123 盗窃案侦查";

    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    private static async Task<IntranetPage> OpenAsPoliceAsync(Chromium chromium, DistrictHostFactory host)
    {
        var page = await IntranetPage.OpenAsync(chromium, host.BaseAddress);
        await page.SignInAsync(host, Roles.Police, Officer);
        await page.GotoAsync("/police.html");
        await Expect(page.Page.Locator("body")).ToHaveAttributeAsync("data-ready", "true", new() { Timeout = Patience });
        return page;
    }

    private static string Local(DateTimeOffset at) => at.ToOffset(Beijing).ToString("MM/dd HH:mm:ss", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Police_replays_a_trajectory_on_the_district_map_after_stating_a_reason()
    {
        await using var host = new DistrictHostFactory();
        using var box = await EdgeBoxAsync(host);
        var plate = NewPlate("45");
        var companion = NewPlate("77");
        var route = Route(host, 4);
        var t0 = host.Clock.GetUtcNow().AddMinutes(-30);
        var events = new List<object>();
        for (var i = 0; i < route.Count; i++)
        {
            events.Add(Plate(route[i], t0.AddMinutes(i), plate));
            events.Add(Plate(route[i], t0.AddMinutes(i).AddSeconds(20), companion));
        }

        await PostAsync(box, [.. events]);
        await using var page = await OpenAsPoliceAsync(chromium, host);

        await page.Page.FillAsync("#query-plate", plate[..2] + "·" + plate[2..]);
        await page.Page.FillAsync("#query-reason", Reason);
        (await page.Page.InputValueAsync("#query-k")).Should().Be("6", "the screen proposes the k that keeps strangers out");
        // The planted companion shares only the target's 4 cameras: the officer lowers k for this short trip.
        await page.Page.FillAsync("#query-k", "4");
        await page.Page.ClickAsync("#query-submit");

        var sightings = page.Page.Locator("#sightings li[data-camera]");
        await Expect(sightings).ToHaveCountAsync(4, new() { Timeout = Patience });
        for (var i = 0; i < route.Count; i++)
        {
            await Expect(sightings.Nth(i)).ToHaveAttributeAsync("data-camera", route[i].Id.Value);
            await Expect(sightings.Nth(i)).ToContainTextAsync(Local(t0.AddMinutes(i)));
            await Expect(sightings.Nth(i)).ToContainTextAsync(route[i].Intersection);
        }

        var path = page.Page.Locator("svg #trajectory-path");
        (await path.GetAttributeAsync("points"))!.Split(' ').Should().HaveCount(4, "the polyline runs through the four cameras");
        var stops = page.Page.Locator("svg g.trajectory circle.stop");
        var marker = page.Page.Locator("svg #replay-marker");
        await Expect(marker).ToHaveAttributeAsync("data-index", "0");
        await Expect(marker).ToHaveAttributeAsync("cx", (await stops.Nth(0).GetAttributeAsync("cx"))!);

        // The slider moves the marker through the sightings in time order.
        await page.Page.EvalOnSelectorAsync("#replay-slider", "s => { s.value = '1000'; s.dispatchEvent(new Event('input')); }");
        await Expect(marker).ToHaveAttributeAsync("data-index", "3");
        await Expect(marker).ToHaveAttributeAsync("cx", (await stops.Nth(3).GetAttributeAsync("cx"))!);
        await Expect(marker).ToHaveAttributeAsync("cy", (await stops.Nth(3).GetAttributeAsync("cy"))!);
        await Expect(page.Page.Locator("#sightings li.current")).ToHaveAttributeAsync("data-index", "3");
        await page.Page.EvalOnSelectorAsync("#replay-slider", "s => { s.value = '500'; s.dispatchEvent(new Event('input')); }");
        await Expect(marker).ToHaveAttributeAsync("data-index", "1");
        await Expect(page.Page.Locator("#replay-time")).ToContainTextAsync("第 2 / 4 个卡口");

        // Play, pause, play to the end.
        await page.Page.EvalOnSelectorAsync("#replay-slider", "s => { s.value = '0'; s.dispatchEvent(new Event('input')); }");
        var play = page.Page.Locator("#replay-play");
        await play.ClickAsync();
        await Expect(play).ToHaveAttributeAsync("data-state", "playing");
        await Expect(marker).ToHaveAttributeAsync("data-index", "1", new() { Timeout = Patience });
        await play.ClickAsync();
        await Expect(play).ToHaveAttributeAsync("data-state", "paused");
        await Expect(play).ToHaveTextAsync("播放");
        await play.ClickAsync();
        await Expect(play).ToHaveAttributeAsync("data-state", "ended", new() { Timeout = Patience });
        await Expect(marker).ToHaveAttributeAsync("data-index", "3");

        await Expect(page.Page.Locator($"#companions li[data-plate='{companion}']")).ToContainTextAsync("共同经过 4 个卡口");
        await Expect(page.Page.Locator("#profile")).ToContainTextAsync("4 次");

        using var auditor = await host.ClientAsAsync(Roles.Auditor, "auditor-police-screen");
        var records = await Security.DataScopeTests.AuditRecordsAsync(auditor);
        records.Where(r => r["entry"]!["action"]!.GetValue<string>() == "police.query" && r["entry"]!["actor"]!.GetValue<string>() == Officer)
            .Select(r => r["entry"]!["detail"]!.GetValue<string>())
            .Should().HaveCount(3, "profile, trajectory and companions are each audited").And.OnlyContain(d => d.Contains(Reason, StringComparison.Ordinal));

        page.ForeignRequests.Should().BeEmpty("the police screen loads everything from the host");
        page.Errors.Should().BeEmpty();
        await page.ScreenshotAsync("police.png");
    }

    [Fact]
    public async Task A_police_query_without_a_reason_is_refused_with_the_field_named()
    {
        await using var host = new DistrictHostFactory();
        await using var page = await OpenAsPoliceAsync(chromium, host);

        await page.Page.FillAsync("#query-plate", "黑A12345");
        var answer = page.Page.WaitForResponseAsync(r => r.Url.Contains("/api/police/vehicles/", StringComparison.Ordinal));
        await page.Page.ClickAsync("#query-submit");

        (await answer).Status.Should().Be(400, "the host refuses a police query without a reason");
        var slot = page.Page.Locator("#query-form [data-field-error='reason']");
        await Expect(slot).ToHaveTextAsync("请填写理由，且不要过长", new() { Timeout = Patience });
        await Expect(page.Page.Locator("#query-reason")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Page.Locator("#query-result")).ToHaveTextAsync("查询未被受理，请按提示修改");
        await Expect(page.Page.Locator("#result")).ToBeHiddenAsync();
        (await page.Page.Locator("svg #trajectory-path").CountAsync()).Should().Be(0, "nothing is drawn without a reason");

        // The duty reason of the alert queue too: too short is refused by the host.
        await page.Page.FillAsync("#queue-reason", "ab");
        await page.Page.ClickAsync("#queue-load");
        await Expect(page.Page.Locator("#queue-form [data-field-error='reason']")).ToHaveTextAsync("请填写理由，且不要过长", new() { Timeout = Patience });
        await Expect(page.Page.Locator("#connection")).ToBeHiddenAsync();

        page.ForeignRequests.Should().BeEmpty();
        page.Errors.Where(e => !e.Contains("400", StringComparison.Ordinal)).Should().BeEmpty("the only console errors are the refused requests");
    }

    [Fact]
    public async Task Police_screen_refuses_a_dispatcher()
    {
        await using var host = new DistrictHostFactory();
        await using var page = await IntranetPage.OpenAsync(chromium, host.BaseAddress);
        var requests = new List<string>();
        page.Page.Request += (_, r) => requests.Add(r.Url);
        await page.SignInAsync(host, Roles.Dispatcher, "dispatcher-1");
        await page.GotoAsync("/police.html");

        var refusal = page.Page.Locator("#refusal");
        await Expect(refusal).ToBeVisibleAsync(new() { Timeout = Patience });
        await Expect(refusal).ToContainTextAsync("当前身份不能使用本屏幕");
        await Expect(refusal).ToContainTextAsync("本屏幕供公安使用");
        await Expect(page.Page.Locator("#desk")).ToBeHiddenAsync();
        requests.Should().NotContain(u => u.Contains("/api/", StringComparison.Ordinal), "a refused screen asks the host for nothing");
        page.ForeignRequests.Should().BeEmpty();
        page.Errors.Should().BeEmpty();
    }

    [Fact]
    public async Task Police_handle_a_live_alert_with_the_full_plate_from_acknowledge_to_dispatch()
    {
        await using var host = new DistrictHostFactory();
        using var box = await EdgeBoxAsync(host);
        var plate = NewPlate("45");
        var (a, b) = FarApart(host);
        await using var page = await OpenAsPoliceAsync(chromium, host);
        await page.Page.FillAsync("#queue-reason", "110指挥中心值班，处置实时预警");
        await page.Page.ClickAsync("#queue-load");
        await Expect(page.Page.Locator("#connection")).ToHaveAttributeAsync("data-state", "connected", new() { Timeout = Patience });

        var now = host.Clock.GetUtcNow();
        await PostAsync(box, Plate(a, now.AddMinutes(-2), plate), Plate(b, now.AddMinutes(-1), plate));

        var alert = page.Page.Locator("#queue li[data-kind='ClonedPlate']");
        await Expect(alert.Locator(".plate")).ToHaveTextAsync(plate, new() { Timeout = Patience });
        await Expect(alert.Locator(".kind")).ToHaveTextAsync("套牌");
        await Expect(alert.Locator(".state")).ToHaveTextAsync("新");
        await alert.Locator("button[data-action='acknowledge']").ClickAsync();
        await Expect(alert.Locator(".state")).ToHaveTextAsync("已确认", new() { Timeout = Patience });
        await Expect(alert.Locator(".plate")).ToHaveTextAsync(plate, new() { Timeout = Patience });
        await alert.Locator("button[data-action='dispatch']").ClickAsync();
        await Expect(alert.Locator(".state")).ToHaveTextAsync("已派警", new() { Timeout = Patience });
        await Expect(alert.Locator(".plate")).ToHaveTextAsync(plate, new() { Timeout = Patience });
        await Expect(alert.Locator("button[data-action='dispatch']")).ToHaveCountAsync(0);

        page.ForeignRequests.Should().BeEmpty();
        page.Errors.Should().BeEmpty();
    }
}
