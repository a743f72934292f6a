using Hanan.Ops.Domain.Cameras;

namespace Hanan.Ops.Storage.Cameras;

/// <summary>The sighting store of the embedded mode: the same contract as <see cref="PostgresSightingStore"/>, in memory.</summary>
public sealed class InMemorySightingStore : ISightingStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, PlateSighting> _reads = new(StringComparer.Ordinal);
    private readonly HashSet<string> _readEvents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FaceEvent> _faces = new(StringComparer.Ordinal);
    private readonly HashSet<string> _faceEvents = new(StringComparer.Ordinal);

    public Task<IReadOnlyList<bool>> AppendReadsAsync(IReadOnlyList<PlateSighting> reads, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<bool>>([.. reads.Select(r => Add(_reads, _readEvents, SightingKeys.Of(r), r.EventId, r))]);
        }
    }

    public Task<IReadOnlyList<bool>> AppendFacesAsync(IReadOnlyList<FaceEvent> faces, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<bool>>([.. faces.Select(f => Add(_faces, _faceEvents, SightingKeys.Of(f), f.EventId, f))]);
        }
    }

    public Task<IReadOnlyList<PlateSighting>> ReadsOfPlateAsync(string plate, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<PlateSighting>>([.. _reads.Values
                .Where(r => r.Plate == plate && r.At >= from && r.At <= to)
                .OrderBy(r => r.At).ThenBy(r => r.CameraId, StringComparer.Ordinal)]);
        }
    }

    public Task<IReadOnlyList<PlateSighting>> PassesNearAsync(IReadOnlyList<PlateSighting> around, TimeSpan gap, CancellationToken cancellationToken = default)
    {
        var windows = around.ToLookup(a => a.CameraId, StringComparer.Ordinal);
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<PlateSighting>>([.. _reads.Values
                .Where(r => windows[r.CameraId].Any(a => (r.At - a.At).Duration() <= gap))
                .OrderBy(r => r.At).ThenBy(r => r.CameraId, StringComparer.Ordinal).ThenBy(r => r.Plate, StringComparer.Ordinal)]);
        }
    }

    public Task<IReadOnlyList<FaceEvent>> FacesAsync(string? personRef, string? cameraId, DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<FaceEvent>>([.. _faces.Values
                .Where(f => (personRef is null || f.PersonRef == personRef) && (cameraId is null || f.CameraId == cameraId) && f.At >= from && f.At <= to)
                .OrderByDescending(f => f.At).ThenBy(f => f.CameraId, StringComparer.Ordinal)
                .Take(limit)]);
        }
    }

    public Task<(int Reads, int Faces)> PurgeAsync(DateTimeOffset readsBefore, DateTimeOffset facesBefore, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var reads = Remove(_reads, _readEvents, r => r.At < readsBefore, r => r.EventId);
            var faces = Remove(_faces, _faceEvents, f => f.At < facesBefore, f => f.EventId);
            return Task.FromResult((reads, faces));
        }
    }

    private static bool Add<T>(Dictionary<string, T> rows, HashSet<string> events, string key, string? eventId, T row)
    {
        if (rows.ContainsKey(key) || (eventId is not null && events.Contains(eventId)))
        {
            return false;
        }

        rows[key] = row;
        if (eventId is not null)
        {
            events.Add(eventId);
        }

        return true;
    }

    private static int Remove<T>(Dictionary<string, T> rows, HashSet<string> events, Func<T, bool> expired, Func<T, string?> eventId)
    {
        var keys = rows.Where(kv => expired(kv.Value)).Select(kv => kv.Key).ToList();
        foreach (var key in keys)
        {
            if (eventId(rows[key]) is { } id)
            {
                events.Remove(id);
            }

            rows.Remove(key);
        }

        return keys.Count;
    }
}
