namespace Hanan.Ops.Host.Cameras;

/// <summary>A batch of recognition events from an edge analytics box or a checkpoint system.</summary>
public sealed record CameraEventBatch(IReadOnlyList<CameraEventRequest?>? Events);

/// <summary>
/// One recognition event. <c>type</c> is <c>plate</c> (a plate read: plate, colour, confidence, vehicle type,
/// direction, snapshot) or <c>face</c> (confidence, and a watchlist person reference or an anonymous feature id).
/// </summary>
public sealed record CameraEventRequest(
    string? Type,
    string? EventId,
    string? CameraId,
    DateTimeOffset? At,
    string? Plate,
    string? Colour,
    double? Confidence,
    string? VehicleType,
    string? Direction,
    string? SnapshotRef,
    string? PersonRef,
    string? FeatureId);

/// <summary>What became of one event of a batch, by its index.</summary>
public sealed record CameraEventResult(int Index, string Status, bool? Fuzzy, IReadOnlyDictionary<string, string[]>? Errors);

public sealed record CameraEventBatchResult(int Accepted, int Duplicates, int Rejected, IReadOnlyList<CameraEventResult> Results);

/// <summary>An alert action by a person of the command centre or the police.</summary>
public sealed record AlertActionRequest(string? Actor, string? Note);

/// <summary>Creates a case from an alert through the appeal intake (channel <c>camera-alert</c>).</summary>
public sealed record AlertCaseRequest(string? Actor, string? Category, string? Description);

/// <summary>A fence: a closed ring of [longitude, latitude] positions and its rule.</summary>
public sealed record FenceRequest(
    string? Name,
    IReadOnlyList<double[]?>? Ring,
    bool? OnEnter,
    bool? OnExit,
    int? DwellMinutes,
    string? ActiveFrom,
    string? ActiveUntil);

public sealed record WatchlistRequest(string? Reason);

/// <summary>Free text from outside (ids, notes, names, reasons): no control characters besides tab and line breaks,
/// which PostgreSQL (NUL) and the screens cannot take.</summary>
internal static class FreeText
{
    public static bool IsClean(string? text) => text is null || !text.Any(c => char.IsControl(c) && c is not ('\t' or '\n' or '\r'));
}
