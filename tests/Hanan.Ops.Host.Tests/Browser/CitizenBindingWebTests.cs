using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hanan.Ops.Host.Security;
using Hanan.Ops.Host.Tests.Residents;
using Hanan.Ops.Host.Tests.Security;
using Microsoft.Playwright;

namespace Hanan.Ops.Host.Tests.Browser;

/// <summary>实名绑定 and 我的通知 on the citizen web, on a phone-sized page.</summary>
public sealed class CitizenBindingWebTests(BoundCitizens host, Chromium chromium) : IClassFixture<BoundCitizens>, IClassFixture<Chromium>
{
    private static readonly LocatorWaitForOptions Live = new() { Timeout = 10_000 };

    [Fact]
    public async Task A_citizen_binds_to_their_resident_record_sees_it_masked_and_marks_a_notice_read()
    {
        var household = host.NextHousehold();
        var self = household.Members[0];
        using var dispatcher = await host.Factory.ClientAsAsync(Roles.Dispatcher);
        using var sent = await dispatcher.PostAsJsonAsync(new Uri("/api/notices/", UriKind.Relative),
            new { title = "冬季供暖通知", body = "本小区11月28日起正式供暖。<b>请勿</b>私自放水。", gridCodes = new[] { household.GridCode } });
        sent.StatusCode.Should().Be(HttpStatusCode.Created);
        var noticeId = (await sent.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>();
        await using var web = await CitizenWeb.OpenAsync(chromium, host.Factory, "citizen-web-bind");
        var page = web.Page;

        await page.ClickAsync("#tab-me");
        await page.Locator("#binding-form").WaitForAsync(Live);
        await page.FillAsync("#bind-name", self.Name + "某");
        await page.FillAsync("#bind-id", self.IdNumber.Value);
        await page.ClickAsync("#bind-submit");
        await page.Locator("#binding-form .field-error[data-field='form']", new PageLocatorOptions { HasTextString = "不匹配" }).WaitForAsync(Live);

        await page.FillAsync("#bind-name", self.Name);
        await page.ClickAsync("#bind-submit");
        await page.Locator("#bound").WaitForAsync(Live);
        (await page.TextContentAsync("#bound-id")).Should().Be(self.IdNumber.Masked);
        (await page.TextContentAsync("#bound-name")).Should().Be(self.Name);
        await page.Locator("#household li").Nth(household.Members.Count - 1).WaitForAsync(Live);
        (await page.Locator("#household li").CountAsync()).Should().Be(household.Members.Count);

        var item = page.Locator($"#my-notices li.notice-item[data-notice-id='{noticeId}']");
        await item.WaitForAsync(Live);
        (await item.Locator(".body").TextContentAsync()).Should().Be("本小区11月28日起正式供暖。<b>请勿</b>私自放水。", "the notice's words are text, never markup");
        (await item.Locator(".state").TextContentAsync()).Should().Be("未读");
        await web.Intranet.ScreenshotAsync("citizen-binding.png");
        await item.Locator("button.mark-read").ClickAsync();
        await page.Locator($"#my-notices li.notice-item[data-notice-id='{noticeId}'][data-read='true']").WaitForAsync(Live);

        var view = await dispatcher.GetFromJsonAsync<JsonObject>(new Uri($"/api/notices/{noticeId}", UriKind.Relative));
        view!["readBy"]!.AsArray().Select(r => r!.GetValue<Guid>()).Should().Equal(self.Id);
        (await page.ContentAsync()).Should().NotContain(self.IdNumber.Value);
        web.Dialogs.Should().BeEmpty();
    }
}
