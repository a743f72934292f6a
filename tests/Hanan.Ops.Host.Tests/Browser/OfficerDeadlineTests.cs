using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hanan.Ops.Host.Tests.Appeals;
using Hanan.Ops.Host.Security;
using Hanan.Ops.Host.Tests.Security;
using Microsoft.Playwright;

namespace Hanan.Ops.Host.Tests.Browser;

/// <summary>"My cases" count down on the district clock (its own host: the test moves that clock).</summary>
public sealed class OfficerDeadlineTests(EmbeddedHost host, Chromium chromium) : IClassFixture<EmbeddedHost>, IClassFixture<Chromium>
{
    private const string Bureau = "urban-management";

    [Fact]
    public async Task My_cases_turn_from_normal_to_warning_to_overdue_on_the_district_clock()
    {
        var id = (await FileAppeal.Async(host.Factory, host.Client, "sanitation", 222))["caseId"]!.GetValue<string>();
        using var officer = await host.Factory.ClientAsAsync(Roles.Officer, "officer-t", Bureau);
        (await officer.PostAsJsonAsync(new Uri($"/api/cases/{id}/claim", UriKind.Relative), new { }))
            .StatusCode.Should().Be(HttpStatusCode.OK);
        // The officer works the case (a claim nobody acts on goes back to the queue at its act-by instant, and the
        // deadline schedulers apply that on the district clock too).
        (await officer.PostAsJsonAsync(new Uri($"/api/cases/{id}/notes", UriKind.Relative), new { text = "已联系环卫所", @public = false }))
            .StatusCode.Should().Be(HttpStatusCode.OK);
        var deadlines = (await officer.GetFromJsonAsync<JsonObject>(new Uri($"/api/cases/{id}", UriKind.Relative)))!["deadlines"]!;
        var warningAt = DateTimeOffset.Parse(deadlines["resolveWarningAt"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        var due = DateTimeOffset.Parse(deadlines["resolveDue"]!.GetValue<string>(), CultureInfo.InvariantCulture);

        await using var console = await OfficerConsole.OpenAsync(chromium, host.Factory, Bureau, "officer-t");
        var countdown = console.InMine(id).Locator(".countdown");
        await console.InMine(id).WaitForAsync(new LocatorWaitForOptions { Timeout = 10_000 });
        (await countdown.GetAttributeAsync("data-urgency")).Should().Be("normal");
        (await countdown.TextContentAsync()).Should().StartWith("剩余");

        host.Factory.Clock.Advance(warningAt - host.Factory.Clock.GetUtcNow() + TimeSpan.FromMinutes(1));
        await console.Intranet.GotoAsync("/officer.html");
        await console.Page.Locator($"#mine li.case[data-case-id='{id}'] .countdown[data-urgency='warning']").WaitForAsync(new LocatorWaitForOptions { Timeout = 10_000 });

        host.Factory.Clock.Advance(due - host.Factory.Clock.GetUtcNow() + TimeSpan.FromHours(2));
        await console.Intranet.GotoAsync("/officer.html");
        await console.Page.Locator($"#mine li.case[data-case-id='{id}'] .countdown[data-urgency='overdue']").WaitForAsync(new LocatorWaitForOptions { Timeout = 10_000 });
        (await countdown.TextContentAsync()).Should().StartWith("超期");
    }
}
