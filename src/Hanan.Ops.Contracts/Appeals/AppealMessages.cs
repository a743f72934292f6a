namespace Hanan.Ops.Contracts.Appeals;

/// <summary>How an appeal reached the district.</summary>
public enum AppealChannel
{
    /// <summary>The citizen app or web page.</summary>
    Citizen,

    /// <summary>A grid worker filing on a resident's behalf (上报员).</summary>
    GridWorker,

    /// <summary>A hotline operator (12345).</summary>
    Hotline,

    /// <summary>An alert raised by a camera.</summary>
    CameraAlert,
}

/// <summary>Who did something, in which role.</summary>
[GenerateSerializer, Immutable, Alias("hanan.Actor")]
public sealed record Actor([property: Id(0)] string Id, [property: Id(1)] string Role)
{
    public static readonly Actor System = new("system", "system");
}

/// <summary>A WGS84 point.</summary>
[GenerateSerializer, Immutable, Alias("hanan.GeoPoint")]
public sealed record GeoPoint([property: Id(0)] double Latitude, [property: Id(1)] double Longitude);

/// <summary>How to reach the citizen; absent for an anonymous appeal.</summary>
[GenerateSerializer, Immutable, Alias("hanan.appeals.Contact")]
public sealed record Contact([property: Id(0)] string? Name, [property: Id(1)] string? Phone);

/// <summary>A validated, routed appeal ready to become a case (the intake endpoint validates and routes first).</summary>
[GenerateSerializer, Immutable, Alias("hanan.appeals.FileAppeal")]
public sealed record FileAppeal(
    [property: Id(0)] string IdempotencyKey,
    [property: Id(1)] string Fingerprint,
    [property: Id(2)] string CategoryCode,
    [property: Id(3)] string Description,
    [property: Id(4)] GeoPoint Location,
    [property: Id(5)] string? Address,
    [property: Id(6)] string GridCode,
    [property: Id(7)] string CommunityCode,
    [property: Id(8)] string StreetCode,
    [property: Id(9)] IReadOnlyList<string> PhotoRefs,
    [property: Id(10)] Contact? Contact,
    [property: Id(11)] AppealChannel Channel,
    [property: Id(12)] Actor FiledBy);

public enum FilingResult
{
    /// <summary>A new case was stored.</summary>
    Created,

    /// <summary>The same request was seen before: the existing case is returned, nothing new is stored.</summary>
    Replayed,

    /// <summary>The idempotency key was already used for a different appeal.</summary>
    KeyReused,
}

/// <summary>
/// The outcome of a filing. <see cref="TrackingToken"/> is the case's capability for the filer (查询码): given to
/// whoever filed (or replays the same filing), never part of a <see cref="CaseView"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("hanan.appeals.FileOutcome")]
public sealed record FileOutcome([property: Id(0)] FilingResult Result, [property: Id(1)] CaseView Case, [property: Id(2)] string? TrackingToken = null);

/// <summary>What a tracking link opens.</summary>
public enum TrackingAccess
{
    /// <summary>No case has this id, or the token is not the case's (the two are not told apart).</summary>
    Unknown,

    /// <summary>The token was the case's, but the rating period is over.</summary>
    Expired,

    /// <summary>The token opens the case.</summary>
    Granted,
}

/// <summary>A case opened by its tracking link: the case when granted, and until when the link works.</summary>
[GenerateSerializer, Immutable, Alias("hanan.appeals.TrackedCase")]
public sealed record TrackedCase(
    [property: Id(0)] TrackingAccess Access,
    [property: Id(1)] CaseView? Case,
    [property: Id(2)] DateTimeOffset? ExpiresAt);

/// <summary>The wire names of the channels (kebab-case), shared by the API and the read model.</summary>
public static class ChannelNames
{
    public static string Of(AppealChannel channel) => channel switch
    {
        AppealChannel.Citizen => "citizen",
        AppealChannel.GridWorker => "grid-worker",
        AppealChannel.Hotline => "hotline",
        AppealChannel.CameraAlert => "camera-alert",
        _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, null),
    };

    public static bool TryParse(string text, out AppealChannel channel)
    {
        foreach (var candidate in Enum.GetValues<AppealChannel>())
        {
            if (Of(candidate) == text)
            {
                channel = candidate;
                return true;
            }
        }

        channel = default;
        return false;
    }
}
