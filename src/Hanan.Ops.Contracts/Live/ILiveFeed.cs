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
/// The registry of hosts that want live activity (one observer per host). Observers are best-effort: a host
/// re-subscribes periodically and an entry that is not renewed expires, so a dead host is dropped.
/// </summary>
[Alias("hanan.live.ILiveFeedGrain")]
public interface ILiveFeedGrain : IGrainWithIntegerKey
{
    [Alias("Subscribe")]
    Task Subscribe(string hostId, ILiveObserver observer);

    [Alias("Unsubscribe")]
    Task Unsubscribe(string hostId);

    /// <summary>Fans the batch out to every live host without waiting for any of them.</summary>
    [Alias("Publish")]
    Task Publish(IReadOnlyList<CaseActivity> batch);

    /// <summary>Fans a change of the district picture out to every live host without waiting for any of them.</summary>
    [Alias("PublishPicture")]
    Task PublishPicture(PictureDelta delta);

    [Alias("PublishCameraAlert")]
    Task PublishCameraAlert(CameraAlert alert);

    [Alias("PublishCameraStatus")]
    Task PublishCameraStatus(CameraStatus status);
}
