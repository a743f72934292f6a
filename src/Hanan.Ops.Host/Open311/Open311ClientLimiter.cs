using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Hanan.Ops.Contracts.Open311;

namespace Hanan.Ops.Host.Open311;

/// <summary>Each client application's requests per minute, per host, in fixed windows of one minute.</summary>
public sealed class Open311ClientLimiter : IDisposable
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<(string Id, int Limit), FixedWindowRateLimiter> _limiters = new();

    public bool TryAcquire(Open311Client client, out TimeSpan retryAfter)
    {
        ArgumentNullException.ThrowIfNull(client);
        var limiter = _limiters.GetOrAdd((client.Id, client.RequestsPerMinute), key => new FixedWindowRateLimiter(new FixedWindowRateLimiterOptions
        {
            PermitLimit = key.Limit,
            Window = Window,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
        using var lease = limiter.AttemptAcquire();
        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : Window;
        return lease.IsAcquired;
    }

    public void Dispose()
    {
        foreach (var limiter in _limiters.Values)
        {
            limiter.Dispose();
        }
    }
}
