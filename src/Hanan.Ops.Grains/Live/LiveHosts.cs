using System.Diagnostics;
using Hanan.Ops.Contracts.Live;
using Microsoft.Extensions.Logging;

namespace Hanan.Ops.Grains.Live;

/// <summary>
/// This silo's view of the hosts that want live activity: the registry's list (<see cref="ILiveHostRegistryGrain"/>),
/// cached for <see cref="Refresh"/> and read again as soon as the cluster's membership changes. Senders (the live
/// relays, the district picture, the camera grains) call each host's observer straight from where the activity is, one
/// hop, one-way: a slow or dead host never delays the others, and no single grain carries every message.
/// </summary>
public sealed partial class LiveHosts(IGrainFactory grains, IClusterMembershipService membership, ILogger<LiveHosts> logger)
{
    /// <summary>How long a read of the registry is used (wall-clock: this is plumbing, not the district's business time).</summary>
    public static readonly TimeSpan Refresh = TimeSpan.FromSeconds(1);

    private volatile Cached? _cached;

    /// <summary>Forgets the cached list: the next send reads the registry (this silo's own host has just registered).</summary>
    public void Invalidate() => _cached = null;

    /// <summary>Calls <paramref name="send"/> on every live host without waiting for any of them.</summary>
    public async Task FanOut(Func<ILiveObserver, Task> send)
    {
        ArgumentNullException.ThrowIfNull(send);
        foreach (var observer in await CurrentAsync())
        {
            _ = send(observer);
        }
    }

    private async ValueTask<IReadOnlyList<ILiveObserver>> CurrentAsync()
    {
        var cached = _cached;
        var version = membership.CurrentSnapshot.Version;
        if (cached is not null && cached.Membership == version && Stopwatch.GetElapsedTime(cached.At) < Refresh)
        {
            return cached.Observers;
        }

        try
        {
            var observers = await grains.GetGrain<ILiveHostRegistryGrain>(0).Hosts();
            _cached = new Cached(observers, version, Stopwatch.GetTimestamp());
            return observers;
        }
        catch (Exception ex) when (ex is not OperationCanceledException && cached is not null)
        {
            // The registry is moving (its silo was lost): the last list is still the best guess.
            LogRegistryUnavailable(logger, ex);
            return cached.Observers;
        }
    }

    private sealed record Cached(IReadOnlyList<ILiveObserver> Observers, MembershipVersion Membership, long At);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The live host registry could not be read; sending to the hosts known before")]
    private static partial void LogRegistryUnavailable(ILogger logger, Exception exception);
}
