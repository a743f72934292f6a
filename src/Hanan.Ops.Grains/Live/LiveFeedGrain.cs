using Hanan.Ops.Contracts.Appeals;
using Hanan.Ops.Contracts.Cameras;
using Hanan.Ops.Contracts.Live;
using Orleans.Concurrency;

namespace Hanan.Ops.Grains.Live;

/// <summary>
/// Knows one observer per host and fans live activity out to all of them, so a browser connected to any silo sees
/// what happens on every silo. Nothing here is durable: hosts re-subscribe every <see cref="Renewal"/>, and an entry
/// not renewed within <see cref="Expiry"/> is dropped.
/// </summary>
[Reentrant]
public sealed class LiveFeedGrain(TimeProvider time) : Grain, ILiveFeedGrain
{
    public static readonly TimeSpan Renewal = TimeSpan.FromSeconds(20);
    public static readonly TimeSpan Expiry = TimeSpan.FromSeconds(65);

    private readonly Dictionary<string, (ILiveObserver Observer, DateTimeOffset Seen)> _hosts = new(StringComparer.Ordinal);

    public Task Subscribe(string hostId, ILiveObserver observer)
    {
        _hosts[hostId] = (observer, time.GetUtcNow());
        return Task.CompletedTask;
    }

    public Task Unsubscribe(string hostId)
    {
        _hosts.Remove(hostId);
        return Task.CompletedTask;
    }

    public Task Publish(IReadOnlyList<CaseActivity> batch) => FanOut(o => o.OnActivity(batch));

    public Task PublishPicture(PictureDelta delta) => FanOut(o => o.OnPicture(delta));

    public Task PublishCameraAlert(CameraAlert alert) => FanOut(o => o.OnCameraAlert(alert));

    public Task PublishCameraStatus(CameraStatus status) => FanOut(o => o.OnCameraStatus(status));

    private Task FanOut(Func<ILiveObserver, Task> call)
    {
        var now = time.GetUtcNow();
        List<string>? expired = null;
        foreach (var (host, entry) in _hosts)
        {
            if (now - entry.Seen > Expiry)
            {
                (expired ??= []).Add(host);
                continue;
            }

            // One-way: a slow or dead host never delays the others.
            _ = call(entry.Observer);
        }

        expired?.ForEach(h => _hosts.Remove(h));
        return Task.CompletedTask;
    }
}
