using Hanan.Ops.Host.Security;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Hanan.Ops.Host.Tests.Browser;

/// <summary>/signin.html: the development sign-in in Chinese, its field messages, and the way back to the screen.</summary>
public sealed class SignInPageTests(EmbeddedHost host, Chromium chromium) : IClassFixture<EmbeddedHost>, IClassFixture<Chromium>
{
    private static readonly LocatorWaitForOptions Live = new() { Timeout = 10_000 };

    [Fact]
    public async Task A_wrong_password_shows_the_field_message_and_the_right_one_returns_to_the_console()
    {
        await using var page = await IntranetPage.OpenAsync(chromium, host.Factory.BaseAddress, 1280, 800);
        await page.GotoAsync("/officer.html");
        await page.WaitForPathAsync("/signin.html");
        await Ready(page);

        (await page.Page.InputValueAsync("#role")).Should().Be(Roles.Officer, "the console asked for an officer");
        (await page.Page.InputValueAsync("#password")).Should().BeEmpty("the demo password is never prefilled");
        await page.Page.FillAsync("#user", "wang-fang");
        await page.Page.SelectOptionAsync("#bureau", "urban-management");
        await page.Page.FillAsync("#password", "not-the-password");
        await page.Page.ClickAsync("#submit");

        await Expect(page.Page.Locator(".field-error[data-field='password']")).ToHaveTextAsync("密码错误", new() { Timeout = 10_000 });
        await Expect(page.Page.Locator("#notice")).ToHaveTextAsync("用户编号或密码错误");
        (await page.SessionAsync()).Should().BeNull();
        await page.ScreenshotAsync("signin.png");

        await page.Page.FillAsync("#password", SignInPassword);
        await page.Page.ClickAsync("#submit");

        await page.WaitForPathAsync("/officer.html");
        await page.Page.Locator("#connection[data-state='connected']").WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        await Expect(page.Page.Locator("#who")).ToContainTextAsync("承办人 wang-fang");
        await Expect(page.Page.Locator("#session-user")).ToHaveTextAsync("承办人 wang-fang");
        (await page.SessionAsync()).Should().Contain("\"bureau\":\"urban-management\"");

        // Signing out forgets the session and goes back to the sign-in page for this screen.
        await page.Page.ClickAsync("#sign-out");
        await page.WaitForPathAsync("/signin.html");
        (await page.SessionAsync()).Should().BeNull();
        page.ForeignRequests.Should().BeEmpty();
        page.Errors.Should().ContainSingle("the browser logs the refused password, and nothing else went wrong").Which.Should().Contain("401");
    }

    [Fact]
    public async Task A_return_address_outside_the_host_is_refused_and_the_role_s_own_screen_opens()
    {
        await using var page = await IntranetPage.OpenAsync(chromium, host.Factory.BaseAddress, 1280, 800);
        await page.GotoAsync("/signin.html?return=//example.com/phish&role=supervision");
        await Ready(page);

        await Expect(page.Page.Locator("#notice")).ToContainTextAsync("返回地址不是本系统的页面");
        (await page.Page.IsHiddenAsync("#bureau-row")).Should().BeTrue("a supervisor has no bureau field");
        await page.Page.FillAsync("#user", "sup-02");
        await page.Page.FillAsync("#password", SignInPassword);
        await page.Page.ClickAsync("#submit");

        await page.WaitForPathAsync("/supervision.html");
        new Uri(page.Page.Url).Host.Should().Be(new Uri(page.Origin).Host);
        await Expect(page.Page.Locator("#identity")).ToHaveTextAsync("督查员 sup-02", new() { Timeout = 30_000 });
        page.ForeignRequests.Should().BeEmpty();
    }

    [Fact]
    public async Task A_bad_field_is_named_in_Chinese_and_a_grid_worker_is_asked_for_grids()
    {
        await using var page = await IntranetPage.OpenAsync(chromium, host.Factory.BaseAddress, 1280, 800);
        await page.GotoAsync("/signin.html");
        await Ready(page);

        await page.Page.SelectOptionAsync("#role", Roles.GridWorker);
        (await page.Page.IsVisibleAsync("#grids")).Should().BeTrue();
        await page.Page.FillAsync("#user", "<script>");
        await page.Page.FillAsync("#grids", "999");
        await page.Page.FillAsync("#password", SignInPassword);
        await page.Page.ClickAsync("#submit");

        await page.Page.Locator(".field-error[data-field='user']", new PageLocatorOptions { HasText = "请填写用户编号" }).WaitForAsync(Live);
        await page.Page.Locator(".field-error[data-field='grids']", new PageLocatorOptions { HasText = "网格员须填写" }).WaitForAsync(Live);
        (await page.Page.GetAttributeAsync(".field-error[data-field='grids']", "title")).Should().NotBeNullOrWhiteSpace("the host's own words stay as the tooltip");
        (await page.SessionAsync()).Should().BeNull();
    }

    [Fact]
    public async Task With_an_identity_provider_the_page_says_the_development_sign_in_does_not_exist()
    {
        await using var provider = new DistrictHostFactory(settings: new Dictionary<string, string?>
        {
            ["Hanan:Security:Authority"] = "https://sso.pingfang.example/realms/pingfang",
        });
        await using var page = await IntranetPage.OpenAsync(chromium, provider.BaseAddress, 1280, 800);
        await page.GotoAsync("/signin.html?return=/wall.html&role=dispatcher");
        await Ready(page);

        await page.Page.FillAsync("#user", "dispatcher-1");
        await page.Page.FillAsync("#password", SignInPassword);
        await page.Page.ClickAsync("#submit");

        await Expect(page.Page.Locator("#notice")).ToContainTextAsync("开发登录不可用", new() { Timeout = 10_000 });
        (await page.Page.IsHiddenAsync("#signin-form")).Should().BeTrue();
        (await page.SessionAsync()).Should().BeNull();
        new Uri(page.Page.Url).AbsolutePath.Should().Be("/signin.html");
    }

    /// <summary>The page handles its form (and has loaded the bureaus).</summary>
    private static Task Ready(IntranetPage page) =>
        page.Page.Locator("#signin-form[data-ready='true']").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached, Timeout = 10_000 });

    private const string SignInPassword = Tests.Security.SignIn.Password;
}
