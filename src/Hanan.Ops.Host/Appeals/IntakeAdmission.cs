using System.Diagnostics.Metrics;
using System.Threading.RateLimiting;
using Hanan.Ops.Host.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Hanan.Ops.Host.Appeals;

/// <summary>The <c>Hanan:Appeals:Admission</c> section: how many filings one host works on at once, and how many wait.</summary>
public sealed class IntakeAdmissionOptions
{
    public const string Section = "Hanan:Appeals:Admission";

    /// <summary>Filings in progress at once (from the case number to the stored case and its reminder).</summary>
    public int MaxConcurrent { get; set; } = 64;

    /// <summary>Filings waiting for a place, first come first served; one more is answered 503 at once.</summary>
    public int MaxQueued { get; set; } = 256;

    public string? Problem() =>
        MaxConcurrent is < 1 or > 10_000 ? $"{Section}:MaxConcurrent must be 1–10000 (it was {MaxConcurrent})."
        : MaxQueued is < 0 or > 100_000 ? $"{Section}:MaxQueued must be 0–100000 (it was {MaxQueued})."
        : null;
}

/// <summary>
/// Admission control for filing appeals. Past its capacity a host that accepts every request does not file more: each
/// filing waits longer, grain calls and statements time out, and throughput falls while latency grows without bound.
/// Here at most <see cref="IntakeAdmissionOptions.MaxConcurrent"/> filings run, a bounded queue waits in order, and
/// anything beyond is answered 503 with Retry-After at once: nothing was stored, and a retry with the same
/// idempotency key is safe. Bad input is answered before admission, so it still gets its 400 under load.
/// </summary>
public sealed class IntakeAdmission : IDisposable
{
    private readonly ConcurrencyLimiter _limiter;
    private readonly Counter<long> _refused;

    public IntakeAdmission(IOptions<IntakeAdmissionOptions> options, IMeterFactory meters)
    {
        var limits = options.Value;
        _limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = limits.MaxConcurrent,
            QueueLimit = limits.MaxQueued,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        var meter = meters.Create(ServiceDefaultsExtensions.TelemetryName);
        _refused = meter.CreateCounter<long>("hanan.appeals.admission.refused", "{appeal}",
            "Filings answered 503 because the host was working on and queueing as many as it admits.");
        meter.CreateObservableGauge("hanan.appeals.admission.in_progress",
            () => limits.MaxConcurrent - (_limiter.GetStatistics()?.CurrentAvailablePermits ?? limits.MaxConcurrent), "{appeal}",
            "Filings in progress on this host.");
        meter.CreateObservableGauge("hanan.appeals.admission.queued", () => _limiter.GetStatistics()?.CurrentQueuedCount ?? 0, "{appeal}",
            "Filings waiting for a place on this host.");
    }

    /// <summary>A place to file in, or null when the host is full (then answer <see cref="Busy"/>).</summary>
    public async ValueTask<RateLimitLease?> EnterAsync(CancellationToken cancel)
    {
        var lease = await _limiter.AcquireAsync(1, cancel);
        if (lease.IsAcquired)
        {
            return lease;
        }

        lease.Dispose();
        _refused.Add(1);
        return null;
    }

    public static ProblemHttpResult Busy(HttpContext http)
    {
        http.Response.Headers.RetryAfter = OverloadProblems.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Problem(OverloadProblems.Unavailable("This appeal was not stored."));
    }

    public void Dispose() => _limiter.Dispose();
}
