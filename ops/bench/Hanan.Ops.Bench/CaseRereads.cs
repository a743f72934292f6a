using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;

namespace Hanan.Ops.Bench;

/// <summary>
/// What dashboards/assets/officer.js does with every <c>caseActivity</c> message: a bureau's message carries the case's
/// row as the bureau sees it (<c>case</c>), which the console keeps without reading anything; only a message without
/// it (or for the case on screen, which these consoles do not have) makes it re-read the case
/// (<c>GET /api/cases/{id}</c>, audited by the host) with the console's own token, unless it already holds that version. A browser runs these fetches concurrently, at most six at a time to one host over
/// HTTP/1.1; so does this, one console at a time. Re-reads run on their own and never hold up the message handler.
/// </summary>
public sealed class CaseRereads(DistrictClient client, string token) : IDisposable
{
    /// <summary>Concurrent re-reads of one console: a browser's connections per host over HTTP/1.1.</summary>
    public const int PerConsole = 6;

    private readonly SemaphoreSlim _slots = new(PerConsole);
    private readonly ConcurrentDictionary<string, long> _known = new(StringComparer.Ordinal);
    private Errors _errors = new();
    private long _done;
    private long _skipped;
    private long _inFlight;

    /// <summary>Re-reads still waiting for a slot or an answer.</summary>
    public long InFlight => Interlocked.Read(ref _inFlight);

    /// <summary>
    /// Handles one <c>caseActivity</c> message that arrived at <paramref name="arrived"/>. <paramref name="completed"/>
    /// (optional) gets the instant the console holds the case at that version: the re-read's answer, or the arrival when
    /// the console already held it; null when the re-read failed.
    /// </summary>
    public void OnActivity(JsonElement message, long arrived, Action<long?>? completed, CancellationToken cancel)
    {
        if (!message.TryGetProperty("caseId", out var id) || id.GetString() is not { } caseId)
        {
            return;
        }

        var version = message.TryGetProperty("version", out var v) && v.TryGetInt64(out var n) ? n : long.MaxValue;
        if (_known.TryGetValue(caseId, out var held) && held >= version)
        {
            Interlocked.Increment(ref _skipped);
            completed?.Invoke(arrived);
            return;
        }

        if (message.TryGetProperty("case", out var row) && row.ValueKind == JsonValueKind.Object)
        {
            _known.AddOrUpdate(caseId, version, (_, old) => Math.Max(old, version));
            Interlocked.Increment(ref _skipped);
            completed?.Invoke(arrived);
            return;
        }

        Interlocked.Increment(ref _inFlight);
        _ = Task.Run(async () =>
        {
            long? at = null;
            try
            {
                await _slots.WaitAsync(cancel);
                try
                {
                    var (status, read) = await client.GetCaseAsync(caseId, token, cancel);
                    if (status == 200)
                    {
                        _known.AddOrUpdate(caseId, read ?? version, (_, old) => Math.Max(old, read ?? version));
                        at = Stopwatch.GetTimestamp();
                        Interlocked.Increment(ref _done);
                    }
                    else
                    {
                        Volatile.Read(ref _errors).Add($"http {status}");
                    }
                }
                finally
                {
                    _slots.Release();
                }
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException or JsonException or ObjectDisposedException)
            {
                Volatile.Read(ref _errors).Add(Errors.Kind(e));
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
                completed?.Invoke(at);
            }
        }, CancellationToken.None);
    }

    public void Dispose() => _slots.Dispose();

    /// <summary>Re-reads done, skipped (the console held the version) and failed since the last call; starts counting afresh.</summary>
    public RereadTally Take()
    {
        var errors = Interlocked.Exchange(ref _errors, new Errors());
        return new RereadTally(Interlocked.Exchange(ref _done, 0), Interlocked.Exchange(ref _skipped, 0), errors.Snapshot());
    }
}

/// <summary>Re-reads of the case by officer consoles: answered 200, not needed (the console held that version, or the message carried its row), failed by kind.</summary>
public sealed record RereadTally(long Done, long Skipped, IReadOnlyDictionary<string, long> Errors)
{
    public static RereadTally Sum(IEnumerable<RereadTally> tallies)
    {
        var list = tallies.ToList();
        var errors = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (kind, count) in list.SelectMany(t => t.Errors))
        {
            errors[kind] = errors.GetValueOrDefault(kind) + count;
        }

        return new RereadTally(list.Sum(t => t.Done), list.Sum(t => t.Skipped), errors);
    }
}
