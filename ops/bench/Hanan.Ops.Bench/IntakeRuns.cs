using System.Diagnostics;
using Spectre.Console;

namespace Hanan.Ops.Bench;

/// <summary>
/// Durable appeal intake end to end: POST → 201, POST → caseActivity on the bureau's officer console, and POST → that
/// console's re-read of the case answered (as officer.js does on every activity message).
/// </summary>
public sealed class IntakeRuns(DistrictClient client, LiveWatch watch, Settings settings)
{
    /// <summary>
    /// Open loop: request i is due at start + i/rate, whatever happened to earlier requests. Latency counts from the
    /// due time, so a stalled server shows up as latency instead of as fewer requests (no coordinated omission).
    /// </summary>
    public async Task<IntakeResult> OpenLoopAsync(int rate, TimeSpan duration, ProgressTask progress, CancellationToken cancel)
    {
        var total = (int)(rate * duration.TotalSeconds);
        progress.MaxValue = total;
        var http = new Latency();
        var live = new Latency();
        var reread = new Latency();
        var busy = new Latency();
        var errors = new Errors();
        var inFlight = new List<Task>(total);
        watch.TakeRereads();
        long outstanding = 0, ok = 0, lastDone = 0;
        var start = Stopwatch.GetTimestamp();
        var ticksPerRequest = (double)Stopwatch.Frequency / rate;

        for (var i = 0; i < total && !cancel.IsCancellationRequested;)
        {
            var now = Stopwatch.GetTimestamp();
            for (; i < total && start + (long)(i * ticksPerRequest) <= now; i++)
            {
                var due = start + (long)(i * ticksPerRequest);
                if (Interlocked.Read(ref outstanding) >= settings.MaxOutstanding)
                {
                    errors.Add("not sent: too many outstanding");
                    continue;
                }

                Interlocked.Increment(ref outstanding);
                inFlight.Add(Task.Run(async () =>
                {
                    try
                    {
                        if (await FileOnceAsync(due, http, live, reread, busy, errors, cancel))
                        {
                            Interlocked.Increment(ref ok);
                        }
                    }
                    finally
                    {
                        Interlocked.Decrement(ref outstanding);
                        Interlocked.Exchange(ref lastDone, Stopwatch.GetTimestamp());
                    }
                }, cancel));
            }

            progress.Value = i;
            await Task.Delay(1, cancel);
        }

        await DrainAsync(inFlight);
        var (missing, notReread) = await watch.SettleAsync(settings.LiveSettle);
        var elapsed = Stopwatch.GetElapsedTime(start, Math.Max(lastDone, start + 1)).TotalSeconds;
        progress.Value = progress.MaxValue;
        return new IntakeResult($"open loop {rate}/s", rate, null, duration.TotalSeconds, total, ok,
            Math.Round(ok / elapsed, 1), http.Summary(), live.Summary(), missing, Interlocked.Read(ref outstanding), errors.Snapshot(), busy.Summary(),
            reread.Summary(), notReread, watch.TakeRereads());
    }

    /// <summary>Closed loop: <paramref name="clients"/> clients, each filing its next appeal as soon as the last is answered.</summary>
    public async Task<IntakeResult> ClosedLoopAsync(int clients, TimeSpan duration, ProgressTask progress, bool record, CancellationToken cancel)
    {
        progress.MaxValue = duration.TotalSeconds;
        var http = new Latency();
        var live = new Latency();
        var reread = new Latency();
        var busy = new Latency();
        var errors = new Errors();
        long sent = 0, ok = 0;
        watch.TakeRereads();
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var workers = Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            while (Stopwatch.GetTimestamp() < end && !cancel.IsCancellationRequested)
            {
                Interlocked.Increment(ref sent);
                if (await FileOnceAsync(Stopwatch.GetTimestamp(), http, live, reread, busy, errors, cancel))
                {
                    Interlocked.Increment(ref ok);
                }
            }
        }, cancel)).ToList();

        await Waiting.WorkersAsync(workers, progress, start, duration.TotalSeconds, cancel);

        var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var (missing, notReread) = await watch.SettleAsync(settings.LiveSettle);
        progress.Value = progress.MaxValue;
        return new IntakeResult(record ? $"closed loop, {clients} clients" : "warm-up", null, clients, duration.TotalSeconds,
            sent, ok, Math.Round(ok / elapsed, 1), http.Summary(), live.Summary(), missing, 0, errors.Snapshot(), busy.Summary(),
            reread.Summary(), notReread, watch.TakeRereads());
    }

    private async Task<bool> FileOnceAsync(long start, Latency http, Latency live, Latency reread, Latency busy, Errors errors, CancellationToken cancel)
    {
        try
        {
            var filed = await client.FileAsync(cancel);
            var answered = Stopwatch.GetTimestamp();
            if (filed.Status == 503)
            {
                // The host's admission control: nothing stored, retry later with the same key. Not an error.
                busy.RecordSince(start, answered);
                return false;
            }

            if (filed.Status != 201 || filed.CaseNumber is null)
            {
                errors.Add($"http {filed.Status}");
                return false;
            }

            http.RecordSince(start, answered);
            watch.Expect(filed.CaseNumber, start, live, reread);
            return true;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            errors.Add(Errors.Kind(e));
            return false;
        }
    }

    private async Task DrainAsync(List<Task> inFlight)
    {
        var all = Task.WhenAll(inFlight);
        await Task.WhenAny(all, Task.Delay(settings.Drain));
    }
}

/// <summary>
/// One intake run's figures. Throughput counts 201s per second of the run; Unanswered were still in flight when the
/// bounded drain ended; BusyMs times the 503 answers of the host's admission control (nothing stored), counted apart.
/// RereadMs runs from the same start to the answer of the console's re-read caused by the case's first message;
/// NotReread counts shown cases whose re-read was not answered by the end of the settle; Rereads tallies every re-read
/// the console made during the run (of every activity message, the cases of this run or not).
/// </summary>
public sealed record IntakeResult(
    string Name,
    int? OfferedPerSecond,
    int? Clients,
    double Seconds,
    long Sent,
    long Created,
    double CreatedPerSecond,
    Percentiles HttpMs,
    Percentiles LiveMs,
    int LiveMissing,
    long Unanswered,
    IReadOnlyDictionary<string, long> Errors,
    Percentiles BusyMs,
    Percentiles RereadMs,
    int NotReread,
    RereadTally Rereads);
