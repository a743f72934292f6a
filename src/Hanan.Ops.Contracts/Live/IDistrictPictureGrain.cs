using Hanan.Ops.Contracts.Appeals;

namespace Hanan.Ops.Contracts.Live;

/// <summary>
/// The live district picture of the command-centre wall (key 0). Fed by the live relays; publishes at most one
/// <see cref="PictureDelta"/> per 500 ms through the live feed, numbered so that a client can join a snapshot to them.
/// </summary>
[Alias("hanan.live.IDistrictPictureGrain")]
public interface IDistrictPictureGrain : IGrainWithIntegerKey
{
    /// <summary>Takes case summaries; the highest version of a case wins, whatever the order.</summary>
    [Alias("Apply")]
    Task Apply(IReadOnlyList<CaseSummary> summaries);

    /// <summary>The picture as of the last published delta, with that delta's sequence number.</summary>
    [Alias("GetSnapshot")]
    Task<PictureSnapshot> GetSnapshot();
}
