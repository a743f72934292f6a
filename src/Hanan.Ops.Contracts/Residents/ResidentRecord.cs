using Hanan.Ops.Domain.Identity;
using Hanan.Ops.Domain.Population;

namespace Hanan.Ops.Contracts.Residents;

/// <summary>
/// A resident as stored: in the resident grain's state and as one row of the resident read model. The citizen ID number
/// is present only sealed (<see cref="SealedId"/>, AES-GCM), as its keyed hash (<see cref="IdLookup"/>, for "swipe the
/// card" lookup) and masked for display; the phone likewise. Nothing here is the plain number.
/// </summary>
[GenerateSerializer, Immutable, Alias("hanan.residents.ResidentRecord")]
public sealed record ResidentRecord(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string IdLookup,
    [property: Id(2)] byte[] SealedId,
    [property: Id(3)] string IdMasked,
    [property: Id(4)] string Name,
    [property: Id(5)] Sex Sex,
    [property: Id(6)] DateOnly BirthDate,
    [property: Id(7)] string BuildingId,
    [property: Id(8)] int Unit,
    [property: Id(9)] int Room,
    [property: Id(10)] Registration Registration,
    [property: Id(11)] ResidentTags Tags,
    [property: Id(12)] byte[]? SealedPhone,
    [property: Id(13)] string? PhoneMasked,
    [property: Id(14)] double Longitude,
    [property: Id(15)] double Latitude,
    [property: Id(16)] long Version,
    [property: Id(17)] DateTimeOffset UpdatedAt)
{
    // Methods, not properties: grain storage serializers that write every public property (JSON) must not store them.
    public Dwelling Home() => new(BuildingId, Unit, Room);

    public string HouseholdId => Home().HouseholdId;

    public string GridCode => Home().GridCode;

    public ResidentFacts Facts() => new(Id, HouseholdId, Registration, Tags);

    /// <summary>The masked ID only; never the sealed bytes.</summary>
    public override string ToString() => $"resident {Id} ({IdMasked})";
}

/// <summary>A move asked of a resident grain: the destination, checked against the building by the caller, and who records it.</summary>
[GenerateSerializer, Immutable, Alias("hanan.residents.MoveResident")]
public sealed record MoveResident(
    [property: Id(0)] string BuildingId,
    [property: Id(1)] int Unit,
    [property: Id(2)] int Room,
    [property: Id(3)] double Longitude,
    [property: Id(4)] double Latitude,
    [property: Id(5)] string RecordedBy);

/// <summary>A grid worker's visit: who, what they noted, the tags to add and remove, and a new phone already sealed by the caller.</summary>
[GenerateSerializer, Immutable, Alias("hanan.residents.ResidentVisit")]
public sealed record ResidentVisit(
    [property: Id(0)] string VisitedBy,
    [property: Id(1)] string? Notes,
    [property: Id(2)] ResidentTags AddTags,
    [property: Id(3)] ResidentTags RemoveTags,
    [property: Id(4)] byte[]? SealedPhone,
    [property: Id(5)] string? PhoneMasked);

/// <summary>The result of a change asked of a resident grain (a move or a visit).</summary>
public enum MoveResult
{
    Moved,
    NotFound,
    Refused,
}

/// <summary>The outcome of a move: the resident afterwards, or why not.</summary>
[GenerateSerializer, Immutable, Alias("hanan.residents.MoveOutcome")]
public sealed record MoveOutcome(
    [property: Id(0)] MoveResult Result,
    [property: Id(1)] ResidentRecord? Resident,
    [property: Id(2)] string? Refusal);

/// <summary>One entry of a resident's history: a move (搬迁) or a visit (走访).</summary>
[GenerateSerializer, Immutable, Alias("hanan.residents.ResidentHistoryEntry")]
public sealed record ResidentHistoryEntry(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string Kind,
    [property: Id(2)] string RecordedBy,
    [property: Id(3)] string Description);
