using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Hanan.Ops.Host.Security;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Hanan.Ops.Host.Tests.Browser;

/// <summary>
/// identity.js on a real screen: the session is renewed before it runs out (a wall runs all day), and an expired or
/// refused session goes to the sign-in page, proposing the screen's role and returning to it.
/// </summary>
public sealed class SessionLifecycleTests(EmbeddedHost host, Chromium chromium) : IClassFixture<EmbeddedHost>, IClassFixture<Chromium>
{
    [Fact]
    public async Task The_wall_renews_its_session_two_thirds_into_the_lifetime_without_a_reload_and_stays_live()
    {
        await using var page = await IntranetPage.OpenAsync(chromium, host.Factory.BaseAddress);
        var session = await IntranetPage.SignedInSessionAsync(host.Factory, Roles.Dispatcher, "dispatcher-night");
        // Ten minutes left of thirty: past two thirds of the lifetime, so the page renews at once.
        var nearlyOver = DateTimeOffset.UtcNow.AddMinutes(10).ToString("O");
        session["expiresAt"] = nearlyOver;
        await page.UseSessionAsync(session);

        await page.GotoAsync("/wall.html");
        await WallPage.ConnectedAsync(page);
        await page.Page.WaitForFunctionAsync($"() => JSON.parse(sessionStorage.getItem('hanan.session')).expiresAt !== '{nearlyOver}'", null, new() { Timeout = 10_000 });

        var renewed = JsonNode.Parse((await page.SessionAsync())!)!;
        renewed["user"]!["id"]!.GetValue<string>().Should().Be("dispatcher-night");
        DateTimeOffset.Parse(renewed["expiresAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)
            .Should().BeAfter(DateTimeOffset.UtcNow.AddMinutes(20), "the renewed token has a full lifetime");
        using var client = host.Factory.CreateRealClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", renewed["accessToken"]!.GetValue<string>());
        (await client.GetAsync(new Uri("/api/auth/me", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);
        new Uri(page.Page.Url).AbsolutePath.Should().Be("/wall.html");
        await WallPage.ConnectedAsync(page);
        page.Errors.Should().BeEmpty();
    }

    [Fact]
    public async Task An_expired_session_goes_to_the_sign_in_page_for_the_screens_role()
    {
        await using var page = await IntranetPage.OpenAsync(chromium, host.Factory.BaseAddress);
        var session = await IntranetPage.SignedInSessionAsync(host.Factory, Roles.Supervision, "sup-09");
        session["expiresAt"] = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O");
        await page.UseSessionAsync(session);

        await page.GotoAsync("/supervision.html?bureau=heating");

        await page.WaitForPathAsync("/signin.html");
        var query = System.Web.HttpUtility.ParseQueryString(new Uri(page.Page.Url).Query);
        query["return"].Should().Be("/supervision.html?bureau=heating");
        query["role"].Should().Be(Roles.Supervision);
    }

    [Fact]
    public async Task A_token_the_host_refuses_signs_in_again_instead_of_retrying_forever()
    {
        await using var page = await IntranetPage.OpenAsync(chromium, host.Factory.BaseAddress);
        var session = await IntranetPage.SignedInSessionAsync(host.Factory, Roles.Citizen, "citizen-401");
        var token = session["accessToken"]!.GetValue<string>();
        session["accessToken"] = token[..^4] + (token.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA"); // a broken signature
        await page.UseSessionAsync(session);

        await page.GotoAsync("/citizen.html");

        await page.WaitForPathAsync("/signin.html");
        System.Web.HttpUtility.ParseQueryString(new Uri(page.Page.Url).Query)["role"].Should().Be(Roles.Citizen);
        (await page.SessionAsync()).Should().BeNull("the refused session is forgotten");
        await Expect(page.Page.Locator("#role")).ToHaveValueAsync(Roles.Citizen);
    }
}
