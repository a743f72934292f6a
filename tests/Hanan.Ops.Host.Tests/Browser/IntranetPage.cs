using Microsoft.Playwright;

namespace Hanan.Ops.Host.Tests.Browser;

/// <summary>
/// A browser page on the host that records every request to another origin and every script error: on the district
/// intranet both are failures.
/// </summary>
public sealed class IntranetPage : IAsyncDisposable
{
    private readonly IBrowserContext _context;

    private IntranetPage(IBrowserContext context, IPage page, string origin)
    {
        _context = context;
        Page = page;
        Origin = origin;
    }

    public IPage Page { get; }

    public string Origin { get; }

    public List<string> ForeignRequests { get; } = [];

    public List<string> Errors { get; } = [];

    public static async Task<IntranetPage> OpenAsync(Chromium chromium, Uri host, int width = 1920, int height = 1080)
    {
        var origin = host.GetLeftPart(UriPartial.Authority);
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        var page = await context.NewPageAsync();
        var result = new IntranetPage(context, page, origin);
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(origin, StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal)
                && !request.Url.StartsWith("blob:", StringComparison.Ordinal))
            {
                result.ForeignRequests.Add(request.Url);
            }
        };
        page.PageError += (_, error) => result.Errors.Add(error);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                result.Errors.Add(message.Text);
            }
        };
        return result;
    }

    public Task GotoAsync(string path) => Page.GotoAsync(Origin + path, new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });

    /// <summary>Saves a screenshot under docs/screenshots so the README shows what the screens look like now.</summary>
    public Task ScreenshotAsync(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Hanan.Ops.sln")))
        {
            dir = dir.Parent;
        }

        var target = Path.Combine(dir?.FullName ?? throw new InvalidOperationException("Run the tests inside the repository."), "docs", "screenshots");
        Directory.CreateDirectory(target);
        return Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(target, name) });
    }

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();
}
