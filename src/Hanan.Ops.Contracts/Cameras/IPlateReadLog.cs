using Hanan.Ops.Domain.Cameras;

namespace Hanan.Ops.Contracts.Cameras;

/// <summary>
/// The durable log of accepted plate reads, as the vehicle grains need it: a plate's reads in a time range. Every read
/// is in it before its ingest is acknowledged, so a vehicle's persisted checkpoint plus the reads of its plate in this
/// log rebuild the vehicle. Implemented by the sighting store.
/// </summary>
public interface IPlateReadLog
{
    /// <summary>A plate's reads in [from, to], in time order.</summary>
    Task<IReadOnlyList<PlateSighting>> ReadsOfPlateAsync(string plate, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default);
}
