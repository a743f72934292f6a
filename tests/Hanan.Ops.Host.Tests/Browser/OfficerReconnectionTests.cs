using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Hanan.Ops.Host.Tests.Appeals;
using Hanan.Ops.Host.Security;
using Hanan.Ops.Host.Tests.Security;
using Microsoft.Playwright;

namespace Hanan.Ops.Host.Tests.Browser;

/// <summary>A console whose live connection drops catches up when it comes back: the queue is reloaded, not patched.</summary>
public sealed class OfficerReconnectionTests(EmbeddedHost host, Chromium chromium) : IClassFixture<EmbeddedHost>, IClassFixture<Chromium>
{
    private const string Bureau = "urban-management";
    private static readonly LocatorWaitForOptions Live = new() { Timeout = 15_000 };

    [Fact]
    public async Task After_a_dropped_connection_the_console_reloads_its_queue_with_what_it_missed()
    {
        // The hub's WebSocket passes through the test, which can withhold the host's messages and cut the socket.
        var withhold = 0;
        var withheld = new ConcurrentQueue<string>();
        var sockets = new ConcurrentQueue<IWebSocketRoute>();
        await using var console = await OfficerConsole.OpenAsync(chromium, host.Factory, Bureau, "officer-r", page =>
            page.RouteWebSocketAsync(new Regex("/hubs/district"), socket =>
            {
                var server = socket.ConnectToServer();
                server.OnMessage(frame =>
                {
                    if (Volatile.Read(ref withhold) == 1)
                    {
                        withheld.Enqueue(frame.Text ?? "");
                    }
                    else if (frame.Text is { } text)
                    {
                        socket.Send(text);
                    }
                });
                sockets.Enqueue(socket);
            }));
        var claimedElsewhere = (await FileAppeal.Async(host.Factory, host.Client, "sanitation", 310))["caseId"]!.GetValue<string>();
        await console.InQueue(claimedElsewhere).WaitForAsync(Live);

        // While the console hears nothing: one case is claimed by someone else, another is filed.
        Volatile.Write(ref withhold, 1);
        using var officerX = await host.Factory.ClientAsAsync(Roles.Officer, "officer-x", Bureau);
        (await officerX.PostAsJsonAsync(new Uri($"/api/cases/{claimedElsewhere}/claim", UriKind.Relative), new { }))
            .StatusCode.Should().Be(HttpStatusCode.OK);
        var filedMeanwhile = (await FileAppeal.Async(host.Factory, host.Client, "sanitation", 340))["caseId"]!.GetValue<string>();
        await WaitUntil(() => withheld.Any(m => m.Contains(claimedElsewhere, StringComparison.Ordinal)) && withheld.Any(m => m.Contains(filedMeanwhile, StringComparison.Ordinal)));
        (await console.InQueue(claimedElsewhere).CountAsync()).Should().Be(1, "the console has not heard of the claim");
        (await console.InQueue(filedMeanwhile).CountAsync()).Should().Be(0, "the console has not heard of the new case");

        // The socket drops; the console reconnects by itself and reloads.
        Volatile.Write(ref withhold, 0);
        await sockets.Last().CloseAsync(new WebSocketRouteCloseOptions { Code = 1011, Reason = "dropped by the test" });

        await console.InQueue(claimedElsewhere).WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached, Timeout = 15_000 });
        await console.InQueue(filedMeanwhile).WaitForAsync(Live);
        await console.Page.Locator("#connection[data-state='connected']").WaitForAsync(Live);
        sockets.Should().HaveCountGreaterThan(1, "the console opened a new connection");
        console.Intranet.ForeignRequests.Should().BeEmpty();
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 150 && !condition(); i++)
        {
            await Task.Delay(100);
        }

        condition().Should().BeTrue("the host sent the messages the console must miss");
    }
}
