using System.Collections.Concurrent;

namespace Hanan.Ops.Bench;

/// <summary>Failures by kind ("http 503", "timeout", "not sent: too many outstanding", …).</summary>
public sealed class Errors
{
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);

    public void Add(string kind, long count = 1) => _counts.AddOrUpdate(kind, count, (_, v) => v + count);

    public long Total => _counts.Values.Sum();

    public IReadOnlyDictionary<string, long> Snapshot() => new SortedDictionary<string, long>(_counts, StringComparer.Ordinal);

    public static string Kind(Exception e) => e switch
    {
        TaskCanceledException or OperationCanceledException => "timeout",
        HttpRequestException h => $"http error ({h.HttpRequestError})",
        _ => e.GetType().Name,
    };
}
