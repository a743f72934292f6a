using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Hanan.Ops.Bench;

/// <summary>An empty grain: what a grain call costs when the grain does nothing.</summary>
[Alias("hanan.bench.ICeilingGrain")]
public interface ICeilingGrain : IGrainWithIntegerKey
{
    [Alias("Echo")]
    ValueTask<int> Echo(int value);
}

public sealed class CeilingGrain : Grain, ICeilingGrain
{
    public ValueTask<int> Echo(int value) => ValueTask.FromResult(value);
}

/// <summary>
/// The raw Orleans grain-call ceiling on this machine: a silo in this process (localhost clustering, nothing else
/// registered), 1,024 empty grains, and many concurrent callers awaiting one call at a time each. Calls go through the
/// silo's full call path (addressing, activation, scheduling, message serialisation rules) but not over a network.
/// </summary>
public static class GrainCeiling
{
    private const int Grains = 1024;

    public static async Task<GrainCeilingResult> RunAsync(int callers, TimeSpan duration, ProgressTask progress, CancellationToken cancel)
    {
        progress.MaxValue = duration.TotalSeconds;
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(silo => silo.UseLocalhostClustering(siloPort: FreePort(), gatewayPort: FreePort()));
        using var host = builder.Build();
        await host.StartAsync(cancel);
        try
        {
            var factory = host.Services.GetRequiredService<IGrainFactory>();
            var grains = Enumerable.Range(0, Grains).Select(i => factory.GetGrain<ICeilingGrain>(i)).ToArray();
            await Task.WhenAll(grains.Select(g => g.Echo(0).AsTask())); // activate all first

            var latency = new Latency();
            long calls = 0;
            var start = Stopwatch.GetTimestamp();
            var end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
            var workers = Enumerable.Range(0, callers).Select(c => Task.Run(async () =>
            {
                var n = 0L;
                var i = c;
                while (!cancel.IsCancellationRequested)
                {
                    // Check the clock every 64 calls; time every 16th call (a lock per call would cap the rate).
                    if ((n & 63) == 0 && Stopwatch.GetTimestamp() >= end)
                    {
                        break;
                    }

                    var timed = (n & 15) == 0;
                    var before = timed ? Stopwatch.GetTimestamp() : 0;
                    await grains[i & (Grains - 1)].Echo(i);
                    if (timed)
                    {
                        latency.RecordSince(before, Stopwatch.GetTimestamp());
                    }

                    i += 7;
                    n++;
                }

                Interlocked.Add(ref calls, n);
            }, cancel)).ToList();

            while (workers.Any(w => !w.IsCompleted))
            {
                progress.Value = Math.Min(progress.MaxValue, Stopwatch.GetElapsedTime(start).TotalSeconds);
                await Task.Delay(100, cancel);
            }

            await Task.WhenAll(workers);
            var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
            progress.Value = progress.MaxValue;
            return new GrainCeilingResult(callers, Grains, Math.Round(elapsed, 1), calls, Math.Round(calls / elapsed, 0), latency.Summary());
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>Empty-grain calls per second with <see cref="Callers"/> concurrent callers; latency of one call in 16.</summary>
public sealed record GrainCeilingResult(int Callers, int Grains, double Seconds, long Calls, double CallsPerSecond, Percentiles CallMs);
