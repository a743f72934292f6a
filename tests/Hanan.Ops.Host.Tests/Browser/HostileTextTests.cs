using System.Text.Json.Nodes;
using Hanan.Ops.Host.Tests.Appeals;
using Hanan.Ops.Host.Security;
using Hanan.Ops.Host.Tests.Security;
using Microsoft.Playwright;

namespace Hanan.Ops.Host.Tests.Browser;

/// <summary>Citizens' and officers' words are text on every desk screen: markup in them is shown, never run.</summary>
public sealed class HostileTextTests(EmbeddedHost host, Chromium chromium) : IClassFixture<EmbeddedHost>, IClassFixture<Chromium>
{
    private const string Hostile = "<img src=x onerror=alert(1)>";
    private static readonly LocatorWaitForOptions Live = new() { Timeout = 10_000 };

    [Fact]
    public async Task Markup_in_an_appeal_and_a_note_shows_as_text_on_the_officer_console_and_the_citizen_web()
    {
        await using var console = await OfficerConsole.OpenAsync(chromium, host.Factory, "urban-management", "officer-h");
        using var citizen = await host.Factory.ClientAsAsync(Roles.Citizen, "citizen-h");
        var receipt = await FileAppeal.Async(host.Factory, citizen, "sanitation", 300, Hostile);
        var id = receipt["caseId"]!.GetValue<string>();

        // The console: the description in the queue, then the note (written from the page) in the timeline.
        await console.InQueue(id).WaitForAsync(Live);
        (await console.InQueue(id).Locator(".description").TextContentAsync()).Should().Be(Hostile);
        await console.InQueue(id).Locator("button.claim").ClickAsync();
        await console.Page.Locator("#detail-description", new PageLocatorOptions { HasText = Hostile }).WaitForAsync(Live);
        var note = console.Form("notes");
        await note.Locator("textarea[name='text']").FillAsync(Hostile);
        await note.Locator("input[name='public']").CheckAsync();
        await note.Locator("button").ClickAsync();
        await console.Page.Locator("#timeline li .what", new PageLocatorOptions { HasText = "办理进展：" + Hostile }).WaitForAsync(Live);

        // The citizen web of the citizen who filed it (signed in), on the device that filed it.
        await using var web = await CitizenWeb.OpenAsync(chromium, host.Factory, "citizen-h");
        var remembered = new JsonArray(new JsonObject { ["id"] = id, ["number"] = receipt["caseNumber"]!.GetValue<string>() }).ToJsonString();
        await web.Page.EvaluateAsync("value => localStorage.setItem('hanan.citizen.cases:citizen-h', value)", remembered);
        await web.LoadAsync();
        await web.Page.ClickAsync("#tab-mine");
        await web.Appeal(id).Locator(".timeline li .what", new LocatorLocatorOptions { HasText = "办理进展：" + Hostile }).WaitForAsync(Live);
        (await web.Appeal(id).Locator(".description").TextContentAsync()).Should().Be(Hostile);

        foreach (var page in new[] { console.Page, web.Page })
        {
            (await page.Locator("img").CountAsync()).Should().Be(0, "the markup must not become an element");
        }

        console.Dialogs.Should().BeEmpty("no script from the text ran");
        web.Dialogs.Should().BeEmpty("no script from the text ran");
        console.Intranet.ForeignRequests.Should().BeEmpty();
        web.Intranet.ForeignRequests.Should().BeEmpty();
        console.Intranet.Errors.Should().BeEmpty();
        web.Intranet.Errors.Should().BeEmpty();
    }
}
