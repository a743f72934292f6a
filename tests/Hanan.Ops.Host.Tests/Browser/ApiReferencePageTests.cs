using Microsoft.Playwright;

namespace Hanan.Ops.Host.Tests.Browser;

public sealed class ApiReferencePageTests(EmbeddedHost host, Chromium chromium) : IClassFixture<EmbeddedHost>, IClassFixture<Chromium>
{
    [Fact]
    public async Task The_API_reference_renders_in_a_browser_without_any_request_leaving_the_host()
    {
        await using var page = await IntranetPage.OpenAsync(chromium, host.Factory.BaseAddress, 1440, 900);

        await page.GotoAsync("/api-reference");

        // The title and the operation summaries come from our OpenAPI document: seeing them proves the page loaded and rendered it.
        await page.Page.GetByText("Hanan Ops API — 平房区智慧城区运营中心").First.WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        foreach (var tag in new[] { "Appeals", "Cases", "Case actions", "District" })
        {
            (await page.Page.GetByText(tag, new PageGetByTextOptions { Exact = true }).CountAsync()).Should().BeGreaterThan(0, $"the tag '{tag}' is listed");
        }

        await page.Page.GetByText("List and filter cases").First.WaitForAsync();
        page.ForeignRequests.Should().BeEmpty("the district intranet has no internet: every asset must come from the host");
        await page.ScreenshotAsync("api-reference.png");
    }
}
