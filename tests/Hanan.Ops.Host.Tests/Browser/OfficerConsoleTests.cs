using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hanan.Ops.Host.Tests.Appeals;
using Hanan.Ops.Host.Security;
using Hanan.Ops.Host.Tests.Security;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Hanan.Ops.Host.Tests.Browser;

public sealed class OfficerConsoleTests(EmbeddedHost host, Chromium chromium) : IClassFixture<EmbeddedHost>, IClassFixture<Chromium>
{
    private const string Bureau = "urban-management"; // lead of 环境卫生 (sanitation), no co-handlers
    private static readonly LocatorWaitForOptions Live = new() { Timeout = 10_000 };
    private static readonly LocatorWaitForOptions Gone = new() { State = WaitForSelectorState.Detached, Timeout = 10_000 };

    private async Task<JsonObject> FileAsync(int gridIndex, string description = "楼道堆放杂物，存在消防隐患。") =>
        await FileAppeal.Async(host.Factory, host.Client, "sanitation", gridIndex, description);

    private async Task<JsonObject> CaseAsync(string id) =>
        (await host.Dispatcher.GetFromJsonAsync<JsonObject>(new Uri($"/api/cases/{id}", UriKind.Relative)))!;

    private static string ClaimerOf(JsonObject view) =>
        view["assignments"]!.AsArray().Single(a => a!["bureauId"]!.GetValue<string>() == Bureau)!["claimedBy"]!.GetValue<string>();

    [Fact]
    public async Task Claim_race_between_two_consoles_has_one_winner_and_the_loser_sees_who_won()
    {
        await using var a = await OfficerConsole.OpenAsync(chromium, host.Factory, Bureau, "officer-a");
        await using var b = await OfficerConsole.OpenAsync(chromium, host.Factory, Bureau, "officer-b");
        var receipt = await FileAsync(gridIndex: 60);
        var id = receipt["caseId"]!.GetValue<string>();
        var number = receipt["caseNumber"]!.GetValue<string>();

        // The new case reaches both open consoles by the live feed (they loaded their queues before it was filed).
        await a.InQueue(id).WaitForAsync(Live);
        await b.InQueue(id).WaitForAsync(Live);

        // Both officers press 签收 at the same instant: each page schedules its click for the same moment.
        const string pressAt = "([id, at]) => { const button = document.querySelector(`#queue li[data-case-id='${id}'] button.claim`); setTimeout(() => button.click(), at - Date.now()); }";
        var at = await a.Page.EvaluateAsync<double>("() => Date.now() + 400");
        await Task.WhenAll(a.Page.EvaluateAsync(pressAt, new object[] { id, at }), b.Page.EvaluateAsync(pressAt, new object[] { id, at }));

        await a.Notice.WaitForAsync(Live);
        await b.Notice.WaitForAsync(Live);
        var winner = ClaimerOf(await CaseAsync(id));
        winner.Should().BeOneOf("officer-a", "officer-b");
        var (won, lost) = winner == "officer-a" ? (a, b) : (b, a);
        (await won.Notice.TextContentAsync()).Should().Be($"签收成功：{number}");
        (await lost.Notice.TextContentAsync()).Should().Be($"{number} 已被 {winner} 签收");

        // The case leaves both queues; it is in the winner's cases only.
        await a.InQueue(id).WaitForAsync(Gone);
        await b.InQueue(id).WaitForAsync(Gone);
        await won.InMine(id).WaitForAsync(Live);
        (await lost.InMine(id).CountAsync()).Should().Be(0);
        (await CaseAsync(id))["timeline"]!.AsArray().Count(e => e!["action"]!.GetValue<string>() == "claimed").Should().Be(1);
        won.Intranet.Errors.Should().BeEmpty();
        lost.Intranet.Errors.Should().ContainSingle("the browser logs the refused claim, and nothing else went wrong")
            .Which.Should().Contain("409");
    }

    [Fact]
    public async Task A_case_claimed_through_the_API_by_someone_else_leaves_an_open_console_queue()
    {
        await using var console = await OfficerConsole.OpenAsync(chromium, host.Factory, Bureau, "officer-c");
        var id = (await FileAsync(gridIndex: 90))["caseId"]!.GetValue<string>();
        await console.InQueue(id).WaitForAsync(Live);

        using var officerX = await host.Factory.ClientAsAsync(Roles.Officer, "officer-x", Bureau);
        var claim = await officerX.PostAsJsonAsync(new Uri($"/api/cases/{id}/claim", UriKind.Relative), new { });
        claim.StatusCode.Should().Be(HttpStatusCode.OK);

        // The console does not poll: only the live message can take the case out of the queue.
        await console.InQueue(id).WaitForAsync(Gone);
        (await console.InMine(id).CountAsync()).Should().Be(0);
        console.Intranet.ForeignRequests.Should().BeEmpty();
    }

    [Fact]
    public async Task An_officer_claims_notes_asks_and_resolves_from_the_console_and_bad_input_is_shown_at_the_field()
    {
        await using var console = await OfficerConsole.OpenAsync(chromium, host.Factory, Bureau, "officer-d");
        var id = (await FileAsync(gridIndex: 120, description: "路灯不亮，夜间出行不便。"))["caseId"]!.GetValue<string>();
        await console.InQueue(id).WaitForAsync(Live);

        await console.InQueue(id).Locator("button.claim").ClickAsync();
        await console.InMine(id).WaitForAsync(Live);
        (await console.InMine(id).Locator(".countdown").GetAttributeAsync("data-urgency")).Should().Be("normal");
        await console.Page.Locator("#actions").WaitForAsync(Live);

        var note = console.Form("notes");
        await note.Locator("textarea[name='text']").FillAsync("已安排维修人员");
        await note.Locator("input[name='public']").CheckAsync();
        await note.Locator("button").ClickAsync();
        await console.Page.Locator("#timeline li", new PageLocatorOptions { HasText = "办理进展：已安排维修人员" }).WaitForAsync(Live);

        var ask = console.Form("questions");
        await ask.Locator("textarea").FillAsync("请问是哪一根路灯？");
        await ask.Locator("button").ClickAsync();
        await console.Page.Locator("#detail-status", new PageLocatorOptions { HasText = "待补充材料" }).WaitForAsync(Live);

        // A reason of blanks passes the browser's "required" but not the host: its field message appears at the field.
        var extension = console.Form("extension-requests");
        await extension.Locator("textarea[name='reason']").FillAsync("   ");
        await extension.Locator("button").ClickAsync();
        await extension.Locator(".field-error[data-field='reason']").Filter(new LocatorFilterOptions { HasText = "请填写理由" }).WaitForAsync(Live);
        (await CaseAsync(id))["pendingExtension"].Should().BeNull();

        await extension.Locator("textarea[name='reason']").FillAsync("需协调供电部门");
        await extension.Locator("button").ClickAsync();
        await console.Page.Locator("#detail-facts dd", new PageLocatorOptions { HasText = "3wd：需协调供电部门（待审批）" }).WaitForAsync(Live);

        var resolve = console.Form("resolve");
        await resolve.Locator("textarea").FillAsync("路灯已修复");
        await resolve.Locator("button").ClickAsync();
        await console.InMine(id).WaitForAsync(Gone);
        await console.Page.Locator("#detail-status", new PageLocatorOptions { HasText = "已办结，待评价" }).WaitForAsync(Live);

        var view = await CaseAsync(id);
        view["status"]!.GetValue<string>().Should().Be("Resolved");
        view["timeline"]!.AsArray().Select(e => e!["action"]!.GetValue<string>())
            .Should().Equal("filed", "claimed", "progress", "citizen-asked", "extension-requested", "lead-resolved", "resolved", "extension-lapsed");
        view["timeline"]!.AsArray().Where(e => e!["actor"]!["role"]!.GetValue<string>() != "citizen" && e["action"]!.GetValue<string>() != "filed")
            .Should().OnlyContain(e => e!["actor"]!["id"]!.GetValue<string>() == "officer-d" || e["actor"]!["id"]!.GetValue<string>() == "system");
        console.Intranet.Errors.Should().ContainSingle("the browser logs the refused blank reason, and nothing else went wrong").Which.Should().Contain("400");
    }

    [Fact]
    public async Task A_co_handling_officer_reports_the_bureau_part_instead_of_resolving()
    {
        // 积雪清除 (snow-removal): urban-management leads, transport co-handles.
        await using var console = await OfficerConsole.OpenAsync(chromium, host.Factory, "transport", "officer-e");
        var id = (await FileAppeal.Async(host.Factory, host.Client, "snow-removal", 260, "公交站台积雪未清。"))["caseId"]!.GetValue<string>();
        await console.InQueue(id).WaitForAsync(Live);

        await console.InQueue(id).Locator("button.claim").ClickAsync();
        await console.InMine(id).WaitForAsync(Live);
        await console.Form("reports").WaitForAsync(Live);
        (await console.Form("resolve").IsHiddenAsync()).Should().BeTrue("only the lead bureau resolves");
        (await console.Form("return").IsHiddenAsync()).Should().BeTrue("only the lead bureau returns");

        await console.Form("reports").Locator("textarea").FillAsync("站台积雪已清理");
        await console.Form("reports").Locator("button").ClickAsync();
        await console.InMine(id).WaitForAsync(Gone);
        var view = await CaseAsync(id);
        view["assignments"]!.AsArray().Single(a => a!["bureauId"]!.GetValue<string>() == "transport")!["status"]!.GetValue<string>().Should().Be("Reported");
        console.Intranet.Errors.Should().BeEmpty();
    }

    [Fact]
    public async Task Signed_in_with_a_role_that_cannot_use_the_console_it_says_so_and_does_not_connect()
    {
        await using var page = await IntranetPage.OpenAsync(chromium, host.Factory.BaseAddress);
        await page.SignInAsync(host.Factory, Roles.Citizen, "citizen-z");
        var hubRequests = 0;
        var apiRequests = 0;
        page.Page.Request += (_, request) =>
        {
            hubRequests += request.Url.Contains("/hubs/", StringComparison.Ordinal) ? 1 : 0;
            apiRequests += request.Url.Contains("/api/", StringComparison.Ordinal) ? 1 : 0;
        };

        await page.GotoAsync("/officer.html");

        await page.Page.Locator("#no-identity", new PageLocatorOptions { HasText = "当前登录身份「市民 citizen-z」不能使用本屏幕" }).WaitForAsync(Live);
        (await page.Page.TextContentAsync("#no-identity")).Should().Contain("承办人、承办单位负责人");
        (await page.Page.Locator("#desk").IsHiddenAsync()).Should().BeTrue();
        new Uri(page.Page.Url).AbsolutePath.Should().Be("/officer.html", "a wrong role is told, not bounced around");
        hubRequests.Should().Be(0);
        apiRequests.Should().Be(0);
    }

    [Fact]
    public async Task Without_a_session_the_console_goes_to_the_sign_in_page_proposing_the_officer_role()
    {
        await using var page = await IntranetPage.OpenAsync(chromium, host.Factory.BaseAddress);

        await page.GotoAsync("/officer.html");

        await page.WaitForPathAsync("/signin.html");
        var query = System.Web.HttpUtility.ParseQueryString(new Uri(page.Page.Url).Query);
        query["return"].Should().Be("/officer.html");
        query["role"].Should().Be(Roles.Officer);
        await Expect(page.Page.Locator("#role")).ToHaveValueAsync(Roles.Officer);
    }

    [Fact]
    public async Task An_officer_of_one_bureau_sees_only_that_bureaus_queue_and_cannot_read_another_bureaus()
    {
        // 积雪清除 (snow-removal) is assigned to transport (co-handler); 环境卫生 (sanitation) to urban-management only.
        await using var transport = await OfficerConsole.OpenAsync(chromium, host.Factory, "transport", "officer-tr");
        await using var urban = await OfficerConsole.OpenAsync(chromium, host.Factory, Bureau, "officer-um");
        var theirs = (await FileAsync(gridIndex: 75, description: "背街小巷垃圾堆积。"))["caseId"]!.GetValue<string>();
        var ours = (await FileAppeal.Async(host.Factory, host.Client, "snow-removal", 76, "人行道结冰。"))["caseId"]!.GetValue<string>();

        await urban.InQueue(theirs).WaitForAsync(Live);
        await transport.InQueue(ours).WaitForAsync(Live);
        (await transport.InQueue(theirs).CountAsync()).Should().Be(0, "urban-management's case is not in transport's queue");
        (await transport.Page.TextContentAsync("#queue")).Should().NotContain("背街小巷垃圾堆积");

        // The console's own session cannot read the other bureau's queue, nor join its live group.
        var status = await transport.Page.EvaluateAsync<int>(
            "async () => (await fetch('/api/bureaus/urban-management/queue', { headers: { Authorization: 'Bearer ' + JSON.parse(sessionStorage.getItem('hanan.session')).accessToken } })).status");
        status.Should().Be(403);
        var transportToken = await host.Factory.TokenAsync(Roles.Officer, "officer-tr", "transport");
        using var caseRead = new HttpRequestMessage(HttpMethod.Get, new Uri($"/api/cases/{theirs}", UriKind.Relative));
        caseRead.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", transportToken);
        (await host.Client.SendAsync(caseRead)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await transport.Page.TextContentAsync("#who")).Should().Contain("officer-tr");
        transport.Intranet.ForeignRequests.Should().BeEmpty();
    }

    [Fact]
    public async Task The_console_at_1920_by_1080_shows_queue_my_cases_and_a_timeline()
    {
        await using var console = await OfficerConsole.OpenAsync(chromium, host.Factory, Bureau, "zhang-wei");
        var waiting = new List<string>();
        foreach (var (grid, text) in new[] { (140, "小区门口垃圾桶满溢，无人清运。"), (170, "人行道上有废弃家具。"), (200, "公园草坪有积存垃圾。") })
        {
            waiting.Add((await FileAsync(grid, text))["caseId"]!.GetValue<string>());
        }

        foreach (var id in waiting)
        {
            await console.InQueue(id).WaitForAsync(Live);
        }

        await console.InQueue(waiting[0]).Locator("button.claim").ClickAsync();
        await console.InMine(waiting[0]).WaitForAsync(Live);
        await console.Page.Locator("#timeline li").First.WaitForAsync(Live);
        (await console.Page.Locator("#connection").TextContentAsync()).Should().Be("实时连接正常");
        console.Intranet.ForeignRequests.Should().BeEmpty();
        console.Intranet.Errors.Should().BeEmpty();
        await console.Intranet.ScreenshotAsync("officer.png");
    }
}
