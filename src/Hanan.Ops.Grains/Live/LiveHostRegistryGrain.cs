using Hanan.Ops.Contracts.Live;
using Orleans.Concurrency;

namespace Hanan.Ops.Grains.Live;

/// <summary>
/// Knows one observer per host, keyed by the host's silo. Senders do not go through it: they read the list
/// (<see cref="LiveHosts"/>) and call the hosts themselves. Nothing here is durable: hosts register again every
/// <see cref="Renewal"/>; an entry not renewed within <see cref="Expiry"/>, or whose silo is not an active member of the
/// cluster (a silo declared dead is dropped at once), is left out.
/// </summary>
[Reentrant]
public sealed class LiveHostRegistryGrain(IClusterMembershipService membership, TimeProvider time) : Grain, ILiveHostRegistryGrain
{
    public static readonly TimeSpan Renewal = TimeSpan.FromSeconds(20);
    public static readonly TimeSpan Expiry = TimeSpan.FromSeconds(65);

    private readonly Dictionary<SiloAddress, (ILiveObserver Observer, DateTimeOffset Seen)> _hosts = [];

    public Task Register(SiloAddress silo, ILiveObserver observer)
    {
        _hosts[silo] = (observer, time.GetUtcNow());
        return Task.CompletedTask;
    }

    public Task Unregister(SiloAddress silo)
    {
        _hosts.Remove(silo);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ILiveObserver>> Hosts()
    {
        var now = time.GetUtcNow();
        var members = membership.CurrentSnapshot;
        foreach (var silo in _hosts.Where(h => now - h.Value.Seen > Expiry || members.GetSiloStatus(h.Key) != SiloStatus.Active).Select(h => h.Key).ToList())
        {
            _hosts.Remove(silo);
        }

        return Task.FromResult<IReadOnlyList<ILiveObserver>>([.. _hosts.Values.Select(h => h.Observer)]);
    }
}
