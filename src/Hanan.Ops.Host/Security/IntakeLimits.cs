using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.RateLimiting;

namespace Hanan.Ops.Host.Security;

/// <summary>
/// Rate limits on public intake: per client address (the <see cref="PublicIntake"/> policy, before the body is read)
/// and per contact phone (checked by the intake once the body is valid). Signed-in staff are not limited per address.
/// Both answer 429 with a problem body and Retry-After. Kept per host.
/// </summary>
public sealed class IntakeLimits : IDisposable
{
    public const string PublicIntake = "public-intake";

    private readonly PartitionedRateLimiter<string> _perPhone;
    private readonly TimeSpan _phoneWindow = TimeSpan.FromHours(1);

    public IntakeLimits(SecurityOptions options) =>
        _perPhone = PartitionedRateLimiter.Create<string, string>(phone => RateLimitPartition.GetFixedWindowLimiter(phone, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.Limits.IntakePerPhonePerHour,
            Window = _phoneWindow,
            QueueLimit = 0,
        }));

    /// <summary>Null when the phone may file another appeal now; otherwise the 429 answer.</summary>
    public ProblemHttpResult? CheckPhone(string phone, HttpContext http)
    {
        using var lease = _perPhone.AttemptAcquire(phone);
        if (lease.IsAcquired)
        {
            return null;
        }

        var retry = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : _phoneWindow;
        return TooMany(http, retry, "Too many appeals with this phone number.", "contact.phone");
    }

    public static void Configure(RateLimiterOptions limiter, SecurityOptions options)
    {
        limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        limiter.AddPolicy(PublicIntake, http =>
            http.User.Identity?.IsAuthenticated == true && !http.User.HasRole(Roles.Citizen)
                ? RateLimitPartition.GetNoLimiter("staff")
                : RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = options.Limits.IntakePerAddressPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                }));
        limiter.OnRejected = async (context, cancel) =>
        {
            var retry = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
            await TooMany(context.HttpContext, retry, "Too many appeals from this address.", "address").ExecuteAsync(context.HttpContext);
        };
    }

    private static ProblemHttpResult TooMany(HttpContext http, TimeSpan retry, string title, string field)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(title: title, statusCode: StatusCodes.Status429TooManyRequests, detail: $"Try again in {seconds} s.",
            extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [title] } });
    }

    public void Dispose() => _perPhone.Dispose();
}
