using System.Net;
using System.Net.Http.Json;
using Hanan.Ops.Host.Security;
using Hanan.Ops.Host.Tests.Security;
using Microsoft.Playwright;

namespace Hanan.Ops.Host.Tests.Browser;

/// <summary>
/// The tracking page a filer opens from the receipt's link on a phone (390×844): the citizen's view of the case and,
/// once resolved, the rating — with no sign-in, no request that carries the token in its URL, and nothing fetched from
/// another origin.
/// </summary>
public sealed class TrackingPageTests(EmbeddedHost host, Chromium chromium) : IClassFixture<EmbeddedHost>, IClassFixture<Chromium>
{
    private static readonly LocatorWaitForOptions Live = new() { Timeout = 10_000 };

    [Fact]
    public async Task A_filer_opens_the_receipts_link_on_a_phone_sees_the_progress_and_rates()
    {
        var receipt = await Appeals.FileAppeal.Async(host.Factory, host.Client, "sanitation", 120, "楼下垃圾桶三天没有清运。");
        var id = receipt["caseId"]!.GetValue<string>();
        var link = receipt["trackingUrl"]!.GetValue<string>();
        var token = link[(link.IndexOf('#', StringComparison.Ordinal) + id.Length + 2)..];
        using (var officer = await host.Factory.ClientAsAsync(Roles.Officer, "officer-phone", bureau: "urban-management"))
        {
            (await officer.PostAsJsonAsync(new Uri($"/api/cases/{id}/claim", UriKind.Relative), new { })).StatusCode.Should().Be(HttpStatusCode.OK);
            (await officer.PostAsJsonAsync(new Uri($"/api/cases/{id}/notes", UriKind.Relative), new { text = "OFFICE-ONLY 内部核实", @public = false }))
                .StatusCode.Should().Be(HttpStatusCode.OK);
            (await officer.PostAsJsonAsync(new Uri($"/api/cases/{id}/resolve", UriKind.Relative), new { summary = "已清运并消毒" })).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        await using var page = await IntranetPage.OpenAsync(chromium, host.Factory.BaseAddress, 390, 844);
        var requested = new List<string>();
        page.Page.Request += (_, r) => requested.Add(r.Url);
        await page.GotoAsync(link);

        await page.Page.Locator("#timeline li").Nth(2).WaitForAsync(Live);
        (await page.Page.Locator("#number").TextContentAsync()).Should().Contain(receipt["caseNumber"]!.GetValue<string>());
        var timeline = await page.Page.Locator("#timeline").InnerTextAsync();
        timeline.Should().Contain("区城市管理和行政执法局 经办人").And.Contain("已清运并消毒").And.NotContain("OFFICE-ONLY").And.NotContain("officer-phone");
        (await page.Page.Locator("#rating").IsVisibleAsync()).Should().BeTrue("a resolved case waits for the filer's rating");
        await page.ScreenshotAsync("track.png");

        await page.Page.Locator("#rating button").ClickAsync();
        (await page.Page.Locator(".field-error[data-field='level']").TextContentAsync()).Should().Be("请选择满意程度");
        await page.Page.Locator("input[name=level][value='4']").CheckAsync();
        await page.Page.Locator("#rating button").ClickAsync();
        await page.Page.Locator("#rated:has-text('已评价：满意')").WaitForAsync(Live);

        (await page.Page.Locator("#status").TextContentAsync()).Should().NotBeNullOrEmpty();
        requested.Should().NotContain(u => u.Contains(token, StringComparison.Ordinal), "the token travels in a header, never in a URL the server sees");
        page.ForeignRequests.Should().BeEmpty();
        page.Errors.Should().BeEmpty();
        var overflow = await page.Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth");
        overflow.Should().BeFalse("the page fits a phone's width");
    }

    [Fact]
    public async Task A_wrong_link_says_so_in_words_a_citizen_understands()
    {
        await using var page = await IntranetPage.OpenAsync(chromium, host.Factory.BaseAddress, 390, 844);
        await page.GotoAsync($"/track.html#{Guid.NewGuid():D}.not-a-real-token");

        await page.Page.Locator("#notice:has-text('查询链接无效')").WaitForAsync(Live);
        (await page.Page.Locator("#case").IsHiddenAsync()).Should().BeTrue();
    }
}
