using Hanan.Ops.Contracts.Cameras;
using Hanan.Ops.Domain.Cameras;

namespace Hanan.Ops.Storage.Cameras;

/// <summary>
/// The stored recognition events: plate reads and face events, deduplicated (same event id, or same camera, instant
/// and plate/person), queried by plate, by camera and time, and purged after their retention.
/// </summary>
public interface ISightingStore : IPlateReadLog
{
    /// <summary>Stores the reads; for each, true when it was new, false when it was already stored (or repeated in the batch).</summary>
    Task<IReadOnlyList<bool>> AppendReadsAsync(IReadOnlyList<PlateSighting> reads, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<bool>> AppendFacesAsync(IReadOnlyList<FaceEvent> faces, CancellationToken cancellationToken = default);

    /// <summary>Every read at the camera of one of <paramref name="around"/> within <paramref name="gap"/> of its instant.</summary>
    Task<IReadOnlyList<PlateSighting>> PassesNearAsync(IReadOnlyList<PlateSighting> around, TimeSpan gap, CancellationToken cancellationToken = default);

    /// <summary>Face events in [from, to], optionally of one person or at one camera, newest first.</summary>
    Task<IReadOnlyList<FaceEvent>> FacesAsync(string? personRef, string? cameraId, DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken cancellationToken = default);

    /// <summary>Deletes reads before <paramref name="readsBefore"/> and faces before <paramref name="facesBefore"/>; returns how many of each.</summary>
    Task<(int Reads, int Faces)> PurgeAsync(DateTimeOffset readsBefore, DateTimeOffset facesBefore, CancellationToken cancellationToken = default);
}

/// <summary>Keys both stores use, so they dedupe alike.</summary>
public static class SightingKeys
{
    public static string Of(PlateSighting read) => read.NaturalKey;

    public static string Of(FaceEvent face) =>
        string.Concat(face.CameraId, "|", face.At.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture), "|", face.PersonRef ?? face.FeatureId ?? "");
}
