namespace Hanan.Ops.Domain.Cameras;

/// <summary>
/// One plate read (过车记录) at a camera, with the camera's position. The plate is normalised (黑A12345).
/// <paramref name="EventId"/> is the sender's id when it gave one.
/// </summary>
public sealed record PlateSighting(
    string? EventId,
    string CameraId,
    DateTimeOffset At,
    string Plate,
    PlateColour Colour,
    double Confidence,
    double Latitude,
    double Longitude,
    bool Fuzzy = false,
    string? VehicleType = null,
    string? Direction = null,
    string? SnapshotRef = null)
{
    /// <summary>The natural key: the same camera, instant and plate is the same read, whatever the event id.</summary>
    public string NaturalKey => string.Concat(CameraId, "|", At.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture), "|", Plate);

    /// <summary>The sender's event id when given, else the natural key: what the stores dedupe on.</summary>
    public string Key => EventId is { Length: > 0 } id ? "e:" + id : "n:" + NaturalKey;

    public bool IsSameReadAs(PlateSighting other) =>
        (EventId is { Length: > 0 } && EventId == other.EventId) || NaturalKey == other.NaturalKey;
}

/// <summary>A face recognition event: a watchlist person, or an anonymous feature id (never a name) when no one matched.</summary>
public sealed record FaceEvent(
    string? EventId,
    string CameraId,
    DateTimeOffset At,
    double Confidence,
    string? PersonRef,
    string? FeatureId,
    double Latitude,
    double Longitude,
    string? SnapshotRef = null)
{
    public string Key => EventId is { Length: > 0 } id
        ? "e:" + id
        : string.Concat("n:", CameraId, "|", At.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture), "|", PersonRef ?? FeatureId);
}
