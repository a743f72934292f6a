using Microsoft.Playwright;

namespace Hanan.Ops.Host.Tests.Browser;

public sealed class ApiReferencePageTests(EmbeddedHost host, Chromium chromium) : IClassFixture<EmbeddedHost>, IClassFixture<Chromium>
{
    private const string EvalProbe = "script-src eval";

    [Fact]
    public async Task The_API_reference_renders_in_a_browser_under_its_CSP_without_any_request_leaving_the_host()
    {
        await using var page = await IntranetPage.OpenAsync(chromium, host.Factory.BaseAddress, 1440, 900);
        var violations = new List<string>();
        await page.Page.ExposeFunctionAsync("hananCspViolation", (string what) => { lock (violations) { violations.Add(what); } });
        await page.Page.AddInitScriptAsync(
            "document.addEventListener('securitypolicyviolation', e => window.hananCspViolation(e.violatedDirective + ' ' + e.blockedURI));");

        var response = await page.Page.GotoAsync(page.Origin + "/api-reference", new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });

        (await response!.HeaderValueAsync("content-security-policy")).Should().Contain("script-src 'self' 'sha256-", "the page runs under a CSP");

        // The title and the operation summaries come from our OpenAPI document: seeing them proves the page loaded and rendered it.
        await page.Page.GetByText("Hanan Ops API — 平房区智慧城区运营中心").First.WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        foreach (var tag in new[] { "Appeals", "Cases", "Case actions", "District" })
        {
            (await page.Page.GetByText(tag, new PageGetByTextOptions { Exact = true }).CountAsync()).Should().BeGreaterThan(0, $"the tag '{tag}' is listed");
        }

        await page.Page.GetByText("List and filter cases").First.WaitForAsync();
        page.ForeignRequests.Should().BeEmpty("the district intranet has no internet: every asset must come from the host");
        // One refusal is by design: the bundled schema library probes whether it may compile code (Function("") in a
        // try/catch) and falls back to interpreting when it may not. The page does not need eval, so the CSP keeps it out.
        violations.Where(v => v != EvalProbe).Should().BeEmpty("the page works within its Content-Security-Policy");
        page.Errors.Where(e => !e.StartsWith("Refused to evaluate a string as JavaScript", StringComparison.Ordinal))
            .Should().BeEmpty("no script error and no other CSP refusal in the console");
        await page.ScreenshotAsync("api-reference.png");
    }
}
