using System.Diagnostics;
using Npgsql;
using Spectre.Console;

namespace Hanan.Ops.Bench;

/// <summary>
/// Memory per grain and the host's resident set. Each kind of grain is activated through the real API in equal steps
/// with a memory sample (after an induced full GC) after each: residents by <c>GET /api/residents/{id}</c> as a
/// dispatcher (the grain activates and adopts its seeded row), cases by filing appeals, vehicles by posting a
/// simulated day's reads of fresh plates. Bytes per grain is the least-squares slope of the GC heap against the
/// number of grains of that type Orleans reports active.
/// </summary>
public static class MemoryRun
{
    private const int Concurrency = 32;

    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Runs <paramref name="steps"/> (each does its share of the work and returns how many items it handled) with a
    /// sample before the first and after each, within <paramref name="budget"/>; the slope is of the heap against the
    /// active grains of <paramref name="grainType"/> (against the items handled when Orleans reports none).
    /// </summary>
    public static async Task<GrainSlope> SlopeAsync(
        string grainType, long population, HostMemory memory, IReadOnlyList<Func<Errors, Task<int>>> steps, TimeSpan budget, ProgressTask progress,
        CancellationToken cancel)
    {
        progress.MaxValue = Math.Max(1, steps.Count);
        var samples = new List<MemorySample> { await memory.SampleAsync($"{grainType} 0", 0, cancel) };
        var errors = new Errors();
        var handled = 0;
        var clock = Stopwatch.StartNew();
        var activeTime = TimeSpan.Zero;
        var deadline = Stopwatch.GetTimestamp() + (long)(budget.TotalSeconds * Stopwatch.Frequency);
        foreach (var step in steps)
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                errors.Add("steps left out: time budget spent");
                break;
            }

            var stepClock = Stopwatch.StartNew();
            handled += await step(errors);
            activeTime += stepClock.Elapsed;
            progress.Increment(1);
            // Let what the step set going (stream deliveries, read-model batches, audit writes) finish before the sample.
            await Task.Delay(Settle, cancel);
            samples.Add(await memory.SampleAsync($"{grainType} {handled:N0}", handled, cancel));
        }

        progress.Value = progress.MaxValue;
        var counted = samples[^1].ActivationsOf(grainType) > 0;
        var x = counted ? samples.Select(s => s.ActivationsOf(grainType)).ToArray() : samples.Select(s => (double)s.Count).ToArray();
        return new GrainSlope(grainType, population, handled, (long)(x[^1] - x[0]), Math.Round(handled / Math.Max(0.001, activeTime.TotalSeconds), 1),
            Math.Round(clock.Elapsed.TotalSeconds, 1), Math.Round(Slope(x, [.. samples.Select(s => s.HeapBytes)])),
            Math.Round(Slope(x, [.. samples.Select(s => (double)s.RssBytes)])), samples, errors.Snapshot());
    }

    /// <summary>Steps that read residents through the API (32 at a time), so that their grains activate.</summary>
    public static IReadOnlyList<Func<Errors, Task<int>>> ResidentSteps(DistrictClient client, IReadOnlyList<Guid> ids, int steps, CancellationToken cancel) =>
        [.. ids.Chunk(Math.Max(1, (ids.Count + steps - 1) / steps)).Select(chunk => (Func<Errors, Task<int>>)(errors => ForEachAsync(chunk, async id =>
        {
            var status = await client.GetAsync($"/api/residents/{id}", "dispatcher", "bench-memory", cancel);
            if (status != 200)
            {
                errors.Add($"http {status}");
            }
        }, errors)))];

    /// <summary>Steps that file <paramref name="perStep"/> appeals each (16 at a time): one new case grain per appeal.</summary>
    public static IReadOnlyList<Func<Errors, Task<int>>> CaseSteps(DistrictClient client, int steps, int perStep, CancellationToken cancel) =>
        [.. Enumerable.Range(0, steps).Select(_ => (Func<Errors, Task<int>>)(errors => ForEachAsync(Enumerable.Range(0, perStep).ToArray(), async _ =>
        {
            var filed = await client.FileAsync(cancel);
            if (filed.Status != 201)
            {
                errors.Add($"http {filed.Status}");
            }
        }, errors, concurrency: 16)))];

    private static async Task<int> ForEachAsync<T>(T[] items, Func<T, Task> act, Errors errors, int concurrency = Concurrency)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < items.Length)
            {
                try
                {
                    await act(items[i]);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    errors.Add(Errors.Kind(e));
                }
            }
        })));
        return items.Length;
    }

    /// <summary>
    /// How many residents the read model holds and the ids of the first <paramref name="take"/> (by id, so spread over
    /// the district). Read once before the load starts, while PostgreSQL still has connection slots to spare.
    /// </summary>
    public static async Task<(long Population, List<Guid> Ids)> ResidentIdsAsync(string connectionString, int take, CancellationToken cancel)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancel);
        await using var count = new NpgsqlCommand("SELECT count(*) FROM resident", connection);
        var population = (long)(await count.ExecuteScalarAsync(cancel))!;
        await using var select = new NpgsqlCommand("SELECT id FROM resident ORDER BY id LIMIT @n", connection);
        select.Parameters.AddWithValue("n", take);
        var ids = new List<Guid>(take);
        await using var reader = await select.ExecuteReaderAsync(cancel);
        while (await reader.ReadAsync(cancel))
        {
            ids.Add(reader.GetGuid(0));
        }

        return (population, ids);
    }

    /// <summary>Least-squares slope of y against x; 0 with fewer than two distinct x.</summary>
    public static double Slope(double[] x, double[] y)
    {
        if (x.Length < 2)
        {
            return 0;
        }

        var mx = x.Average();
        var my = y.Average();
        var sxx = x.Sum(v => (v - mx) * (v - mx));
        return sxx == 0 ? 0 : x.Zip(y, (a, b) => (a - mx) * (b - my)).Sum() / sxx;
    }
}

/// <summary>
/// Grains of one type activated in steps: how many items the steps handled, how many grains of the type became active
/// (Orleans' count), and bytes per grain from the slope of the heap (and of the resident set) against that count.
/// </summary>
public sealed record GrainSlope(
    string GrainType,
    long Population,
    int Handled,
    long Activated,
    double HandledPerSecond,
    double Seconds,
    double HeapBytesPerGrain,
    double RssBytesPerGrain,
    IReadOnlyList<MemorySample> Samples,
    IReadOnlyDictionary<string, long> Errors);

/// <summary>
/// Memory with the district's grains activated: samples after each phase (after an induced full GC each), bytes per
/// grain of each kind, and the resident set measured at the end and extrapolated to the whole population.
/// </summary>
public sealed record MemoryResult(
    int HostPid,
    IReadOnlyList<MemorySample> Phases,
    int Cameras,
    double HeapBytesPerCamera,
    GrainSlope Cases,
    GrainSlope? Vehicles,
    double ReadsPerVehicle,
    GrainSlope Residents,
    long FinalRssBytes,
    long PeakRssBytes,
    double ExtrapolatedRssBytes,
    double ExtrapolatedHeapBytes);
