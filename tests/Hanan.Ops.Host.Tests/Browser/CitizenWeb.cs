using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hanan.Ops.Host.Security;
using Microsoft.Playwright;

namespace Hanan.Ops.Host.Tests.Browser;

/// <summary>The citizen web (/citizen.html) on a phone-sized page (390×844), in its own browser context.</summary>
internal sealed class CitizenWeb : IAsyncDisposable
{
    private CitizenWeb(IntranetPage page) => Intranet = page;

    public IntranetPage Intranet { get; }

    public IPage Page => Intranet.Page;

    public List<string> Dialogs { get; } = [];

    /// <summary>Opens the citizen web signed in as <paramref name="citizen"/> (a citizen session, through the real sign-in).</summary>
    public static async Task<CitizenWeb> OpenAsync(Chromium chromium, DistrictHostFactory factory, string citizen = "citizen-web")
    {
        var page = await IntranetPage.OpenAsync(chromium, factory.BaseAddress, 390, 844);
        await page.SignInAsync(factory, Roles.Citizen, citizen);
        var web = new CitizenWeb(page);
        page.Page.Dialog += async (_, dialog) =>
        {
            web.Dialogs.Add(dialog.Message);
            await dialog.DismissAsync();
        };
        await web.LoadAsync();
        return web;
    }

    /// <summary>(Re)loads the page and waits until it is live and its map is drawn.</summary>
    public async Task LoadAsync()
    {
        await Intranet.GotoAsync("/citizen.html");
        await Page.Locator("#connection[data-state='connected']").WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        await Page.Locator("#map svg g.grids path").First.WaitForAsync();
    }

    public ILocator Appeal(string caseId) => Page.Locator($"#my-appeals li.appeal[data-case-id='{caseId}']");

    public ILocator FieldError(string field) => Page.Locator($"#appeal-form .field-error[data-field='{field}']");

    /// <summary>
    /// Taps the map at a grid's label point (always inside the grid). The map is the host's display GeoJSON under a
    /// scale-and-offset projection, so the point's place within the grid's drawn box is its place within the grid's bounds.
    /// </summary>
    public async Task TapGridAsync(HttpClient client, int index)
    {
        var grids = (await client.GetFromJsonAsync<JsonObject>(new Uri("/api/district/grids", UriKind.Relative)))!;
        var feature = grids["features"]!.AsArray()[index]!;
        var code = feature["properties"]!["code"]!.GetValue<string>();
        var points = Coordinates(feature["geometry"]!["coordinates"]!).ToList();
        var (minX, maxX) = (points.Min(p => p.X), points.Max(p => p.X));
        var (minY, maxY) = (points.Min(p => p.Y), points.Max(p => p.Y));
        var labelX = feature["properties"]!["labelLongitude"]!.GetValue<double>();
        var labelY = feature["properties"]!["labelLatitude"]!.GetValue<double>();

        var path = Page.Locator($"#map svg g.grids path[data-code='{code}']");
        await path.ScrollIntoViewIfNeededAsync();
        var box = (await path.BoundingBoxAsync())!;
        await Page.Mouse.ClickAsync(
            box.X + (float)((labelX - minX) / (maxX - minX) * box.Width),
            box.Y + (float)((maxY - labelY) / (maxY - minY) * box.Height));
        TappedGrid = code;
    }

    public string? TappedGrid { get; private set; }

    private static IEnumerable<(double X, double Y)> Coordinates(JsonNode node) =>
        node is JsonArray { Count: >= 2 } pair && pair[0] is JsonValue && pair[1] is JsonValue
            ? [(pair[0]!.GetValue<double>(), pair[1]!.GetValue<double>())]
            : node.AsArray().SelectMany(child => Coordinates(child!));

    public ValueTask DisposeAsync() => Intranet.DisposeAsync();
}
