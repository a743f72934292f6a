using Hanan.Ops.Host.Security;
using Microsoft.Playwright;

namespace Hanan.Ops.Host.Tests.Browser;

/// <summary>The officer console (/officer.html) of one officer, signed in as them, open in its own browser context.</summary>
internal sealed class OfficerConsole : IAsyncDisposable
{
    private OfficerConsole(IntranetPage page, string bureauId, string officerId)
    {
        Intranet = page;
        BureauId = bureauId;
        OfficerId = officerId;
    }

    public IntranetPage Intranet { get; }

    public IPage Page => Intranet.Page;

    public string BureauId { get; }

    public string OfficerId { get; }

    public List<string> Dialogs { get; } = [];

    /// <summary>Opens the console and waits until it is live (joined the bureau and loaded its queue).</summary>
    public static async Task<OfficerConsole> OpenAsync(Chromium chromium, DistrictHostFactory factory, string bureauId, string officerId,
        Func<IPage, Task>? beforeLoad = null)
    {
        var page = await IntranetPage.OpenAsync(chromium, factory.BaseAddress, 1920, 1080);
        var console = new OfficerConsole(page, bureauId, officerId);
        page.Page.Dialog += async (_, dialog) =>
        {
            console.Dialogs.Add(dialog.Message);
            await dialog.DismissAsync();
        };
        await page.SignInAsync(factory, Roles.Officer, officerId, bureauId);
        if (beforeLoad is not null)
        {
            await beforeLoad(page.Page);
        }

        await page.GotoAsync("/officer.html");
        await page.Page.Locator("#connection[data-state='connected']").WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        return console;
    }

    public ILocator InQueue(string caseId) => Page.Locator($"#queue li.case[data-case-id='{caseId}']");

    public ILocator InMine(string caseId) => Page.Locator($"#mine li.case[data-case-id='{caseId}']");

    public ILocator Notice => Page.Locator("#notice");

    public ILocator Form(string action) => Page.Locator($"form.action[data-action='{action}']");

    public ValueTask DisposeAsync() => Intranet.DisposeAsync();
}
