using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.RateLimiting;

namespace Hanan.Ops.Host.Security;

/// <summary>
/// Rate limits on public intake: per client address (the <see cref="PublicIntake"/> policy, before the body is read)
/// and per contact phone (checked by the intake once the body is valid). Signed-in staff are not limited per address.
/// Both answer 429 with a problem body and Retry-After. Kept per host, in fixed windows.
/// <para>
/// A filing that did not file anything gives its permits back (<see cref="IntakePermit.GiveBack"/>): the replay of an
/// appeal already stored under the same key with the same content (answered 200), and a filing answered 503 (the host
/// full, a passing fault), whose retry with the same key is what the client is told to do. So a client that follows
/// the retry advice is never locked out by its retries, while fresh keys, and a reused key with other content (409),
/// still count.
/// </para>
/// </summary>
public sealed class IntakeLimits
{
    public const string PublicIntake = "public-intake";

    private static readonly TimeSpan PhoneWindow = TimeSpan.FromHours(1);
    private static readonly TimeSpan AddressWindow = TimeSpan.FromMinutes(1);

    private readonly FixedWindows _perPhone;
    private readonly FixedWindows _perAddress;

    public IntakeLimits(SecurityOptions options, TimeProvider time)
    {
        _perPhone = new FixedWindows(options.Limits.IntakePerPhonePerHour, PhoneWindow, time);
        _perAddress = new FixedWindows(options.Limits.IntakePerAddressPerMinute, AddressWindow, time);
    }

    /// <summary>
    /// Takes the phone's permit (when the appeal has a phone). Null and a permit when the appeal may be filed now;
    /// otherwise the 429 answer. The permit also stands for the address permit the <see cref="PublicIntake"/> policy took.
    /// </summary>
    public ProblemHttpResult? Admit(string? phone, HttpContext http, out IntakePermit permit) =>
        Admit(phone, http, AddressKey(http), out permit);

    /// <summary>
    /// As <see cref="Admit(string?, HttpContext, out IntakePermit)"/> for a filing that did not pass the per-address
    /// policy (a connected system's, limited per client application instead): only the phone's permit is taken.
    /// </summary>
    public ProblemHttpResult? AdmitPhone(string? phone, HttpContext http, out IntakePermit permit) =>
        Admit(phone, http, null, out permit);

    private ProblemHttpResult? Admit(string? phone, HttpContext http, string? addressKey, out IntakePermit permit)
    {
        FixedWindows.Permit? phonePermit = null;
        if (phone is not null)
        {
            phonePermit = _perPhone.TryTake(phone, out var retry);
            if (phonePermit is null)
            {
                permit = IntakePermit.None;
                return TooMany(http, retry, "Too many appeals with this phone number.", "contact.phone");
            }
        }

        permit = new IntakePermit(phonePermit, addressKey is { } address ? () => _perAddress.GiveBackLatest(address) : null);
        return null;
    }

    public static void Configure(RateLimiterOptions limiter, SecurityOptions options)
    {
        limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        limiter.AddPolicy(PublicIntake, http => AddressKey(http) is { } address
            ? RateLimitPartition.Get(address, key => new WindowLimiter(http.RequestServices.GetRequiredService<IntakeLimits>()._perAddress, key))
            : RateLimitPartition.GetNoLimiter("staff"));
        limiter.OnRejected = async (context, cancel) =>
        {
            var retry = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : AddressWindow;
            await TooMany(context.HttpContext, retry, "Too many appeals from this address.", "address").ExecuteAsync(context.HttpContext);
        };
    }

    /// <summary>The partition of the per-address limit; null for signed-in staff, who are not limited per address.</summary>
    private static string? AddressKey(HttpContext http) =>
        http.User.Identity?.IsAuthenticated == true && !http.User.HasRole(Roles.Citizen)
            ? null
            : http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static ProblemHttpResult TooMany(HttpContext http, TimeSpan retry, string title, string field)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(title: title, statusCode: StatusCodes.Status429TooManyRequests, detail: $"Try again in {seconds} s.",
            extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [title] } });
    }

    /// <summary>The permits one filing took; given back at most once.</summary>
    public sealed class IntakePermit
    {
        internal static readonly IntakePermit None = new(null, null);

        private readonly FixedWindows.Permit? _phone;
        private readonly Action? _address;
        private int _givenBack;

        internal IntakePermit(FixedWindows.Permit? phone, Action? address)
        {
            _phone = phone;
            _address = address;
        }

        /// <summary>This filing filed nothing (a replay, a 503): it does not count against the limits.</summary>
        public void GiveBack()
        {
            if (Interlocked.Exchange(ref _givenBack, 1) != 0)
            {
                return;
            }

            _phone?.GiveBack();
            _address?.Invoke();
        }
    }

    /// <summary>
    /// Fixed-window counters per key that can give a permit back (System.Threading.RateLimiting's limiters cannot). A
    /// permit is given back only into the window it was taken from. Expired windows are swept as keys come and go.
    /// </summary>
    internal sealed class FixedWindows(int limit, TimeSpan window, TimeProvider time)
    {
        private const int SweepEvery = 1024;
        private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);
        private int _takes;

        public Permit? TryTake(string key, out TimeSpan retryAfter)
        {
            var now = time.GetUtcNow();
            if (Interlocked.Increment(ref _takes) % SweepEvery == 0)
            {
                Sweep(now);
            }

            var w = _windows.GetOrAdd(key, _ => new Window(now));
            lock (w)
            {
                if (now - w.Start >= window)
                {
                    w.Start = now;
                    w.Used = 0;
                }

                if (w.Used < limit)
                {
                    w.Used++;
                    retryAfter = TimeSpan.Zero;
                    return new Permit(w, w.Start);
                }

                retryAfter = w.Start + window - now;
                return null;
            }
        }

        /// <summary>Gives back a permit of the key's current window (the address limit's lease is not handed to the endpoint).</summary>
        public void GiveBackLatest(string key)
        {
            if (_windows.TryGetValue(key, out var w))
            {
                lock (w)
                {
                    new Permit(w, w.Start).GiveBack();
                }
            }
        }

        private void Sweep(DateTimeOffset now)
        {
            foreach (var (key, w) in _windows)
            {
                if (now - w.Start >= window)
                {
                    _windows.TryRemove(new KeyValuePair<string, Window>(key, w));
                }
            }
        }

        internal sealed class Window(DateTimeOffset start)
        {
            public DateTimeOffset Start { get; set; } = start;

            public int Used { get; set; }
        }

        internal sealed class Permit(Window window, DateTimeOffset start)
        {
            public void GiveBack()
            {
                lock (window)
                {
                    if (window.Start == start && window.Used > 0)
                    {
                        window.Used--;
                    }
                }
            }
        }
    }

    /// <summary>The per-address limit as a <see cref="RateLimiter"/> for the middleware; the counts live in <see cref="FixedWindows"/>.</summary>
    private sealed class WindowLimiter(FixedWindows windows, string key) : RateLimiter
    {
        private long _lastUsed = Stopwatch.GetTimestamp();

        public override TimeSpan? IdleDuration => Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastUsed));

        public override RateLimiterStatistics? GetStatistics() => null;

        protected override RateLimitLease AttemptAcquireCore(int permitCount)
        {
            Interlocked.Exchange(ref _lastUsed, Stopwatch.GetTimestamp());
            return permitCount == 0 || windows.TryTake(key, out var retry) is not null ? Lease.Acquired : new Lease(retry);
        }

        protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
            ValueTask.FromResult(AttemptAcquireCore(permitCount));

        private sealed class Lease(TimeSpan? retryAfter) : RateLimitLease
        {
            public static readonly Lease Acquired = new(null);

            public override bool IsAcquired => retryAfter is null;

            public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

            public override bool TryGetMetadata(string metadataName, out object? metadata)
            {
                metadata = retryAfter;
                return retryAfter is not null && metadataName == MetadataName.RetryAfter.Name;
            }
        }
    }
}
