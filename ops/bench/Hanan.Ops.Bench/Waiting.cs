using System.Diagnostics;
using Microsoft.AspNetCore.SignalR.Client;
using Spectre.Console;

namespace Hanan.Ops.Bench;

/// <summary>What the runs share: the district hub connection, waiting for workers, waiting (bounded) for a condition.</summary>
public static class Waiting
{
    /// <summary>A connection to <c>/hubs/district</c> with a bearer token; not started.</summary>
    public static HubConnection DistrictHub(Uri host, string token) => new HubConnectionBuilder()
        .WithUrl(new Uri(host, "/hubs/district"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
        .Build();

    /// <summary>Awaits the workers of a closed-loop run, moving the progress bar with the seconds elapsed since <paramref name="start"/>.</summary>
    public static async Task WorkersAsync(IEnumerable<Task> workers, ProgressTask progress, long start, double seconds, CancellationToken cancel)
    {
        var all = Task.WhenAll(workers);
        while (!all.IsCompleted)
        {
            progress.Value = Math.Min(seconds, Stopwatch.GetElapsedTime(start).TotalSeconds);
            await Task.WhenAny(all, Task.Delay(200, cancel));
        }

        await all;
    }

    /// <summary>Polls every 50 ms until <paramref name="done"/> holds or <paramref name="limit"/> has passed.</summary>
    public static async Task UntilAsync(Func<bool> done, TimeSpan limit)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(limit.TotalSeconds * Stopwatch.Frequency);
        while (!done() && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(50);
        }
    }
}
