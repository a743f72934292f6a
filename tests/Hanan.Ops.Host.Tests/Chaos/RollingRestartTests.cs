using System.Diagnostics;
using System.Globalization;
using System.Net;
using Xunit.Abstractions;

namespace Hanan.Ops.Host.Tests.Chaos;

/// <summary>
/// A rolling restart of three real hosts on PostgreSQL behind the proxy ops/cluster.sh runs (HAProxy, checking
/// /health/ready), under a load of appeal filings with idempotency keys, half through the proxy and half straight to the
/// hosts, with wall screens connected through the proxy as live.js connects. Each host in turn gets SIGTERM, exits,
/// starts again and becomes ready before the next.
/// </summary>
[Collection(ChaosCollection.Name)]
[Trait("Category", "Chaos")]
public sealed class RollingRestartTests(ITestOutputHelper output)
{
    private const double Rate = 15;
    private const int Clients = 8;
    private const int Screens = 3;
    private static readonly TimeSpan DrainDelay = TimeSpan.FromSeconds(2);

    /// <summary>Three hosts hold 3 × (8 + 8 + 6 + 3 + 2) = 81 connections at most: inside max_connections = 100.</summary>
    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Hanan__Storage__CaseStorePoolSize"] = "8",
        ["Hanan__Storage__GrainPoolSize"] = "8",
        ["Hanan__Shutdown__DrainDelay"] = DrainDelay.ToString("c", CultureInfo.InvariantCulture),
        ["Hanan__Shutdown__Timeout"] = "00:00:20",
    };

    [Fact]
    public async Task Rolling_three_hosts_under_load_fails_no_request_loses_no_acknowledgement_and_screens_reconnect()
    {
        await using var cluster = await ChaosCluster.StartAsync(3, "roll", _ => Settings);
        using var proxy = await ClusterProxy.StartAsync(cluster.Hosts, cluster.LogDirectory, TimeSpan.FromMilliseconds(500));
        for (var i = 0; i < cluster.Hosts.Count; i++)
        {
            await proxy.WaitUpAsync(i, TimeSpan.FromSeconds(10));
        }

        var token = await ChaosCluster.DispatcherTokenAsync(cluster.Hosts[0]);
        var clock = Stopwatch.StartNew();
        var screens = new List<ScreenClient>();
        for (var i = 0; i < Screens; i++)
        {
            screens.Add(await ScreenClient.ConnectAsync(proxy.BaseAddress, token, $"screen-{i + 1}", clock));
        }

        using var load = new AppealLoad([proxy, cluster.Hosts[0], proxy, cluster.Hosts[1], proxy, cluster.Hosts[2]], await cluster.GridCodesAsync(), cluster.ClusterId);
        using var stopOffering = new CancellationTokenSource();
        var running = load.RunAsync(Rate, TimeSpan.FromSeconds(110), Clients, stopOffering.Token);
        var rolls = new List<string>();
        var problems = new List<string>();
        var rolled = TimeSpan.Zero;
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(3));
            for (var i = 0; i < cluster.Hosts.Count; i++)
            {
                rolls.Add(await RollAsync(cluster, proxy, i, problems));
            }

            // After the roll the load goes on until every screen has heard of a case again (at most 30 s).
            rolled = clock.Elapsed;
            var waiting = Stopwatch.StartNew();
            while (waiting.Elapsed < TimeSpan.FromSeconds(30) && screens.Any(s => s.HeardSince(rolled) == 0))
            {
                await Task.Delay(200);
            }
        }
        finally
        {
            await stopOffering.CancelAsync();
            await running;
        }

        using var invariants = new CasePipelineInvariants(cluster, cluster.Hosts[0], token, load, output);
        foreach (var roll in rolls)
        {
            invariants.Figure(roll);
        }

        foreach (var problem in problems)
        {
            invariants.Fail(problem);
        }

        var acks = load.Acknowledged.Values.ToList();
        invariants.Figure($"acknowledged through the proxy {acks.Count(a => a.Host == proxy.Name)}, straight from a host {acks.Count(a => a.Host != proxy.Name)}");
        CheckAnswers(load, proxy, invariants);
        foreach (var screen in screens)
        {
            var heardAfter = screen.HeardSince(rolled);
            invariants.Figure($"{screen.Name}: {screen.Heard.Count} messages, {screen.Reconnections} reconnections, {heardAfter} messages after the roll, state {screen.State}");
            if (screen.Reconnections == 0)
            {
                invariants.Fail($"{screen.Name} never reconnected, though every host it could be connected to was restarted");
            }

            if (heardAfter == 0)
            {
                invariants.Fail($"{screen.Name} heard nothing after the roll: it did not reconnect to a host that serves the wall");
            }
        }

        foreach (var screen in screens)
        {
            await screen.DisposeAsync();
        }

        await invariants.AssertAllAsync("rolling restart of three hosts behind the proxy under load");
    }

    /// <summary>
    /// SIGTERM to host <paramref name="index"/>: its readiness fails while it still serves, then it answers 503 with
    /// Retry-After or no longer listens, leaves the cluster itself (its membership row is Dead when it exits with 0), starts again, becomes
    /// ready and is back in the proxy's rotation.
    /// </summary>
    private static async Task<string> RollAsync(ChaosCluster cluster, ClusterProxy proxy, int index, List<string> problems)
    {
        var host = cluster.Hosts[index];
        var siloPort = int.Parse(host.Setting("Hanan__Cluster__SiloPort"), CultureInfo.InvariantCulture);
        using var http = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(3) };
        var clock = Stopwatch.StartNew();
        host.Terminate();

        // Readiness fails first, while the host still serves.
        var notReady = await PollAsync(host, async () => await StatusAsync(http, "/health/ready") == HttpStatusCode.ServiceUnavailable);
        var servedWhileDraining = notReady && await StatusAsync(http, "/api/district/streets") == HttpStatusCode.OK;
        var readinessFailedAt = clock.Elapsed;
        if (!notReady)
        {
            problems.Add($"{host.Name}: readiness did not fail after SIGTERM");
        }
        else if (!servedWhileDraining)
        {
            problems.Add($"{host.Name}: stopped serving as soon as its readiness failed (the proxy had no time to move away)");
        }

        // Until the process exits, a new request is served (the drain), answered 503 with Retry-After (refused while
        // requests in flight finish), or finds no listener (the web server has stopped): nothing else.
        var answers = new Dictionary<string, int>(StringComparer.Ordinal);
        await PollAsync(host, async () =>
        {
            using var response = await http.GetAsync(new Uri("/api/district/streets", UriKind.Relative));
            var answer = response.StatusCode switch
            {
                HttpStatusCode.OK => "200",
                HttpStatusCode.ServiceUnavailable when response.Headers.RetryAfter is not null => "503 with Retry-After",
                var other => ((int)other).ToString(CultureInfo.InvariantCulture) + (response.Headers.RetryAfter is null ? " without Retry-After" : ""),
            };
            answers[answer] = answers.GetValueOrDefault(answer) + 1;
            return false;
        });
        var refusal = string.Join(", ", answers.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}×{a.Value}"));
        if (answers.Keys.Any(a => a is not ("200" or "503 with Retry-After")))
        {
            problems.Add($"{host.Name}: while shutting down new requests got {refusal}: only 200 and 503 with Retry-After are allowed");
        }

        var exit = await host.WaitForExitAsync(TimeSpan.FromSeconds(40));
        var exitedAt = clock.Elapsed;
        var own = (await cluster.MembersAsync()).Where(m => m.Port == siloPort).ToList();
        if (exit != 0)
        {
            problems.Add($"{host.Name}: exit code {exit?.ToString(CultureInfo.InvariantCulture) ?? "none within 40 s"} after SIGTERM (0 expected)");
        }

        if (own.Count == 0 || own[^1].Status != 6)
        {
            problems.Add($"{host.Name}: its silo had not left the membership table when the process exited (statuses {string.Join(", ", own.Select(m => m.Status))}; Dead = 6)");
        }

        host.Restart();
        await host.WaitReadyAsync(TimeSpan.FromSeconds(90));
        var readyAt = clock.Elapsed;
        await proxy.WaitUpAsync(index, TimeSpan.FromSeconds(20));
        return $"{host.Name}: readiness failed {readinessFailedAt.TotalSeconds:0.0} s after SIGTERM; new requests until the exit: {refusal}; exited ({exit}) at {exitedAt.TotalSeconds:0.0} s "
            + $"with its silo Dead in the table; ready again at {readyAt.TotalSeconds:0.0} s, in the proxy's rotation at {clock.Elapsed.TotalSeconds:0.0} s";
    }

    /// <summary>
    /// Through the proxy every answer is 2xx or 503 with Retry-After (a host that is not there is the proxy's business);
    /// straight from a host, the same, or no connection at all while the host is down. Nothing given up, nothing unexpected.
    /// </summary>
    private static void CheckAnswers(AppealLoad load, ClusterProxy proxy, CasePipelineInvariants invariants)
    {
        foreach (var ((target, outcome), count) in load.Outcomes)
        {
            var answered = outcome is "201" or "200" or "503";
            var hostGone = target != proxy.Name && (outcome == "connection-refused" || outcome.StartsWith("connection-error:", StringComparison.Ordinal));
            if (!answered && !hostGone)
            {
                invariants.Fail($"{count} attempts through {target} ended in '{outcome}' (only 2xx and 503 with Retry-After are allowed)");
            }
        }

        if (!load.GivenUp.IsEmpty)
        {
            invariants.Fail($"{load.GivenUp.Count} appeals were given up after their retries");
        }

        if (!load.Unexpected.IsEmpty)
        {
            invariants.Fail($"{load.Unexpected.Count} answers were neither success nor retryable");
        }
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        return response.StatusCode;
    }

    /// <summary>Polls <paramref name="condition"/> until it holds, or the host exits, or 30 s pass.</summary>
    private static async Task<bool> PollAsync(HostProcess host, Func<Task<bool>> condition)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(30) && !host.HasExited)
        {
            try
            {
                if (await condition())
                {
                    return true;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // A connection the host closed as it answered, or the process going: the loop checks which.
            }

            await Task.Delay(50);
        }

        return false;
    }
}
