using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hanan.Ops.Host.Hosting;
using Hanan.Ops.Host.Tests.Appeals;
using Hanan.Ops.Host.Security;
using Hanan.Ops.Host.Tests.Security;
using Hanan.Ops.Storage.Tests;
using Microsoft.Extensions.Time.Testing;
using static Microsoft.Playwright.Assertions;

namespace Hanan.Ops.Host.Tests.Browser;

/// <summary>The wall on a host that is stopped and started again on the real PostgreSQL, while nobody touches the page.</summary>
public sealed class WallRestartTests(Chromium chromium) : IClassFixture<Chromium>
{
    [Fact]
    public async Task The_wall_reconnects_after_the_host_restarts_and_shows_the_same_totals_without_a_reload()
    {
        await using var db = await TestDatabase.CreateAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.FromHours(8)));
        var clusterId = "wall-" + Guid.NewGuid().ToString("N")[..8];
        var port = DistrictHostFactory.FreePort();
        DistrictHostFactory Host()
        {
            var host = new DistrictHostFactory(StorageMode.PostgreSql, db.ConnectionString, clock, clusterId);
            host.UseKestrel(port); // the same address after the restart, as behind the command centre's fixed URL
            return host;
        }

        var first = Host();
        await using var page = await IntranetPage.OpenAsync(chromium, first.BaseAddress);
        try
        {
            // Signed in on the first host; the second host has the same signing key (as every host of a cluster), so the
            // page's session stays valid across the restart.
            await page.SignInAsync(first, Roles.Dispatcher, "dispatcher-wall");
            using var client = await first.ClientAsAsync(Roles.Dispatcher);
            var receipts = new List<JsonObject>();
            for (var i = 0; i < 3; i++)
            {
                receipts.Add(await FileAppeal.Async(first, client, "road-damage", 60 + i));
            }

            using var officer = await first.ClientAsAsync(Roles.Officer, "officer-3", receipts[0]["leadBureau"]!.GetValue<string>());
            (await officer.PostAsJsonAsync(new Uri($"/api/cases/{receipts[0]["caseId"]!.GetValue<string>()}/claim", UriKind.Relative), new { }))
                .EnsureSuccessStatusCode();
            await Eventually.HoldsAsync(
                async () => (await client.GetFromJsonAsync<JsonObject>(new Uri("/api/cases?status=InProgress", UriKind.Relative)))!["items"]!.AsArray().Count == 1,
                TimeSpan.FromSeconds(20), "the read model (which the picture is rebuilt from) holds the claim");

            await page.GotoAsync("/wall.html");
            await WallPage.ConnectedAsync(page);
            await Expect(WallPage.Kpi(page, "filedToday")).ToHaveTextAsync("3", new() { Timeout = WallDisplayTests.Patience });
            await Expect(WallPage.Kpi(page, "open")).ToHaveTextAsync("3");
            await Expect(WallPage.Kpi(page, "claimed")).ToHaveTextAsync("1");
            await page.Page.EvaluateAsync("() => { window.sameDocument = 'before the restart'; }");
        }
        finally
        {
            await first.DisposeAsync();
        }

        // The host is gone: the wall says so, and keeps trying.
        await Expect(page.Page.Locator("#connection")).Not.ToHaveAttributeAsync("data-state", "connected", new() { Timeout = WallDisplayTests.Patience });

        await using var second = Host();
        using var client2 = second.CreateRealClient();
        second.BaseAddress.Port.Should().Be(port);

        await WallPage.ConnectedAsync(page, 120_000);
        await Expect(WallPage.Kpi(page, "filedToday")).ToHaveTextAsync("3", new() { Timeout = WallDisplayTests.Patience });
        await Expect(WallPage.Kpi(page, "open")).ToHaveTextAsync("3");
        await Expect(WallPage.Kpi(page, "claimed")).ToHaveTextAsync("1");
        (await page.Page.EvaluateAsync<string?>("() => window.sameDocument")).Should().Be("before the restart", "nobody reloaded the page");
        new Uri(page.Page.Url).AbsolutePath.Should().Be("/wall.html", "the session outlived the restart: no trip to the sign-in page");

        // And it is live again: an appeal filed on the new host reaches it.
        var after = await FileAppeal.Async(second, client2, "noise", 70);
        await Expect(page.Page.Locator($"#ticker li[data-case='{after["caseNumber"]!.GetValue<string>()}']")).ToBeVisibleAsync(new() { Timeout = WallDisplayTests.Patience });
        await Expect(WallPage.Kpi(page, "filedToday")).ToHaveTextAsync("4", new() { Timeout = WallDisplayTests.Patience });
        page.ForeignRequests.Should().BeEmpty();
    }
}
