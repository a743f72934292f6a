using Hanan.Ops.Contracts.Cameras;
using Hanan.Ops.Domain.Cameras;

namespace Hanan.Ops.Grains.Cameras;

/// <summary>The fences and watchlist as domain objects, rebuilt once per rules version per silo (prepared polygons are not free).</summary>
public sealed class SecurityRulesCache
{
    private Resolved _current = new(-1, [], Watchlist.Empty);

    public Resolved Resolve(SecurityRules rules)
    {
        var current = Volatile.Read(ref _current);
        if (current.Version != rules.Version)
        {
            current = new Resolved(rules.Version, [.. rules.Fences.Select(f => f.ToFence())], rules.ToWatchlist());
            Volatile.Write(ref _current, current);
        }

        return current;
    }

    public sealed record Resolved(long Version, IReadOnlyList<Fence> Fences, Watchlist Watchlist);
}
