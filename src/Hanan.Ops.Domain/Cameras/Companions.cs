namespace Hanan.Ops.Domain.Cameras;

/// <summary>
/// A companion vehicle (伴随车) passes at least <see cref="MinSharedCameras"/> (k) of the same cameras as the target,
/// each within <see cref="MaxGap"/> (Δt) of the target, over the queried window.
/// </summary>
public sealed record CompanionRules(int MinSharedCameras = 3, TimeSpan MaxGap = default)
{
    public TimeSpan Gap => MaxGap == default ? TimeSpan.FromSeconds(60) : MaxGap;

    public string? Check() =>
        MinSharedCameras < 2 ? "k (the number of shared cameras) must be at least 2."
        : MaxGap < TimeSpan.Zero || MaxGap > TimeSpan.FromHours(1) ? "Δt must be between 0 and 1 hour."
        : null;
}

/// <summary>One camera both passed, with both instants.</summary>
public sealed record SharedPass(string CameraId, DateTimeOffset TargetAt, DateTimeOffset CompanionAt);

/// <summary>A companion of the target and the distinct cameras they shared, in time order.</summary>
public sealed record Companion(string Plate, IReadOnlyList<SharedPass> Shared)
{
    public int SharedCameras => Shared.Count;
}

public static class CompanionFinder
{
    /// <summary>
    /// Companions of <paramref name="target"/> among <paramref name="passes"/> (reads of other vehicles at the target's
    /// cameras around the target's times; the target's own reads are ignored). Each camera counts once per companion,
    /// with the closest pair of instants. Most shared cameras first, then by plate.
    /// </summary>
    public static IReadOnlyList<Companion> Find(string target, IReadOnlyList<PlateSighting> targetReads, IEnumerable<PlateSighting> passes, CompanionRules rules)
    {
        var gap = rules.Gap;
        var targetByCamera = targetReads
            .GroupBy(r => r.CameraId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(r => r.At).Order().ToArray(), StringComparer.Ordinal);

        var best = new Dictionary<(string Plate, string Camera), SharedPass>();
        foreach (var pass in passes)
        {
            if (pass.Plate == target || !targetByCamera.TryGetValue(pass.CameraId, out var times))
            {
                continue;
            }

            var closest = Closest(times, pass.At);
            var distance = (pass.At - closest).Duration();
            if (distance > gap)
            {
                continue;
            }

            var key = (pass.Plate, pass.CameraId);
            if (!best.TryGetValue(key, out var current) || distance < (current.CompanionAt - current.TargetAt).Duration())
            {
                best[key] = new SharedPass(pass.CameraId, closest, pass.At);
            }
        }

        return [.. best
            .GroupBy(kv => kv.Key.Plate, StringComparer.Ordinal)
            .Where(g => g.Count() >= rules.MinSharedCameras)
            .Select(g => new Companion(g.Key, [.. g.Select(kv => kv.Value).OrderBy(s => s.TargetAt)]))
            .OrderByDescending(c => c.SharedCameras)
            .ThenBy(c => c.Plate, StringComparer.Ordinal)];
    }

    private static DateTimeOffset Closest(DateTimeOffset[] sorted, DateTimeOffset at)
    {
        var i = Array.BinarySearch(sorted, at);
        if (i >= 0)
        {
            return sorted[i];
        }

        i = ~i;
        if (i == 0)
        {
            return sorted[0];
        }

        if (i == sorted.Length)
        {
            return sorted[^1];
        }

        return at - sorted[i - 1] <= sorted[i] - at ? sorted[i - 1] : sorted[i];
    }
}
