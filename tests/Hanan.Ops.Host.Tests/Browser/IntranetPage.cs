using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Hanan.Ops.Host.Tests.Security;
using Microsoft.IdentityModel.JsonWebTokens;
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

    /// <summary>Every URL the main frame committed, in order: a failed wait says where the page went instead.</summary>
    public List<string> Navigations { get; } = [];

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
        page.FrameNavigated += (_, frame) =>
        {
            if (frame.ParentFrame is null)
            {
                lock (result.Navigations)
                {
                    result.Navigations.Add(frame.Url);
                }
            }
        };
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                result.Errors.Add(message.Text);
            }
        };
        return result;
    }

    /// <summary>
    /// Signs in through the real development sign-in (<see cref="SignIn.TokenAsync"/>) and puts the session, as
    /// /signin.html stores it, into the page's sessionStorage before any script of the next page runs. Later
    /// navigations keep whatever the page made of it (a renewal, a sign-out).
    /// </summary>
    public async Task SignInAsync(DistrictHostFactory factory, string role, string? user = null, string? bureau = null) =>
        await UseSessionAsync(await SignedInSessionAsync(factory, role, user, bureau));

    /// <summary>A session as /signin.html stores it, from the real development sign-in and <c>GET /api/auth/me</c>.</summary>
    public static async Task<JsonObject> SignedInSessionAsync(DistrictHostFactory factory, string role, string? user = null, string? bureau = null)
    {
        var token = await factory.TokenAsync(role, user, bureau);
        using var http = factory.CreateRealClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var me = (await http.GetFromJsonAsync<JsonObject>(new Uri("/api/auth/me", UriKind.Relative)))!;
        var jwt = new JsonWebToken(token);
        return new JsonObject
        {
            ["accessToken"] = token,
            ["expiresAt"] = new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero).ToString("O"),
            ["expiresIn"] = (int)(jwt.ValidTo - jwt.IssuedAt).TotalSeconds,
            ["receivedAt"] = new DateTimeOffset(jwt.IssuedAt, TimeSpan.Zero).ToString("O"),
            ["user"] = me,
        };
    }

    /// <summary>Puts <paramref name="session"/> into the page's sessionStorage before the next page's scripts run (once: a renewal or sign-out stays).</summary>
    public async Task UseSessionAsync(JsonObject session)
    {
        var literal = JsonSerializer.Serialize(session.ToJsonString());
        // Once per tab: the marker keeps later navigations from putting back a session the page renewed or dropped.
        await _context.AddInitScriptAsync(
            $"if (location.origin === {JsonSerializer.Serialize(Origin)} && !sessionStorage.getItem('hanan.test.seeded')) "
            + $"{{ sessionStorage.setItem('hanan.test.seeded', '1'); sessionStorage.setItem('hanan.session', {literal}); }}");
    }

    /// <summary>
    /// Waits until the page is at <paramref name="path"/> (now, or after a navigation yet to come). It polls the page's
    /// address rather than waiting for a navigation event: Playwright's WaitForURL checks the address, then listens for
    /// navigations, and a navigation that commits in between was missed (the page sat at the right address while the
    /// wait timed out). On a timeout the failure names where the page went, what its notice said and the script errors.
    /// </summary>
    public async Task WaitForPathAsync(string path, float timeoutMs = 30_000)
    {
        try
        {
            await Assertions.Expect(Page).ToHaveURLAsync(
                new Regex("^https?://[^/]+" + Regex.Escape(path) + "([?#].*)?$"),
                new PageAssertionsToHaveURLOptions { Timeout = timeoutMs });
        }
        catch (Exception e) when (e is TimeoutException or PlaywrightException)
        {
            string notice;
            try
            {
                notice = await Page.EvaluateAsync<string>("() => document.getElementById('notice')?.textContent ?? '(no #notice)'");
            }
            catch (PlaywrightException)
            {
                notice = "(the page could not be read)";
            }

            string[] visited;
            lock (Navigations)
            {
                visited = [.. Navigations];
            }

            throw new TimeoutException(
                $"The page did not reach {path} within {timeoutMs} ms. It is at {Page.Url}; it went to: {string.Join(" → ", visited)}; "
                + $"its notice says: {notice}; script errors: {string.Join(" | ", Errors)}", e);
        }
    }

    /// <summary>The session the page holds now (null when signed out).</summary>
    public Task<string?> SessionAsync() => Page.EvaluateAsync<string?>("() => sessionStorage.getItem('hanan.session')");

    public Task GotoAsync(string path) => Page.GotoAsync(Origin + path, new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });

    /// <summary>Saves a screenshot under docs/screenshots so the README shows what the screens look like now.</summary>
    public Task ScreenshotAsync(string name)
    {
        var target = Repository.PathOf("docs", "screenshots");
        Directory.CreateDirectory(target);
        return Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(target, name) });
    }

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();
}
