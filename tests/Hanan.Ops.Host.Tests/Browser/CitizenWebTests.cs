using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hanan.Ops.Host.Security;
using Hanan.Ops.Host.Tests.Security;
using Microsoft.Playwright;

namespace Hanan.Ops.Host.Tests.Browser;

public sealed class CitizenWebTests(EmbeddedHost host, Chromium chromium) : IClassFixture<EmbeddedHost>, IClassFixture<Chromium>
{
    private static readonly LocatorWaitForOptions Live = new() { Timeout = 10_000 };

    /// <summary>The cases whose description holds <paramref name="text"/>, once the read model (projected after the answer) lists any.</summary>
    private async Task<JsonArray> CasesWithTextAsync(string text)
    {
        for (var attempt = 0; ; attempt++)
        {
            var items = (await host.Dispatcher.GetFromJsonAsync<JsonObject>(new Uri($"/api/cases?text={Uri.EscapeDataString(text)}", UriKind.Relative)))!["items"]!.AsArray();
            if (items.Count > 0 || attempt == 100)
            {
                return items;
            }

            await Task.Delay(100);
        }
    }

    /// <summary>An action of officer-9 of urban-management, signed in through the real sign-in.</summary>
    private async Task<HttpResponseMessage> ActAsync(string id, string action, object body)
    {
        using var officer = await host.Factory.ClientAsAsync(Roles.Officer, "officer-9", "urban-management");
        return await officer.PostAsJsonAsync(new Uri($"/api/cases/{id}/{action}", UriKind.Relative), body);
    }

    [Fact]
    public async Task A_citizen_files_with_a_map_pin_follows_the_case_live_and_rates_it_once_resolved()
    {
        await using var web = await CitizenWeb.OpenAsync(chromium, host.Factory, "citizen-li");
        const string description = "小区北门垃圾箱三天未清运，异味严重。";

        await web.TapGridAsync(host.Client, 251);
        await web.Page.Locator($"#located[data-grid='{web.TappedGrid}']").WaitForAsync(Live);
        await web.Page.SelectOptionAsync("#category", "sanitation");
        await web.Page.FillAsync("#description", description);
        await web.Page.FillAsync("#contact-name", "李先生");
        await web.Page.FillAsync("#contact-phone", "13912345678");
        await web.Page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await web.Intranet.ScreenshotAsync("citizen.png");

        // The first answer is lost on the way back (the host stored the appeal, the phone saw a network error); the
        // citizen taps 提交 again. The draft's idempotency key makes the retry return the same case.
        var keys = new System.Collections.Concurrent.ConcurrentQueue<string>();
        await web.Page.RouteAsync("**/api/appeals", async route =>
        {
            keys.Enqueue(JsonNode.Parse(route.Request.PostData!)!["idempotencyKey"]!.GetValue<string>());
            if (keys.Count == 1)
            {
                await route.FetchAsync();
                await route.AbortAsync();
            }
            else
            {
                await route.ContinueAsync();
            }
        });
        await web.Page.ClickAsync("#submit");
        await web.Page.Locator("#notice", new PageLocatorOptions { HasText = "网络连接失败" }).WaitForAsync(Live);
        await web.Page.ClickAsync("#submit");
        await web.Page.Locator("#receipt").WaitForAsync(Live);

        keys.Should().HaveCount(2).And.OnlyContain(k => k == keys.First(), "a retry of the same draft carries the same key");
        var filed = await CasesWithTextAsync(description);
        filed.Should().ContainSingle("a retry of the same draft never files twice");
        var id = filed[0]!["id"]!.GetValue<string>();
        var number = filed[0]!["number"]!.GetValue<string>();
        filed[0]!["gridCode"]!.GetValue<string>().Should().Be(web.TappedGrid);
        filed[0]!["categoryCode"]!.GetValue<string>().Should().Be("sanitation");
        using (var other = await host.Factory.ClientAsAsync(Roles.Citizen, "citizen-other"))
        {
            (await other.GetAsync(new Uri($"/api/cases/{id}", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.Forbidden,
                "filed while signed in, the appeal is bound to citizen-li and no other citizen sees it");
        }

        (await web.Page.TextContentAsync("#receipt-number")).Should().Be(number);

        await web.Page.ClickAsync("#receipt-follow");
        var appeal = web.Appeal(id);
        await appeal.Locator(".status", new LocatorLocatorOptions { HasText = "待签收" }).WaitForAsync(Live);
        (await appeal.Locator(".description").TextContentAsync()).Should().Be(description);

        (await ActAsync(id, "claim", new { bureauId = "urban-management", officerId = "officer-9" })).StatusCode.Should().Be(HttpStatusCode.OK);
        (await ActAsync(id, "notes", new { bureauId = "urban-management", officerId = "officer-9", text = "内部：联系环卫队", @public = false })).StatusCode.Should().Be(HttpStatusCode.OK);
        (await ActAsync(id, "questions", new { bureauId = "urban-management", officerId = "officer-9", question = "是哪一栋楼旁的垃圾箱？" })).StatusCode.Should().Be(HttpStatusCode.OK);

        // The officer's question reaches the citizen live; the answer goes back from the page.
        await appeal.Locator(".status", new LocatorLocatorOptions { HasText = "待补充材料" }).WaitForAsync(Live);
        await appeal.Locator(".timeline li", new LocatorLocatorOptions { HasText = "是哪一栋楼旁的垃圾箱？" }).WaitForAsync(Live);
        await appeal.Locator("form.reply textarea").FillAsync("5号楼东侧");
        await appeal.Locator("form.reply button").ClickAsync();
        await appeal.Locator(".timeline li", new LocatorLocatorOptions { HasText = "诉求人补充：5号楼东侧" }).WaitForAsync(Live);
        (await ActAsync(id, "resolve", new { bureauId = "urban-management", officerId = "officer-9", summary = "垃圾已清运" })).StatusCode.Should().Be(HttpStatusCode.OK);

        // Followed live: the resolution arrives without a reload, with the public progress only.
        await appeal.Locator(".status", new LocatorLocatorOptions { HasText = "已办结，待评价" }).WaitForAsync(Live);
        await appeal.Locator(".timeline li", new LocatorLocatorOptions { HasText = "办结：垃圾已清运" }).WaitForAsync(Live);
        (await appeal.Locator(".timeline").TextContentAsync()).Should().NotContain("联系环卫队", "internal notes are not shown to the citizen");

        await appeal.Locator("label.level", new LocatorLocatorOptions { HasText = "4 满意" }).Locator("input").CheckAsync();
        await appeal.Locator("form.rating textarea").FillAsync("处理及时");
        await appeal.Locator("form.rating button").ClickAsync();
        await appeal.Locator(".rated", new LocatorLocatorOptions { HasText = "已评价：满意" }).WaitForAsync(Live);
        await appeal.Locator(".status", new LocatorLocatorOptions { HasText = "已关闭" }).WaitForAsync(Live);
        await web.Page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await web.Intranet.ScreenshotAsync("citizen-follow.png");

        var view = (await host.Dispatcher.GetFromJsonAsync<JsonObject>(new Uri($"/api/cases/{id}", UriKind.Relative)))!;
        view["rating"]!.GetValue<int>().Should().Be(4);
        view["status"]!.GetValue<string>().Should().Be("Closed");
        web.Intranet.ForeignRequests.Should().BeEmpty();
        web.Intranet.Errors.Should().ContainSingle("only the lost answer was logged").Which.Should().Contain("ERR_");
        web.Dialogs.Should().BeEmpty();
    }

    [Fact]
    public async Task Bad_input_shows_the_hosts_field_messages_next_to_the_fields_and_files_nothing()
    {
        await using var web = await CitizenWeb.OpenAsync(chromium, host.Factory);

        // A tap in the map's corner lies outside the district.
        var map = (await web.Page.Locator("#map svg").BoundingBoxAsync())!;
        await web.Page.Mouse.ClickAsync(map.X + 2, map.Y + 2);
        await web.FieldError("location").Filter(new LocatorFilterOptions { HasText = "不在平房区内" }).WaitForAsync(Live);

        await web.TapGridAsync(host.Client, 410);
        await web.Page.Locator($"#located[data-grid='{web.TappedGrid}']").WaitForAsync(Live);
        await web.Page.SelectOptionAsync("#category", "noise");
        await web.Page.FillAsync("#contact-phone", "12345");
        await web.Page.ClickAsync("#submit");

        // The host's field messages, in Chinese at their fields; the host's own words stay in the tooltip.
        await web.FieldError("description").Filter(new LocatorFilterOptions { HasText = "请填写问题描述" }).WaitForAsync(Live);
        await web.FieldError("contact.phone").Filter(new LocatorFilterOptions { HasText = "请填写11位手机号码" }).WaitForAsync(Live);
        (await web.FieldError("description").GetAttributeAsync("title")).Should().NotBeNullOrWhiteSpace();
        (await web.FieldError("contact.phone").GetAttributeAsync("title")).Should().NotBeNullOrWhiteSpace();
        (await web.FieldError("category").TextContentAsync()).Should().BeEmpty();
        (await web.Page.Locator("#receipt").IsHiddenAsync()).Should().BeTrue();
        (await web.Page.EvaluateAsync<string?>("() => localStorage.getItem('hanan.citizen.cases:citizen-web')")).Should().BeNull("the device follows only what was filed");
        web.Intranet.ForeignRequests.Should().BeEmpty();
    }
}
