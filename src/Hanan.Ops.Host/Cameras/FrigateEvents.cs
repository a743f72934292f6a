using Hanan.Ops.Grains.Cameras;

namespace Hanan.Ops.Host.Cameras;

/// <summary>
/// Maps Frigate's <c>tracked_object_update</c> messages onto the ingest model: <c>lpr</c> → a plate read
/// (<c>plate</c>, <c>score</c>), <c>face</c> → a face event (<c>name</c> is the person's reference in the face
/// library, a watchlist person; without a name the event is anonymous and Frigate's object id is its feature id).
/// <c>timestamp</c> is Unix seconds; the camera name is a GB/T 28181 ID or mapped in configuration.
/// </summary>
public static class FrigateEvents
{
    public static CameraEventRequest? Map(FrigateTrackedObjectUpdate? update, IReadOnlyDictionary<string, string> cameraNames)
    {
        if (update is null)
        {
            return null;
        }

        var camera = update.Camera is not null && cameraNames.TryGetValue(update.Camera, out var mapped) ? mapped : update.Camera;
        DateTimeOffset? at = update.Timestamp is { } seconds && double.IsFinite(seconds) && seconds is > 0 and < 32_503_680_000
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000)).ToOffset(TimeSpan.FromHours(8))
            : null;
        var eventId = update.Id is null ? null : "frigate:" + update.Id;
        return update.Type switch
        {
            "lpr" => new CameraEventRequest("plate", eventId is null ? null : eventId + ":" + update.Plate, camera, at, update.Plate,
                null, update.Score, null, null, null, null, null),
            "face" => new CameraEventRequest("face", eventId, camera, at, null, null, update.Score, null, null, null,
                update.Name, update.Name is null ? update.Id : null),
            _ => new CameraEventRequest(update.Type ?? "", eventId, camera, at, null, null, update.Score, null, null, null, null, null),
        };
    }

    /// <summary>Frigate names cameras freely: <c>Hanan:Cameras:FrigateCameras:{name}</c> gives the GB/T 28181 ID.</summary>
    public static IReadOnlyDictionary<string, string> CameraNames(IConfiguration configuration) =>
        configuration.GetSection(CameraOptions.Section + ":FrigateCameras").GetChildren()
            .Where(c => c.Value is not null)
            .ToDictionary(c => c.Key, c => c.Value!, StringComparer.Ordinal);
}
