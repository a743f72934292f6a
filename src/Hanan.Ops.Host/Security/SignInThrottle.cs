using System.Collections.Concurrent;

namespace Hanan.Ops.Host.Security;

/// <summary>
/// Login-failure handling (等保 level 3): after <see cref="SignInLockoutOptions.MaxFailures"/> failures within the
/// window, for one user or from one client address, sign-in is refused until the lockout has passed. Kept per host.
/// </summary>
public sealed class SignInThrottle(SecurityOptions options, TimeProvider time)
{
    private const int MaxTracked = 100_000;

    private readonly ConcurrentDictionary<string, Failures> _failures = new(StringComparer.Ordinal);
    private readonly SignInLockoutOptions _lockout = options.Lockout;

    /// <summary>How long sign-in stays refused for these keys, or null when it is open.</summary>
    public TimeSpan? LockedFor(params string[] keys)
    {
        var now = time.GetUtcNow();
        TimeSpan? longest = null;
        foreach (var key in keys)
        {
            if (_failures.TryGetValue(key, out var f))
            {
                lock (f)
                {
                    f.Prune(now - _lockout.Window);
                    if (f.LockedUntil is { } until && until > now && (longest is null || until - now > longest))
                    {
                        longest = until - now;
                    }
                }
            }
        }

        return longest;
    }

    public void Failed(params string[] keys)
    {
        var now = time.GetUtcNow();
        if (_failures.Count > MaxTracked)
        {
            Forget(now);
        }

        foreach (var key in keys)
        {
            var f = _failures.GetOrAdd(key, _ => new Failures());
            lock (f)
            {
                f.Prune(now - _lockout.Window);
                f.At.Enqueue(now);
                if (f.At.Count >= _lockout.MaxFailures)
                {
                    f.LockedUntil = now + _lockout.Lockout;
                    f.At.Clear();
                }
            }
        }
    }

    public void Succeeded(string key) => _failures.TryRemove(key, out _);

    /// <summary>Random user names must not grow the table without bound: keys with no recent failure and no lock go.</summary>
    private void Forget(DateTimeOffset now)
    {
        foreach (var (key, f) in _failures)
        {
            lock (f)
            {
                f.Prune(now - _lockout.Window);
                if (f.At.Count == 0 && (f.LockedUntil is null || f.LockedUntil <= now))
                {
                    _failures.TryRemove(key, out _);
                }
            }
        }
    }

    private sealed class Failures
    {
        public Queue<DateTimeOffset> At { get; } = new();

        public DateTimeOffset? LockedUntil { get; set; }

        public void Prune(DateTimeOffset before)
        {
            while (At.Count > 0 && At.Peek() < before)
            {
                At.Dequeue();
            }
        }
    }
}
