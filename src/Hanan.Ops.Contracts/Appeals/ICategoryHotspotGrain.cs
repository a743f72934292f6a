namespace Hanan.Ops.Contracts.Appeals;

/// <summary>What the hotspot watch of a category says about a new appeal.</summary>
[GenerateSerializer, Immutable, Alias("hanan.appeals.HotspotVerdict")]
public sealed record HotspotVerdict(
    [property: Id(0)] IReadOnlyList<Guid> Cluster,
    [property: Id(1)] IReadOnlyList<Guid> DuplicateCandidates);

/// <summary>
/// Watches one category (key: category code): recent appeals for clusters (N within R metres and T hours make the
/// cases hot) and the open cases, to offer a new appeal's near neighbours to the dispatcher as duplicates.
/// In memory; on activation it rebuilds itself from the read model.
/// </summary>
[Alias("hanan.appeals.ICategoryHotspotGrain")]
public interface ICategoryHotspotGrain : IGrainWithStringKey
{
    [Alias("Observe")]
    Task<HotspotVerdict> Observe(Guid caseId, double latitude, double longitude, DateTimeOffset filedAt);

    /// <summary>The case is no longer open: it is no duplicate candidate any more.</summary>
    [Alias("Forget")]
    Task Forget(Guid caseId);
}
