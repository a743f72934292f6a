using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hanan.Ops.Domain.Appeals;
using Hanan.Ops.Domain.Geography;
using Hanan.Ops.Host.Tests.Appeals;
using Hanan.Ops.Host.Security;
using Hanan.Ops.Host.Tests.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Hanan.Ops.Host.Tests.Browser;

/// <summary>The command-centre wall (/wall.html) in Debian's Chromium against the real host.</summary>
public sealed class WallDisplayTests(Chromium chromium) : IClassFixture<Chromium>
{
    internal const float Patience = 30_000;

    [Fact]
    public async Task An_appeal_filed_through_the_API_appears_on_the_ticker_and_changes_its_grids_colour()
    {
        await using var host = new DistrictHostFactory();
        using var client = host.CreateRealClient();
        var map = host.Services.GetRequiredService<DistrictMap>();
        var routing = host.Services.GetRequiredService<RoutingTable>();
        var grid = map.Grids[21];
        await using var page = await IntranetPage.OpenAsync(chromium, host.BaseAddress);
        await page.SignInAsync(host, Roles.Dispatcher, "dispatcher-wall");
        await page.GotoAsync("/wall.html");
        await WallPage.ConnectedAsync(page);

        var gridPath = page.Page.Locator($"svg g.heat-grids path[data-code='{grid.Code}']");
        await Expect(gridPath).ToHaveAttributeAsync("data-heat", "0", new() { Timeout = Patience });
        var colourBefore = await gridPath.EvaluateAsync<string>("p => getComputedStyle(p).fill");
        await Expect(WallPage.Kpi(page, "filedToday")).ToHaveTextAsync("0");

        var receipt = await FileAppeal.Async(host, client, "sanitation", 21);
        var number = receipt["caseNumber"]!.GetValue<string>();

        var item = page.Page.Locator($"#ticker li[data-case='{number}'][data-action='filed']");
        await Expect(item).ToBeVisibleAsync(new() { Timeout = Patience });
        await Expect(item).ToContainTextAsync("新受理");
        await Expect(item).ToContainTextAsync(routing.FindCategory("sanitation")!.Name);
        await Expect(item).ToContainTextAsync(map.FindStreet(grid.StreetCode)!.Name);
        await Expect(gridPath).ToHaveAttributeAsync("data-heat", "1", new() { Timeout = Patience });
        await Expect(gridPath).ToHaveAttributeAsync("data-count", "1");
        (await gridPath.EvaluateAsync<string>("p => getComputedStyle(p).fill")).Should().NotBe(colourBefore, "the grid is coloured by its appeals");
        await Expect(WallPage.Kpi(page, "filedToday")).ToHaveTextAsync("1", new() { Timeout = Patience });
        await Expect(WallPage.Kpi(page, "open")).ToHaveTextAsync("1");
        (await page.Page.Locator("svg g.heat-cells rect").CountAsync()).Should().BeGreaterThan(0, "the heat layer shows the appeal's cell");

        page.ForeignRequests.Should().BeEmpty("the wall loads everything from the host");
        page.Errors.Should().BeEmpty();
    }

    [Fact]
    public async Task A_category_and_window_from_the_query_string_decide_what_the_map_counts()
    {
        await using var host = new DistrictHostFactory();
        using var client = host.CreateRealClient();
        var grid = host.Services.GetRequiredService<DistrictMap>().Grids[40];
        await FileAppeal.Async(host, client, "noise", 40);
        await FileAppeal.Async(host, client, "noise", 40);
        await FileAppeal.Async(host, client, "heating", 40);
        await using var page = await IntranetPage.OpenAsync(chromium, host.BaseAddress);
        await page.SignInAsync(host, Roles.Leader, "leader-1");

        await page.GotoAsync("/wall.html?window=24h&category=noise");
        await WallPage.ConnectedAsync(page);

        var gridPath = page.Page.Locator($"svg g.heat-grids path[data-code='{grid.Code}']");
        await Expect(gridPath).ToHaveAttributeAsync("data-count", "2", new() { Timeout = Patience });
        await Expect(page.Page.Locator("#map-title")).ToContainTextAsync("近24小时");
        await Expect(page.Page.Locator("#map-title")).ToContainTextAsync("噪声扰民");

        await page.GotoAsync("/wall.html");
        await WallPage.ConnectedAsync(page);
        await Expect(gridPath).ToHaveAttributeAsync("data-count", "3", new() { Timeout = Patience });
        page.ForeignRequests.Should().BeEmpty();
    }

    [Fact]
    public async Task The_wall_shows_none_of_the_citizens_words_and_runs_no_hostile_markup()
    {
        const string hostile = "<img src=x onerror=alert(1)>";
        await using var host = new DistrictHostFactory();
        using var client = host.CreateRealClient();
        await using var page = await IntranetPage.OpenAsync(chromium, host.BaseAddress);
        await page.SignInAsync(host, Roles.Dispatcher, "dispatcher-wall");
        var dialogs = WallPage.RecordDialogs(page);
        await page.GotoAsync("/wall.html");
        await WallPage.ConnectedAsync(page);

        var receipt = await FileAppeal.Async(host, client, "noise", 12, hostile);
        var id = receipt["caseId"]!.GetValue<string>();
        using var officer = await host.ClientAsAsync(Roles.Officer, "officer-7", receipt["leadBureau"]!.GetValue<string>());
        (await officer.PostAsJsonAsync(new Uri($"/api/cases/{id}/claim", UriKind.Relative), new { })).EnsureSuccessStatusCode();
        (await officer.PostAsJsonAsync(new Uri($"/api/cases/{id}/notes", UriKind.Relative), new { text = hostile, @public = true })).EnsureSuccessStatusCode();

        await Expect(page.Page.Locator($"#ticker li[data-case='{receipt["caseNumber"]!.GetValue<string>()}']")).ToBeVisibleAsync(new() { Timeout = Patience });
        await Expect(WallPage.Kpi(page, "claimed")).ToHaveTextAsync("1", new() { Timeout = Patience });
        await page.Page.ReloadAsync(new() { WaitUntil = WaitUntilState.NetworkIdle }); // the ticker's backfill from the list, too
        await WallPage.ConnectedAsync(page);
        await Expect(page.Page.Locator($"#ticker li[data-case='{receipt["caseNumber"]!.GetValue<string>()}']")).ToBeVisibleAsync(new() { Timeout = Patience });

        (await page.Page.Locator("img").CountAsync()).Should().Be(0, "no element is made from a citizen's text");
        dialogs.Should().BeEmpty("no script from a citizen's text runs");
        (await page.Page.InnerTextAsync("body")).Should().NotContain("onerror", "the wall is public in the room: the citizen's own words stay off it");
        page.ForeignRequests.Should().BeEmpty();
        page.Errors.Should().BeEmpty();
    }

    [Fact]
    public async Task At_1920_by_1080_the_wall_shows_the_live_district_picture()
    {
        await using var host = new DistrictHostFactory();
        using var client = host.CreateRealClient();
        var categories = new[] { "noise", "sanitation", "heating", "road-damage", "snow-removal" };
        var filings = new List<Task<JsonObject>>();
        for (var i = 0; i < 48; i++)
        {
            // A cluster of heating appeals in a few grids (it turns hot), the rest spread over the district.
            var (category, grid) = i < 14 ? ("heating", 100 + (i % 3)) : (categories[i % categories.Length], (i * 37) % 449);
            filings.Add(FileAppeal.Async(host, client, category, grid));
        }

        var receipts = await Task.WhenAll(filings);
        foreach (var receipt in receipts.Take(6))
        {
            using var officer = await host.ClientAsAsync(Roles.Officer, "officer-1", receipt["leadBureau"]!.GetValue<string>());
            (await officer.PostAsJsonAsync(new Uri($"/api/cases/{receipt["caseId"]!.GetValue<string>()}/claim", UriKind.Relative), new { })).EnsureSuccessStatusCode();
        }

        await using var page = await IntranetPage.OpenAsync(chromium, host.BaseAddress, 1920, 1080);
        await page.SignInAsync(host, Roles.Dispatcher, "dispatcher-wall");
        await page.GotoAsync("/wall.html");
        await WallPage.ConnectedAsync(page);
        await Expect(WallPage.Kpi(page, "filedToday")).ToHaveTextAsync(receipts.Length.ToString(CultureInfo.InvariantCulture), new() { Timeout = Patience });
        await Expect(WallPage.Kpi(page, "claimed")).ToHaveTextAsync("6", new() { Timeout = Patience });
        await Expect(page.Page.Locator("#ranking li[data-bureau]").First).ToBeVisibleAsync(new() { Timeout = Patience });
        await Expect(page.Page.Locator("#hotspots li .place").First).ToBeVisibleAsync(new() { Timeout = Patience });
        await Expect(WallPage.Kpi(page, "responseRate")).Not.ToHaveTextAsync("…", new() { Timeout = Patience });
        (await page.Page.Locator("#ticker li").CountAsync()).Should().BeGreaterThan(5);

        page.ForeignRequests.Should().BeEmpty();
        page.Errors.Should().BeEmpty();
        await page.ScreenshotAsync("wall.png");
    }
}

/// <summary>What the wall and supervision tests read off the page.</summary>
internal static class WallPage
{
    /// <summary>Every alert, confirm or prompt the page opens (dismissed): a script from someone's text would open one.</summary>
    public static List<string> RecordDialogs(IntranetPage page)
    {
        var dialogs = new List<string>();
        page.Page.Dialog += async (_, dialog) =>
        {
            dialogs.Add(dialog.Message);
            await dialog.DismissAsync();
        };
        return dialogs;
    }

    public static ILocator Kpi(IntranetPage page, string name) => page.Page.Locator($"[data-kpi='{name}'] .value");

    public static Task ConnectedAsync(IntranetPage page, float timeout = WallDisplayTests.Patience) =>
        Expect(page.Page.Locator("#connection")).ToHaveAttributeAsync("data-state", "connected", new() { Timeout = timeout });
}
