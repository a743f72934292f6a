using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Hanan.Ops.Host.Tests.Chaos;

/// <summary>Where appeals are sent: a host, or the proxy in front of the hosts.</summary>
internal interface ILoadTarget
{
    string Name { get; }

    Uri BaseAddress { get; }
}

/// <summary>An acknowledged appeal: the idempotency key and what the host answered with 201 or 200.</summary>
internal sealed record Acknowledgement(int Index, string Key, Guid CaseId, string CaseNumber, string LeadBureau, int StatusCode, string Host, TimeSpan At, int Attempts);

/// <summary>
/// Files appeals at a steady rate over the hosts from a bounded number of concurrent clients. Each appeal has its own
/// idempotency key; its client retries it with the same key on 503, 500, connection errors and timeouts, against the
/// next host each time, until it gets 201 or 200 (bounded attempts and time). Every answer is counted per host; 500s
/// are kept with their body.
/// </summary>
internal sealed class AppealLoad : IDisposable
{
    private static readonly string[] Categories = ["heating", "water-outage", "power-outage", "road-damage", "noise"];

    private readonly IReadOnlyList<ILoadTarget> _hosts;
    private readonly IReadOnlyList<string> _grids;
    private readonly string _run;
    private readonly HttpClient _http;
    private readonly Stopwatch _clock = new();

    public AppealLoad(IReadOnlyList<ILoadTarget> hosts, IReadOnlyList<string> grids, string run)
    {
        _hosts = hosts;
        _grids = grids;
        _run = run;
        _http = new HttpClient(new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(2),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>Per attempt: the answer's timeout; a timed-out attempt is retried with the same key.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>Per appeal: at most this many attempts …</summary>
    public int MaxAttempts { get; init; } = 100;

    /// <summary>… and at most this long from the first attempt.</summary>
    public TimeSpan MaxAppealTime { get; init; } = TimeSpan.FromSeconds(45);

    public ConcurrentDictionary<string, Acknowledgement> Acknowledged { get; } = new();

    /// <summary>Keys offered (sent at least once), in order.</summary>
    public ConcurrentQueue<string> Offered { get; } = new();

    /// <summary>Keys given up on after the bounds, with the last outcome.</summary>
    public ConcurrentDictionary<string, string> GivenUp { get; } = new();

    /// <summary>Answers that are neither success nor retryable (e.g. 400, 409), with their body: the harness or the host is wrong.</summary>
    public ConcurrentQueue<string> Unexpected { get; } = new();

    /// <summary>Every 500, with host, instant and the start of the body.</summary>
    public ConcurrentQueue<string> ServerErrors { get; } = new();

    /// <summary>Outcome counts per host: "201", "503", "connection-refused", "timeout", …</summary>
    public ConcurrentDictionary<(string Host, string Outcome), int> Outcomes { get; } = new();

    /// <summary>Elapsed time since <see cref="RunAsync"/> started.</summary>
    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>
    /// Offers <paramref name="rate"/> appeals a second for <paramref name="duration"/> (or until <paramref name="stop"/>)
    /// to <paramref name="clients"/> clients (an appeal is dropped, not queued, while every client is busy: the offered
    /// rate then falls), then waits for every appeal in flight to be acknowledged or given up.
    /// </summary>
    public async Task RunAsync(double rate, TimeSpan duration, int clients, CancellationToken stop = default)
    {
        _clock.Start();
        var work = Channel.CreateBounded<int>(new BoundedChannelOptions(clients) { SingleWriter = true });
        var workers = Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            await foreach (var index in work.Reader.ReadAllAsync())
            {
                await FileAsync(index);
            }
        })).ToList();

        var tick = TimeSpan.FromMilliseconds(100);
        var perTick = rate * tick.TotalSeconds;
        var due = 0.0;
        var next = 0;
        while (_clock.Elapsed < duration && !stop.IsCancellationRequested)
        {
            due += perTick;
            while (due >= 1)
            {
                due--;
                if (work.Writer.TryWrite(next))
                {
                    next++;
                }
            }

            // The tick runs out even when told to stop: the loop checks the token next.
            await Task.Delay(tick, CancellationToken.None);
        }

        work.Writer.Complete();
        await Task.WhenAll(workers);
    }

    /// <summary>Outcome counts as one line per host.</summary>
    public string OutcomeTable() => string.Join("\n", Outcomes.GroupBy(o => o.Key.Host).OrderBy(g => g.Key).Select(g =>
        $"  {g.Key}: " + string.Join(", ", g.OrderBy(o => o.Key.Outcome, StringComparer.Ordinal).Select(o => $"{o.Key.Outcome}×{o.Value}"))));

    /// <summary>The suffix of an outcome whose answer had no Retry-After.</summary>
    public const string NoRetryAfter = " without Retry-After";

    public int Count(string outcome) => Outcomes.Where(o => o.Key.Outcome == outcome).Sum(o => o.Value);

    public void Dispose() => _http.Dispose();

    /// <summary>The body of appeal <paramref name="index"/>: the same on every attempt.</summary>
    public object Body(int index) => new
    {
        category = Categories[index % Categories.Length],
        description = $"混沌测试诉求 {index}：楼道照明损坏，夜间无法通行。",
        gridCode = _grids[(index * 7) % _grids.Count],
        anonymous = true,
        idempotencyKey = Key(index),
    };

    public string Key(int index) => $"chaos-{_run}-{index.ToString("D5", CultureInfo.InvariantCulture)}";

    private async Task FileAsync(int index)
    {
        var key = Key(index);
        Offered.Enqueue(key);
        var body = Body(index);
        var started = Stopwatch.StartNew();
        var last = "";
        for (var attempt = 0; attempt < MaxAttempts && started.Elapsed < MaxAppealTime; attempt++)
        {
            var host = _hosts[(index + attempt) % _hosts.Count];
            var (outcome, ack, retryAfter) = await AttemptAsync(host, index, key, body, attempt + 1);
            Outcomes.AddOrUpdate((host.Name, outcome), 1, (_, n) => n + 1);
            last = $"{host.Name}: {outcome}";
            if (ack is not null)
            {
                Acknowledged[key] = ack;
                return;
            }

            if (retryAfter is null)
            {
                return; // not retryable: recorded in Unexpected
            }

            // Backing off: 100 ms, growing by half each attempt up to 1 s (or the host's Retry-After, up to 1 s), plus jitter.
            var backoff = TimeSpan.FromMilliseconds(Math.Min(1000, 100 * Math.Pow(1.5, attempt)));
            await Task.Delay((retryAfter.Value > backoff ? retryAfter.Value : backoff) + TimeSpan.FromMilliseconds(Random.Shared.Next(0, 100)));
        }

        GivenUp[key] = last;
    }

    private async Task<(string Outcome, Acknowledgement? Ack, TimeSpan? RetryAfter)> AttemptAsync(ILoadTarget host, int index, string key, object body, int attempt)
    {
        var retry = TimeSpan.Zero;
        using var timeout = new CancellationTokenSource(AttemptTimeout);
        try
        {
            using var response = await _http.PostAsJsonAsync(new Uri(host.BaseAddress, "/api/appeals"), body, timeout.Token);
            var code = (int)response.StatusCode;
            if (response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK)
            {
                var receipt = await response.Content.ReadFromJsonAsync<JsonObject>(timeout.Token);
                return (code.ToString(CultureInfo.InvariantCulture), new Acknowledgement(index, key, receipt!["caseId"]!.GetValue<Guid>(),
                    receipt["caseNumber"]!.GetValue<string>(), receipt["leadBureau"]!.GetValue<string>(), code, host.Name, Elapsed, attempt), null);
            }

            var text = await response.Content.ReadAsStringAsync(timeout.Token);
            if (code == 500)
            {
                ServerErrors.Enqueue($"{host.Name} at {Elapsed.TotalSeconds:0.0} s, key {key}: {Cut(text)}");
                return ("500", null, retry);
            }

            if (code is 503 or 502 or 504 or 429)
            {
                var after = response.Headers.RetryAfter?.Delta;
                // Counted apart: every 503 of the district (a host's or the proxy's) must say when to retry.
                var outcome = code.ToString(CultureInfo.InvariantCulture) + (after is null ? NoRetryAfter : "");
                return (outcome, null, after is { } a ? (a < TimeSpan.FromSeconds(1) ? a : TimeSpan.FromSeconds(1)) : retry);
            }

            Unexpected.Enqueue($"{host.Name} at {Elapsed.TotalSeconds:0.0} s, key {key}: {code} {Cut(text)}");
            return (code.ToString(CultureInfo.InvariantCulture), null, null);
        }
        catch (HttpRequestException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
        {
            return ("connection-refused", null, retry);
        }
        catch (HttpRequestException e)
        {
            return ("connection-error:" + (e.HttpRequestError.ToString()), null, retry);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return ("timeout", null, TimeSpan.Zero);
        }
        catch (OperationCanceledException)
        {
            // The handler's connect timeout.
            return ("connect-timeout", null, retry);
        }
        catch (System.Text.Json.JsonException)
        {
            return ("bad-receipt", null, retry);
        }
    }

    internal static string Cut(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
