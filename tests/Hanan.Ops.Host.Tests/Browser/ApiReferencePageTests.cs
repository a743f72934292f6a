using Microsoft.Playwright;

namespace Hanan.Ops.Host.Tests.Browser;

public sealed class ApiReferencePageTests(EmbeddedHost host, Chromium chromium) : IClassFixture<EmbeddedHost>, IClassFixture<Chromium>
{
    [Fact]
    public async Task The_API_reference_renders_in_a_browser_without_any_request_leaving_the_host()
    {
        var origin = host.Factory.BaseAddress.GetLeftPart(UriPartial.Authority);
        await using var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
        var page = await context.NewPageAsync();
        var foreign = new List<string>();
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(origin, StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal)
                && !request.Url.StartsWith("blob:", StringComparison.Ordinal))
            {
                foreign.Add(request.Url);
            }
        };

        await page.GotoAsync(origin + "/api-reference", new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });

        // The operation summaries come from our OpenAPI document, so seeing one proves the page loaded and rendered it.
        await page.GetByText("File an appeal (受理诉求)").First.WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        foreign.Should().BeEmpty("the district intranet has no internet: every asset must come from the host");

        var docs = Path.Combine(RepositoryRoot(), "docs", "screenshots");
        Directory.CreateDirectory(docs);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(docs, "api-reference.png") });
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Hanan.Ops.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Run the tests from inside the repository.");
    }
}
