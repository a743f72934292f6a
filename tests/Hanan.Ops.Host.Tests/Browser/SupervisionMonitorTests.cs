using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hanan.Ops.Domain.Appeals;
using Hanan.Ops.Domain.Geography;
using Hanan.Ops.Host.Tests.Appeals;
using Hanan.Ops.Host.Security;
using Hanan.Ops.Host.Tests.Security;
using Hanan.Ops.Storage.Tests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Hanan.Ops.Host.Tests.Browser;

/// <summary>The supervision bureau monitor (/supervision.html) in Debian's Chromium against the real host.</summary>
public sealed class SupervisionMonitorTests(Chromium chromium) : IClassFixture<Chromium>
{
    private const float Patience = WallDisplayTests.Patience;

    /// <summary>A host whose escalation reminder re-checks every second, so a jump of the test clock is seen at once.</summary>
    private static DistrictHostFactory Host() =>
        new(settings: new Dictionary<string, string?> { ["Hanan:Escalation:ReminderPeriod"] = "00:00:01" });

    private static async Task<JsonObject> Case(HttpClient client, JsonObject receipt) =>
        (await client.GetFromJsonAsync<JsonObject>(new Uri($"/api/cases/{receipt["caseId"]!.GetValue<string>()}", UriKind.Relative)))!;

    /// <summary>An action of an officer of the case's lead bureau, signed in through the real sign-in.</summary>
    private static async Task Act(DistrictHostFactory host, string officerId, JsonObject receipt, string action, object body)
    {
        using var officer = await host.ClientAsAsync(Roles.Officer, officerId, receipt["leadBureau"]!.GetValue<string>());
        (await officer.PostAsJsonAsync(new Uri($"/api/cases/{receipt["caseId"]!.GetValue<string>()}/{action}", UriKind.Relative), body)).EnsureSuccessStatusCode();
    }

    /// <summary>
    /// Every bureau of the case claims its part and acts on it in time, as a working desk does: a claim limit missed
    /// would make the case overdue (超期) on its own, before any resolve deadline.
    /// </summary>
    private static async Task TakeUpAsync(DistrictHostFactory host, HttpClient client, JsonObject receipt)
    {
        var id = receipt["caseId"]!.GetValue<string>();
        foreach (var bureau in (await Case(client, receipt))["assignments"]!.AsArray().Select(a => a!["bureauId"]!.GetValue<string>()))
        {
            using var officer = await host.ClientAsAsync(Roles.Officer, $"officer-{bureau}", bureau);
            (await officer.PostAsJsonAsync(new Uri($"/api/cases/{id}/claim", UriKind.Relative), new { })).EnsureSuccessStatusCode();
            (await officer.PostAsJsonAsync(new Uri($"/api/cases/{id}/notes", UriKind.Relative), new { text = "已安排人员处理", @public = false })).EnsureSuccessStatusCode();
        }
    }

    /// <summary>The monitor, signed in as <paramref name="user"/> of the supervision bureau (or another role).</summary>
    private static async Task OpenMonitorAsync(IntranetPage page, DistrictHostFactory host, string user = "sup-01", string role = Roles.Supervision)
    {
        await page.SignInAsync(host, role, user);
        await page.GotoAsync("/supervision.html");
    }

    private static ILocator Row(IntranetPage page, JsonObject receipt) => page.Page.Locator($"#cases tr[data-case='{receipt["caseNumber"]!.GetValue<string>()}']");

    [Fact]
    public async Task An_escalation_driven_by_the_test_clock_appears_on_the_supervision_monitor()
    {
        await using var host = Host();
        using var client = await host.ClientAsAsync(Roles.Dispatcher);
        var receipt = await FileAppeal.Async(host, client, "noise", 5);
        await TakeUpAsync(host, client, receipt);
        var number = receipt["caseNumber"]!.GetValue<string>();
        var deadlines = (await Case(client, receipt))["deadlines"]!;
        await using var page = await IntranetPage.OpenAsync(chromium, host.BaseAddress);
        await OpenMonitorAsync(page, host);
        await WallPage.ConnectedAsync(page);

        var row = Row(page, receipt);
        await Expect(row).ToHaveAttributeAsync("data-state", "normal", new() { Timeout = Patience });
        await Expect(row.Locator(".countdown")).ToContainTextAsync("剩余");

        // Past the 75% instant: the warning (预警) step fires, reaches the feed, and the countdown turns amber.
        host.Clock.SetUtcNow(deadlines["resolveWarningAt"]!.GetValue<DateTimeOffset>().AddMinutes(1));
        await Expect(page.Page.Locator($"#feed li[data-case='{number}'][data-action='warning']")).ToBeVisibleAsync(new() { Timeout = Patience });
        await Expect(row).ToHaveAttributeAsync("data-state", "warning", new() { Timeout = Patience });

        // Past the due instant: overdue (超期), red, counted.
        host.Clock.SetUtcNow(deadlines["resolveDue"]!.GetValue<DateTimeOffset>().AddMinutes(1));
        var overdue = page.Page.Locator($"#feed li[data-case='{number}'][data-action='overdue']");
        await Expect(overdue).ToBeVisibleAsync(new() { Timeout = Patience });
        await Expect(overdue).ToContainTextAsync("已超期");
        await Expect(row).ToHaveAttributeAsync("data-state", "overdue", new() { Timeout = Patience });
        await Expect(row.Locator(".countdown")).ToContainTextAsync("超期");
        await Expect(page.Page.Locator("#count-overdue")).ToHaveTextAsync("1");

        page.ForeignRequests.Should().BeEmpty();
        page.Errors.Should().BeEmpty();
    }

    [Fact]
    public async Task A_gas_leak_left_unclaimed_past_its_claim_limit_opens_red_and_counted_as_overdue()
    {
        await using var host = Host();
        using var client = await host.ClientAsAsync(Roles.Dispatcher);
        var receipt = await FileAppeal.Async(host, client, "gas-leak", 6, "楼道内有明显燃气味，疑似泄漏。");
        var claimDue = (await Case(client, receipt))["deadlines"]!["claimDue"]!.GetValue<DateTimeOffset>();
        host.Clock.SetUtcNow(claimDue.AddMinutes(1));
        await Eventually.HoldsAsync(async () => (await Case(client, receipt))["overdue"]!.GetValue<bool>(), TimeSpan.FromSeconds(20), "the claim limit is reported");

        await using var page = await IntranetPage.OpenAsync(chromium, host.BaseAddress);
        await OpenMonitorAsync(page, host);
        await WallPage.ConnectedAsync(page);

        await Expect(Row(page, receipt)).ToHaveAttributeAsync("data-state", "overdue", new() { Timeout = Patience });
        await Expect(page.Page.Locator("#count-overdue")).ToHaveTextAsync("1");
        page.Errors.Should().BeEmpty();
    }

    [Fact]
    public async Task A_case_a_bureaus_own_system_has_not_taken_is_listed_with_its_error_and_opens_its_trace()
    {
        await using var bureau = await Delivery.BureauSystem.StartAsync();
        bureau.Down = true;
        await using var host = new DistrictHostFactory(settings: new Dictionary<string, string?>
        {
            ["Hanan:Delivery:Bureaus:ecology:Mode"] = "open311",
            ["Hanan:Delivery:Bureaus:ecology:Url"] = new Uri(bureau.BaseAddress, "/open311/v2").ToString(),
            ["Hanan:Delivery:Bureaus:ecology:ApiKey"] = "key-the-bureau-issued",
            ["Hanan:Delivery:Poll"] = "00:00:00.200",
        });
        using var client = await host.ClientAsAsync(Roles.Dispatcher);
        var receipt = await FileAppeal.Async(host, client, "noise", 7, "商铺门口音箱整天播放促销广告，声音很大。");
        var number = receipt["caseNumber"]!.GetValue<string>();
        await Eventually.HoldsAsync(async () => !bureau.Calls.IsEmpty, TimeSpan.FromSeconds(20), "the first attempt");

        await using var page = await IntranetPage.OpenAsync(chromium, host.BaseAddress);
        await OpenMonitorAsync(page, host);
        await WallPage.ConnectedAsync(page);

        var item = page.Page.Locator($"#deliveries li[data-case-id='{receipt["caseId"]!.GetValue<string>()}']");
        await Expect(item).ToContainTextAsync($"{number} → 平房生态环境分局", new() { Timeout = Patience });
        await Expect(item).ToContainTextAsync("HTTP 503");
        await Expect(page.Page.Locator("#deliveries-count")).ToHaveTextAsync("1 件");
        await item.Locator("button").ClickAsync();
        await Expect(page.Page.Locator("#case-number")).ToHaveTextAsync(number, new() { Timeout = Patience });
        page.ForeignRequests.Should().BeEmpty();
        page.Errors.Should().BeEmpty();
    }

    [Fact]
    public async Task The_supervisor_exports_the_filtered_list_to_Excel_and_the_file_reads_back()
    {
        await using var host = Host();
        using var client = await host.ClientAsAsync(Roles.Dispatcher);
        var noise = await FileAppeal.Async(host, client, "noise", 8, "夜间烧烤店噪声扰民，联系电话13600001111。");
        await FileAppeal.Async(host, client, "sanitation", 9, "垃圾站周边污水横流无人处理。");
        await using var page = await IntranetPage.OpenAsync(chromium, host.BaseAddress);
        await OpenMonitorAsync(page, host);
        await WallPage.ConnectedAsync(page);
        await page.Page.Locator("#filter-category").SelectOptionAsync("noise");
        await Expect(page.Page.Locator("#cases tr")).ToHaveCountAsync(1, new() { Timeout = Patience });

        var download = await page.Page.RunAndWaitForDownloadAsync(() => page.Page.Locator("#export-xlsx").ClickAsync());

        download.SuggestedFilename.Should().StartWith("案件清单-").And.EndWith(".xlsx");
        await using var file = await download.CreateReadStreamAsync();
        using var copy = new MemoryStream();
        await file.CopyToAsync(copy);
        copy.Position = 0;
        var rows = MiniExcelLibs.MiniExcel.Query(copy, useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        rows.Should().ContainSingle().Which["受理编号"].Should().Be(noise["caseNumber"]!.GetValue<string>());
        ((string)rows[0]["诉求内容"]!).Should().Contain("136****1111");
        await Expect(page.Page.Locator("#list-note")).ToContainTextAsync("已导出");
        page.Errors.Should().BeEmpty();
    }

    [Fact]
    public async Task A_cases_trace_prints_on_A4_under_the_districts_header()
    {
        await using var host = Host();
        using var client = await host.ClientAsAsync(Roles.Dispatcher);
        var receipt = await FileAppeal.Async(host, client, "heating", 10, "家中暖气不热，室温只有十四度，老人受冻。");
        await TakeUpAsync(host, client, receipt);
        var number = receipt["caseNumber"]!.GetValue<string>();
        await using var page = await IntranetPage.OpenAsync(chromium, host.BaseAddress, 1366, 768);
        await OpenMonitorAsync(page, host);
        await WallPage.ConnectedAsync(page);
        await Row(page, receipt).Locator("button.case-link").ClickAsync();
        await Expect(page.Page.Locator("#case-number")).ToHaveTextAsync(number, new() { Timeout = Patience });

        var sheet = await page.Page.Context.RunAndWaitForPageAsync(() => page.Page.Locator("#case-print").ClickAsync());
        await Expect(sheet.Locator("#number")).ToHaveTextAsync(number, new() { Timeout = Patience });
        await Expect(sheet.Locator("h1")).ToHaveTextAsync("群众诉求办理单");
        await Expect(sheet.Locator(".issuer")).ToHaveTextAsync("哈尔滨市平房区智慧城区运营中心");
        await Expect(sheet.Locator("#trace tr")).ToHaveCountAsync(
            (await Case(client, receipt))["timeline"]!.AsArray().Count);
        await Expect(sheet.Locator("#category")).ToHaveTextAsync("供热不达标");

        await sheet.EmulateMediaAsync(new() { Media = Media.Print });
        await Expect(sheet.Locator(".toolbar")).ToBeHiddenAsync();
        var pdf = await sheet.PdfAsync(new() { Format = "A4", PreferCSSPageSize = true });
        var box = System.Text.RegularExpressions.Regex.Match(System.Text.Encoding.Latin1.GetString(pdf), @"/MediaBox \[0 0 ([0-9.]+) ([0-9.]+)\]");
        box.Success.Should().BeTrue("the sheet prints to PDF");
        double.Parse(box.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture).Should().BeApproximately(595.3, 1.5, "A4 is 210 mm wide");
        double.Parse(box.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture).Should().BeApproximately(841.9, 1.5, "A4 is 297 mm high");
    }

    [Fact]
    public async Task The_supervisor_approves_one_extension_request_and_denies_another_from_the_monitor()
    {
        await using var host = Host();
        using var client = await host.ClientAsAsync(Roles.Dispatcher);
        var approved = await FileAppeal.Async(host, client, "road-damage", 8);
        var denied = await FileAppeal.Async(host, client, "road-damage", 9);
        var dueBefore = (await Case(client, approved))["deadlines"]!["resolveDue"]!.GetValue<DateTimeOffset>();
        foreach (var receipt in new[] { approved, denied })
        {
            var officer = new { bureauId = receipt["leadBureau"]!.GetValue<string>(), officerId = "officer-5" };
            await Act(host, officer.officerId, receipt, "claim", officer);
            await Act(host, officer.officerId, receipt, "extension-requests", new { officer.bureauId, officer.officerId, reason = "需协调燃气管线迁改", extra = "3wd" });
        }

        await using var page = await IntranetPage.OpenAsync(chromium, host.BaseAddress);
        await OpenMonitorAsync(page, host);
        await WallPage.ConnectedAsync(page);

        var approveCard = page.Page.Locator($"#extensions li[data-case='{approved["caseNumber"]!.GetValue<string>()}']");
        await Expect(approveCard).ToContainTextAsync("需协调燃气管线迁改", new() { Timeout = Patience });
        await Expect(approveCard).ToContainTextAsync("3wd");
        await Expect(Row(page, approved).Locator(".flag.ext")).ToBeVisibleAsync();
        await approveCard.Locator("button.approve").ClickAsync();
        await Expect(approveCard.Locator(".outcome")).ToContainTextAsync("已批准", new() { Timeout = Patience });

        var denyCard = page.Page.Locator($"#extensions li[data-case='{denied["caseNumber"]!.GetValue<string>()}']");
        await denyCard.Locator("button.deny").ClickAsync();
        await Expect(denyCard.Locator(".outcome")).ToHaveTextAsync("请填写不予批准的理由");
        await denyCard.Locator("input.decision-reason").FillAsync("管线迁改可与施工同步进行");
        await denyCard.Locator("button.deny").ClickAsync();
        await Expect(denyCard.Locator(".outcome")).ToHaveTextAsync("已不予批准", new() { Timeout = Patience });

        var approvedCase = await Case(client, approved);
        approvedCase["pendingExtension"].Should().BeNull();
        approvedCase["deadlines"]!["resolveDue"]!.GetValue<DateTimeOffset>().Should().BeAfter(dueBefore);
        approvedCase["timeline"]!.AsArray().Should().Contain(e => e!["action"]!.GetValue<string>() == "extension-approved"
            && e["actor"]!["id"]!.GetValue<string>() == "sup-01");
        var deniedCase = await Case(client, denied);
        deniedCase["pendingExtension"].Should().BeNull();
        deniedCase["timeline"]!.AsArray().Should().Contain(e => e!["action"]!.GetValue<string>() == "extension-denied");

        // Both leave the pending list once the read model has the decisions.
        await Expect(page.Page.Locator("#extensions li")).ToHaveCountAsync(0, new() { Timeout = Patience });
        await Expect(Row(page, approved).Locator(".flag.ext")).ToHaveCountAsync(0, new() { Timeout = Patience });
        page.ForeignRequests.Should().BeEmpty();
        page.Errors.Should().BeEmpty();
    }

    [Fact]
    public async Task Signed_in_from_the_command_centre_the_monitor_shows_but_cannot_decide()
    {
        await using var host = Host();
        using var client = await host.ClientAsAsync(Roles.Dispatcher);
        var receipt = await FileAppeal.Async(host, client, "road-damage", 8);
        var officer = new { bureauId = receipt["leadBureau"]!.GetValue<string>(), officerId = "officer-5" };
        await Act(host, officer.officerId, receipt, "claim", officer);
        await Act(host, officer.officerId, receipt, "extension-requests", new { officer.bureauId, officer.officerId, reason = "等待配件", extra = "2wd" });
        await using var page = await IntranetPage.OpenAsync(chromium, host.BaseAddress);

        await OpenMonitorAsync(page, host, "dispatcher-7", Roles.Dispatcher);
        await WallPage.ConnectedAsync(page);

        var card = page.Page.Locator($"#extensions li[data-case='{receipt["caseNumber"]!.GetValue<string>()}']");
        await Expect(card.Locator("button.approve")).ToBeDisabledAsync(new() { Timeout = Patience });
        await Expect(card.Locator("button.deny")).ToBeDisabledAsync();
        await Expect(page.Page.Locator("#identity")).ToContainTextAsync("指挥中心 dispatcher-7（只读，不能审批延期）");
    }

    [Fact]
    public async Task Filters_by_bureau_street_and_category_narrow_the_open_cases()
    {
        await using var host = Host();
        using var client = await host.ClientAsAsync(Roles.Dispatcher);
        var routing = host.Services.GetRequiredService<RoutingTable>();
        var map = host.Services.GetRequiredService<DistrictMap>();
        var (noiseGrid, heatingGrid) = (map.Grids[3], map.Grids[300]);
        heatingGrid.StreetCode.Should().NotBe(noiseGrid.StreetCode, "the two cases lie in different streets");
        var noise = await FileAppeal.Async(host, client, "noise", 3);
        var heating = await FileAppeal.Async(host, client, "heating", 300);
        await using var page = await IntranetPage.OpenAsync(chromium, host.BaseAddress);
        await OpenMonitorAsync(page, host);
        await WallPage.ConnectedAsync(page);
        await Expect(page.Page.Locator("#cases tr")).ToHaveCountAsync(2, new() { Timeout = Patience });

        await page.Page.Locator("#filter-category").SelectOptionAsync("heating");
        await Expect(page.Page.Locator("#cases tr")).ToHaveCountAsync(1, new() { Timeout = Patience });
        await Expect(Row(page, heating)).ToBeVisibleAsync();
        page.Page.Url.Should().Contain("category=heating", "a filtered view can be bookmarked");

        await page.Page.Locator("#filter-category").SelectOptionAsync("");
        await page.Page.Locator("#filter-bureau").SelectOptionAsync(routing.FindCategory("noise")!.LeadBureau);
        await Expect(page.Page.Locator("#cases tr")).ToHaveCountAsync(1, new() { Timeout = Patience });
        await Expect(Row(page, noise)).ToBeVisibleAsync();

        await page.Page.Locator("#filter-bureau").SelectOptionAsync("");
        await page.Page.Locator("#filter-street").SelectOptionAsync(heatingGrid.StreetCode);
        await Expect(page.Page.Locator("#cases tr")).ToHaveCountAsync(1, new() { Timeout = Patience });
        await Expect(Row(page, heating)).ToBeVisibleAsync();

        // Live: a case of another street stays off the filtered list, one of this street joins it.
        var elsewhere = await FileAppeal.Async(host, client, "heating", 3);
        var here = await FileAppeal.Async(host, client, "heating", 300);
        await Expect(Row(page, here)).ToBeVisibleAsync(new() { Timeout = Patience });
        await Expect(Row(page, elsewhere)).ToHaveCountAsync(0);
        await Expect(page.Page.Locator("#cases tr")).ToHaveCountAsync(2);
        page.ForeignRequests.Should().BeEmpty();
        page.Errors.Should().BeEmpty();
    }

    [Fact]
    public async Task Hostile_text_in_a_description_and_a_note_shows_as_text_in_the_list_and_the_timeline()
    {
        const string hostile = "<img src=x onerror=alert(1)>";
        await using var host = Host();
        using var client = await host.ClientAsAsync(Roles.Dispatcher);
        var receipt = await FileAppeal.Async(host, client, "noise", 12, hostile);
        var officer = new { bureauId = receipt["leadBureau"]!.GetValue<string>(), officerId = "officer-7" };
        await Act(host, officer.officerId, receipt, "claim", officer);
        await Act(host, officer.officerId, receipt, "notes", new { officer.bureauId, officer.officerId, text = hostile, @public = false });
        await using var page = await IntranetPage.OpenAsync(chromium, host.BaseAddress);
        var dialogs = WallPage.RecordDialogs(page);

        await OpenMonitorAsync(page, host);
        await WallPage.ConnectedAsync(page);

        var row = Row(page, receipt);
        await Expect(row.Locator("td.description")).ToHaveTextAsync(hostile, new() { Timeout = Patience });
        await row.Locator("button.case-link").ClickAsync();
        await Expect(page.Page.Locator("#case-description")).ToHaveTextAsync(hostile, new() { Timeout = Patience });
        await Expect(page.Page.Locator("#timeline li[data-action='note']")).ToContainTextAsync(hostile);

        (await page.Page.Locator("img").CountAsync()).Should().Be(0, "no element is made from a citizen's or officer's text");
        dialogs.Should().BeEmpty("no script from their text runs");
        page.ForeignRequests.Should().BeEmpty();
        page.Errors.Should().BeEmpty();
    }

    [Fact]
    public async Task At_1920_by_1080_the_monitor_shows_countdowns_in_three_colours_the_feed_extensions_and_a_timeline()
    {
        await using var host = Host();
        using var client = await host.ClientAsAsync(Roles.Dispatcher);

        // Filed on Thursday 26 November at 09:00; on Tuesday 1 December at 10:00 the fire hazards (2wd) are overdue,
        // the heating cases (3wd) past their warning and the noise cases (7wd) still in time.
        var early = new List<JsonObject>();
        for (var i = 0; i < 12; i++)
        {
            var category = (i % 3) switch { 0 => "fire-hazard", 1 => "heating", _ => "noise" };
            early.Add(await FileAppeal.Async(host, client, category, 20 + (i * 31 % 400)));
        }

        foreach (var receipt in early.Where((_, i) => i != 2))
        {
            await TakeUpAsync(host, client, receipt);
        }

        var officer = new { bureauId = early[2]["leadBureau"]!.GetValue<string>(), officerId = "officer-12" };
        await Act(host, officer.officerId, early[2], "claim", officer);
        await Act(host, officer.officerId, early[2], "extension-requests", new { officer.bureauId, officer.officerId, reason = "涉及多户协调，需增加夜间监测", extra = "5wd" });
        host.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.FromHours(8)));
        for (var i = 0; i < 6; i++)
        {
            await FileAppeal.Async(host, client, i % 2 == 0 ? "sanitation" : "road-damage", 200 + (i * 17));
        }

        await using var page = await IntranetPage.OpenAsync(chromium, host.BaseAddress, 1920, 1080);
        await OpenMonitorAsync(page, host);
        await WallPage.ConnectedAsync(page);
        await Expect(page.Page.Locator("#cases tr")).ToHaveCountAsync(18, new() { Timeout = Patience });
        foreach (var state in new[] { "normal", "warning", "overdue" })
        {
            await Expect(page.Page.Locator($"#cases tr[data-state='{state}']").First).ToBeVisibleAsync(new() { Timeout = Patience });
        }

        await Expect(page.Page.Locator("#extensions li")).ToHaveCountAsync(1, new() { Timeout = Patience });
        await Expect(page.Page.Locator("#feed li").First).ToBeVisibleAsync(new() { Timeout = Patience });
        await Row(page, early[2]).Locator("button.case-link").ClickAsync();
        await Expect(page.Page.Locator("#timeline li[data-action='extension-requested']")).ToBeVisibleAsync(new() { Timeout = Patience });

        page.ForeignRequests.Should().BeEmpty();
        page.Errors.Should().BeEmpty();
        await page.ScreenshotAsync("supervision.png");
    }
}
