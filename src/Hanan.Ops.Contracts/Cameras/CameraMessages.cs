using Hanan.Ops.Domain.Cameras;

namespace Hanan.Ops.Contracts.Cameras;

/// <summary>A plate read on its way to a vehicle grain (the domain's <see cref="PlateSighting"/>).</summary>
[GenerateSerializer, Immutable, Alias("hanan.cameras.PlateRead")]
public sealed record PlateRead(
    [property: Id(0)] string? EventId,
    [property: Id(1)] string CameraId,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] string Plate,
    [property: Id(4)] PlateColour Colour,
    [property: Id(5)] double Confidence,
    [property: Id(6)] double Latitude,
    [property: Id(7)] double Longitude,
    [property: Id(8)] bool Fuzzy,
    [property: Id(9)] string? VehicleType,
    [property: Id(10)] string? Direction,
    [property: Id(11)] string? SnapshotRef)
{
    public PlateSighting ToSighting() =>
        new(EventId, CameraId, At, Plate, Colour, Confidence, Latitude, Longitude, Fuzzy, VehicleType, Direction, SnapshotRef);

    public static PlateRead From(PlateSighting s) =>
        new(s.EventId, s.CameraId, s.At, s.Plate, s.Colour, s.Confidence, s.Latitude, s.Longitude, s.Fuzzy, s.VehicleType, s.Direction, s.SnapshotRef);
}

/// <summary>One step of an alert's life, with who took it.</summary>
[GenerateSerializer, Immutable, Alias("hanan.cameras.AlertStep")]
public sealed record AlertStep(
    [property: Id(0)] AlertStatus Status,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] string Actor,
    [property: Id(3)] string? Note);

/// <summary>
/// An alert (预警) for the command centre and the police. <see cref="Plate"/> is the full plate and
/// <see cref="PoliceNote"/> what the police entered with a watchlist hit (the reason, the match): screens outside the
/// police role get <see cref="MaskedForPublic"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("hanan.cameras.CameraAlert")]
public sealed record CameraAlert(
    [property: Id(0)] Guid Id,
    [property: Id(1)] AlertKind Kind,
    [property: Id(2)] DateTimeOffset RaisedAt,
    [property: Id(3)] string CameraId,
    [property: Id(4)] double Latitude,
    [property: Id(5)] double Longitude,
    [property: Id(6)] string? GridCode,
    [property: Id(7)] string? Plate,
    [property: Id(8)] string? PersonRef,
    [property: Id(9)] string? FenceId,
    [property: Id(10)] string Detail,
    [property: Id(11)] AlertStatus Status,
    [property: Id(12)] IReadOnlyList<AlertStep> Steps,
    [property: Id(13)] Guid? CaseId,
    [property: Id(14)] string? PoliceNote = null)
{
    /// <summary>
    /// The plate masked (黑A·***45) and no person reference, in the fields and in the detail text, and no police note
    /// (why a plate or person is on the watchlist): for the wall and other non-police screens.
    /// </summary>
    public CameraAlert MaskedForPublic()
    {
        var plate = Plate is not null && LicencePlate.TryParse(Plate, out var parsed, out _) ? parsed : null;
        var detail = Detail;
        if (Plate is not null)
        {
            detail = detail.Replace(Plate, plate?.Masked ?? "***", StringComparison.Ordinal);
        }

        if (PersonRef is not null)
        {
            detail = detail.Replace(PersonRef, "***", StringComparison.Ordinal);
        }

        return this with
        {
            Plate = Plate is null ? null : plate?.Masked ?? "***",
            PersonRef = PersonRef is null ? null : "***",
            Detail = detail,
            PoliceNote = null,
        };
    }
}

/// <summary>What happened to an alert action.</summary>
[GenerateSerializer, Immutable, Alias("hanan.cameras.AlertActionResult")]
public sealed record AlertActionResult([property: Id(0)] CameraAlert? Alert, [property: Id(1)] string? Refusal, [property: Id(2)] bool NotFound);

/// <summary>A camera's live status for the wall and the camera list.</summary>
[GenerateSerializer, Immutable, Alias("hanan.cameras.CameraStatus")]
public sealed record CameraStatus(
    [property: Id(0)] string CameraId,
    [property: Id(1)] string Intersection,
    [property: Id(2)] double Latitude,
    [property: Id(3)] double Longitude,
    [property: Id(4)] int HeadingDegrees,
    [property: Id(5)] string? GridCode,
    [property: Id(6)] bool Online,
    [property: Id(7)] DateTimeOffset? LastHeartbeat,
    [property: Id(8)] int RecognitionsPerMinute,
    [property: Id(9)] double? MeanConfidence,
    [property: Id(10)] DateTimeOffset? LastRecognitionAt);

/// <summary>What became of one read.</summary>
public enum ReadOutcome
{
    Added,

    /// <summary>The same read (event id, or camera, instant and plate) was already stored.</summary>
    Duplicate,

    /// <summary>Older than the retention period: not kept.</summary>
    Expired,
}

/// <summary>What a batch of reads did to one vehicle: the outcome of each read (in batch order) and the alerts raised.</summary>
[GenerateSerializer, Immutable, Alias("hanan.cameras.VehicleRecordResult")]
public sealed record VehicleRecordResult([property: Id(0)] IReadOnlyList<ReadOutcome> Outcomes, [property: Id(1)] IReadOnlyList<Guid> Alerts);

/// <summary>A vehicle's profile: first appearance, night activity, visits with their dwell.</summary>
[GenerateSerializer, Immutable, Alias("hanan.cameras.VehicleProfile")]
public sealed record VehicleProfile(
    [property: Id(0)] string Plate,
    [property: Id(1)] DateTimeOffset? FirstSeen,
    [property: Id(2)] int NightReads,
    [property: Id(3)] int Reads,
    [property: Id(4)] IReadOnlyList<VisitView> Visits);

[GenerateSerializer, Immutable, Alias("hanan.cameras.VisitView")]
public sealed record VisitView([property: Id(0)] DateTimeOffset Start, [property: Id(1)] DateTimeOffset End, [property: Id(2)] int Reads, [property: Id(3)] int Cameras)
{
    public TimeSpan Dwell => End - Start;
}

/// <summary>A fence as stored: the polygon's outer ring as [longitude, latitude] pairs, and its rule.</summary>
[GenerateSerializer, Immutable, Alias("hanan.cameras.FenceDefinition")]
public sealed record FenceDefinition(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] IReadOnlyList<double[]> Ring,
    [property: Id(3)] bool OnEnter,
    [property: Id(4)] bool OnExit,
    [property: Id(5)] TimeSpan? DwellLimit,
    [property: Id(6)] TimeOnly? ActiveFrom,
    [property: Id(7)] TimeOnly? ActiveUntil)
{
    public Fence ToFence()
    {
        var ring = Ring.Select(p => new NetTopologySuite.Geometries.Coordinate(p[0], p[1])).ToArray();
        var polygon = Domain.Geography.Wgs84.Factory.CreatePolygon(ring);
        var window = ActiveFrom is { } from && ActiveUntil is { } until ? new TimeWindow(from, until) : null;
        return new Fence(Id, Name, polygon, new FenceRule(OnEnter, OnExit, DwellLimit, window));
    }
}

/// <summary>The fences and watchlists in force, numbered so caches know when to rebuild.</summary>
[GenerateSerializer, Immutable, Alias("hanan.cameras.SecurityRules")]
public sealed record SecurityRules(
    [property: Id(0)] long Version,
    [property: Id(1)] IReadOnlyList<FenceDefinition> Fences,
    [property: Id(2)] IReadOnlyList<WantedPlateEntry> WantedPlates,
    [property: Id(3)] IReadOnlyList<PersonEntry> Persons)
{
    public static readonly SecurityRules Empty = new(0, [], [], []);

    public Watchlist ToWatchlist() => new(
        WantedPlates.Select(w => new WantedPlate(w.Plate, w.Reason)),
        Persons.Select(p => new PersonOfInterest(p.PersonRef, p.Reason)));
}

[GenerateSerializer, Immutable, Alias("hanan.cameras.WantedPlateEntry")]
public sealed record WantedPlateEntry([property: Id(0)] string Plate, [property: Id(1)] string Reason);

[GenerateSerializer, Immutable, Alias("hanan.cameras.PersonEntry")]
public sealed record PersonEntry([property: Id(0)] string PersonRef, [property: Id(1)] string Reason);
