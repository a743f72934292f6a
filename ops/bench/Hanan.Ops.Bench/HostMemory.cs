using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.Globalization;
using Microsoft.Diagnostics.NETCore.Client;

namespace Hanan.Ops.Bench;

/// <summary>
/// The host's memory from outside: a full blocking GC induced through the runtime's diagnostics port (an EventPipe
/// session with the GCHeapCollect keyword, as dotnet-gcdump does), then the GC heap from the runtime meter on
/// <c>/metrics</c> and the resident set from /proc. After an induced full GC the heap is what is still reachable, so
/// the difference between two samples is memory the work in between retained, not garbage waiting for a collection.
/// </summary>
public sealed class HostMemory(DistrictClient client, HostProcess host)
{
    private const long GcKeyword = 0x1;
    private const long GcHeapCollectKeyword = 0x800000;

    public async Task<MemorySample> SampleAsync(string label, long count, CancellationToken cancel)
    {
        var induced = await InduceFullGcAsync(cancel);
        var metrics = Metrics.Parse(await client.MetricsAsync(cancel));
        var (rss, peak) = host.ResidentSet();
        return new MemorySample(label, count, metrics.Sum("dotnet_gc_last_collection_heap_size_bytes"),
            metrics.Sum("dotnet_gc_last_collection_memory_committed_size_bytes"), rss, peak, metrics.Sum("orleans_catalog_activations"),
            metrics.ByLabel("orleans_catalog_activations", "grain_type"), induced);
    }

    /// <summary>
    /// Asks the host's runtime for a full blocking GC and waits (bounded) until its gen2 count moves; false when the
    /// diagnostics port is not there (e.g. DOTNET_EnableDiagnostics=0), so the sample is marked as taken without one.
    /// </summary>
    private async Task<bool> InduceFullGcAsync(CancellationToken cancel)
    {
        try
        {
            return await InduceAsync(cancel);
        }
        catch (Exception e) when (e is DiagnosticsClientException or IOException or UnauthorizedAccessException or TimeoutException)
        {
            return false;
        }
    }

    private async Task<bool> InduceAsync(CancellationToken cancel)
    {
        var before = Metrics.Parse(await client.MetricsAsync(cancel)).Sum("dotnet_gc_collections_total", "gc_heap_generation=\"gen2\"");
        var diagnostics = new DiagnosticsClient(host.Pid);
        using var session = await diagnostics.StartEventPipeSessionAsync(
            [new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Informational, GcKeyword | GcHeapCollectKeyword)],
            requestRundown: false, circularBufferMB: 16, cancel);
        // The session's events are not needed, but its stream must be read or the runtime stalls on a full buffer.
        var drain = session.EventStream.CopyToAsync(Stream.Null, cancel);
        var induced = false;
        var deadline = Stopwatch.GetTimestamp() + 10 * Stopwatch.Frequency;
        while (Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(250, cancel);
            if (Metrics.Parse(await client.MetricsAsync(cancel)).Sum("dotnet_gc_collections_total", "gc_heap_generation=\"gen2\"") > before)
            {
                induced = true;
                break;
            }
        }

        await session.StopAsync(cancel);
        await Task.WhenAny(drain, Task.Delay(2_000, cancel));
        // The Prometheus exporter caches its answer briefly: read the heap after the cache has turned over.
        await Task.Delay(400, cancel);
        return induced;
    }
}

/// <summary>One memory sample after an induced full GC: the GC heap, committed GC memory, VmRSS and VmHWM in bytes.</summary>
public sealed record MemorySample(
    string Label,
    long Count,
    double HeapBytes,
    double CommittedBytes,
    long RssBytes,
    long PeakRssBytes,
    double Activations,
    IReadOnlyDictionary<string, double> ActivationsByType,
    bool FullGcInduced)
{
    public double ActivationsOf(string grainType) => ActivationsByType.GetValueOrDefault(grainType);
}

/// <summary>A minimal reader of the Prometheus text format: sums of samples by metric name and label fragment.</summary>
public sealed class Metrics
{
    private readonly List<(string Name, string Labels, double Value)> _samples = [];

    public static Metrics Parse(string text)
    {
        var m = new Metrics();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var brace = line.IndexOf('{', StringComparison.Ordinal);
            var close = brace >= 0 ? line.IndexOf('}', brace) : -1;
            var name = brace >= 0 ? line[..brace] : line[..line.IndexOf(' ', StringComparison.Ordinal)];
            var labels = brace >= 0 && close > brace ? line[(brace + 1)..close] : "";
            var rest = (close > 0 ? line[(close + 1)..] : line[name.Length..]).Trim().Split(' ');
            if (double.TryParse(rest[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                m._samples.Add((name, labels, value));
            }
        }

        return m;
    }

    /// <summary>Samples of one metric summed by the value of one label (e.g. Orleans activations by grain type).</summary>
    public IReadOnlyDictionary<string, double> ByLabel(string name, string label)
    {
        var prefix = label + "=\"";
        var result = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var (n, labels, value) in _samples.Where(s => s.Name == name))
        {
            var i = labels.IndexOf(prefix, StringComparison.Ordinal);
            if (i < 0)
            {
                continue;
            }

            var start = i + prefix.Length;
            var key = labels[start..labels.IndexOf('"', start)];
            result[key] = result.GetValueOrDefault(key) + value;
        }

        return result;
    }

    public double Sum(string name, string? labelFragment = null) =>
        _samples.Where(s => s.Name == name && (labelFragment is null || s.Labels.Contains(labelFragment, StringComparison.Ordinal))).Sum(s => s.Value);
}
