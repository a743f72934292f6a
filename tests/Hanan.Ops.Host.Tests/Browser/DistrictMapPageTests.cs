using Hanan.Ops.Domain.Geography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Hanan.Ops.Host.Tests.Browser;

public sealed class DistrictMapPageTests(EmbeddedHost host, Chromium chromium) : IClassFixture<EmbeddedHost>, IClassFixture<Chromium>
{
    [Fact]
    public async Task The_map_draws_every_street_and_grid_from_the_district_GeoJSON_with_no_outside_request()
    {
        var map = host.Factory.Services.GetRequiredService<DistrictMap>();
        await using var page = await IntranetPage.OpenAsync(chromium, host.Factory.BaseAddress);

        await page.GotoAsync("/");

        await page.Page.Locator("#grid-count").Filter(new LocatorFilterOptions { HasText = map.Grids.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            .WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        (await page.Page.Locator("svg g.grids path").CountAsync()).Should().Be(map.Grids.Count);
        (await page.Page.Locator("svg g.streets path").CountAsync()).Should().Be(map.Streets.Count);
        (await page.Page.Locator("svg g.street-labels text").AllTextContentsAsync()).Should().BeEquivalentTo(map.Streets.Select(s => s.Name));
        (await page.Page.Locator("#street-list li").CountAsync()).Should().Be(11);
        page.ForeignRequests.Should().BeEmpty();
        page.Errors.Should().BeEmpty();
        await page.ScreenshotAsync("district-map.png");
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/signin.html")]
    [InlineData("/wall.html")]
    [InlineData("/supervision.html")]
    [InlineData("/officer.html")]
    [InlineData("/citizen.html")]
    [InlineData("/police.html")]
    public async Task Dashboard_pages_forbid_other_origins_by_content_security_policy(string path)
    {
        using var response = await host.Client.GetAsync(new Uri(path, UriKind.Relative));

        response.Headers.GetValues("Content-Security-Policy").Single().Should().Contain("default-src 'self'").And.Contain("connect-src 'self'");
        var html = await response.Content.ReadAsStringAsync();
        System.Text.RegularExpressions.Regex.IsMatch(html, "<script(?![^>]*\\bsrc=)[^>]*>|\\sstyle=|<style").Should().BeFalse("no inline script or style: the policy would refuse it");
    }
}
