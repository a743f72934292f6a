namespace Hanan.Ops.Contracts.Open311;

/// <summary>
/// A client application allowed to use Open311 GeoReport v2: a citizen-facing app that files, or a bureau's own case
/// system (<see cref="BureauId"/>) that receives the bureau's cases and posts back their progress. Its
/// API key is kept only as a SHA-256 digest; the key itself is shown once, when issued.
/// </summary>
[GenerateSerializer, Immutable, Alias("hanan.open311.Open311Client")]
public sealed record Open311Client(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string KeyDigest,
    [property: Id(3)] int RequestsPerMinute,
    [property: Id(4)] DateTimeOffset IssuedAt,
    [property: Id(5)] string IssuedBy,
    [property: Id(6)] DateTimeOffset? RevokedAt = null,
    [property: Id(7)] string? RevokedBy = null,
    [property: Id(8)] string? BureauId = null)
{
    /// <summary>A bureau's own system: its updates act on the bureau's part of the case (claim, progress, resolution).</summary>
    public bool IsBureauSystem => BureauId is not null;

    public bool Active => RevokedAt is null;
}

/// <summary>The district's register of Open311 client applications (one grain, key <see cref="District"/>).</summary>
[Alias("hanan.open311.IOpen311ClientsGrain")]
public interface IOpen311ClientsGrain : IGrainWithStringKey
{
    public const string District = "district";

    /// <summary>Stores a new client (durably, before answering); false when the id is taken.</summary>
    [Alias("Issue")] Task<bool> Issue(Open311Client client);

    /// <summary>Revokes the client's key; false when there is no such client or it was revoked already.</summary>
    [Alias("Revoke")] Task<bool> Revoke(string id, string by, DateTimeOffset at);

    [Alias("List")] Task<IReadOnlyList<Open311Client>> List();

    /// <summary>The active client whose key has this digest, or null.</summary>
    [Alias("FindByKey")] Task<Open311Client?> FindByKey(string keyDigest);
}
