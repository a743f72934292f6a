using Hanan.Ops.Contracts.Appeals;
using Hanan.Ops.Contracts.Cameras;
using Orleans.Concurrency;

namespace Hanan.Ops.Contracts.Live;

/// <summary>A host's receiver of live activity: each host pushes what it receives to its own SignalR connections.</summary>
[Alias("hanan.live.ILiveObserver")]
public interface ILiveObserver : IGrainObserver
{
    [OneWay, Alias("OnActivity")]
    Task OnActivity(IReadOnlyList<CaseActivity> batch);

    [OneWay, Alias("OnPicture")]
    Task OnPicture(PictureDelta delta);

    /// <summary>A camera alert raised or moved on (the full alert: the host masks it for non-police groups).</summary>
    [OneWay, Alias("OnCameraAlert")]
    Task OnCameraAlert(CameraAlert alert);

    [OneWay, Alias("OnCameraStatus")]
    Task OnCameraStatus(CameraStatus status);
}

/// <summary>
/// The registry of hosts that want live activity: one observer per host, keyed by the host's silo. It is not on the
/// path of the activity: senders read the list now and then (cached per silo, renewed when the cluster's membership
/// changes) and call every host's observer directly, one-way. A host renews its entry periodically; an entry whose silo
/// is not an active member of the cluster, or that was not renewed in time, is dropped.
/// </summary>
[Alias("hanan.live.ILiveHostRegistryGrain")]
public interface ILiveHostRegistryGrain : IGrainWithIntegerKey
{
    [Alias("Register")]
    Task Register(SiloAddress silo, ILiveObserver observer);

    [Alias("Unregister")]
    Task Unregister(SiloAddress silo);

    /// <summary>The observers of the hosts whose silos are active members of the cluster.</summary>
    [Alias("Hosts")]
    Task<IReadOnlyList<ILiveObserver>> Hosts();
}
