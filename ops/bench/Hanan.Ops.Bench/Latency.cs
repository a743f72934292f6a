using System.Diagnostics;
using HdrHistogram;

namespace Hanan.Ops.Bench;

/// <summary>A thread-safe latency recorder in microseconds over an HdrHistogram (1 µs to 10 min, 3 significant digits).</summary>
public sealed class Latency
{
    private readonly LongHistogram _histogram = new(TimeSpan.FromMinutes(10).Ticks / 10, 3);
    private readonly Lock _gate = new();

    public void RecordSince(long startTimestamp, long endTimestamp)
    {
        var micros = (long)Math.Max(1, Stopwatch.GetElapsedTime(startTimestamp, endTimestamp).TotalMicroseconds);
        lock (_gate)
        {
            _histogram.RecordValue(Math.Min(micros, _histogram.HighestTrackableValue));
        }
    }

    public Percentiles Summary()
    {
        lock (_gate)
        {
            if (_histogram.TotalCount == 0)
            {
                return new Percentiles(0, null, null, null, null, null);
            }

            static double Ms(long micros) => Math.Round(micros / 1000.0, 2);
            return new Percentiles(
                _histogram.TotalCount,
                Ms(_histogram.GetValueAtPercentile(50)),
                Ms(_histogram.GetValueAtPercentile(95)),
                Ms(_histogram.GetValueAtPercentile(99)),
                Ms(_histogram.GetMaxValue()),
                Math.Round(_histogram.GetMean() / 1000.0, 2));
        }
    }
}

/// <summary>Latency percentiles in milliseconds; null when nothing was recorded.</summary>
public sealed record Percentiles(long Count, double? P50, double? P95, double? P99, double? Max, double? Mean);
