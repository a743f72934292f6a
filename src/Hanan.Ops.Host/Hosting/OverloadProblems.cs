using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Hanan.Ops.Host.Hosting;

/// <summary>
/// Overload and passing faults are not bugs: when the database refuses connections or lost one, a grain call times out,
/// or a silo is unavailable or shutting down (<see cref="TransientFaults"/>), answer 503 with Retry-After so clients
/// back off and retry (intake is idempotent), instead of a 500. Every 503 of the host carries the same problem
/// <see cref="ProblemType"/> and title and tells the client to retry with the same idempotency key; the exception's
/// message, SQL and stack trace never reach the body. A lost database connection clears the connection pools (rate-limited,
/// <see cref="ConnectionPoolReset"/>). The fault is logged once at Warning, by exception type only: exception messages
/// can carry SQL and personal data.
/// </summary>
internal sealed partial class OverloadProblems(IProblemDetailsService problems, ConnectionPoolReset pools, ILogger<OverloadProblems> logger)
    : IExceptionHandler
{
    public const int RetryAfterSeconds = 2;

    /// <summary>The stable problem type of every 503 the host answers (RFC 9457 §3.1.1).</summary>
    public const string ProblemType = "urn:hanan-ops:problem:temporarily-unavailable";

    public const string Title = "The district is busy; nothing was lost.";

    public static string RetryAdvice => $"Try again in {RetryAfterSeconds} seconds with the same idempotency key: a retry never files twice.";

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (TransientFaults.Classify(exception) is not { } fault)
        {
            return false;
        }

        var cleared = fault == TransientFaultKind.DatabaseConnectionLost && pools.TryClear();
        if (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away: nobody reads an answer, and its own cancellation is not a fault of the district.
            context.Response.StatusCode = StatusCodes.Status499ClientClosedRequest;
            return true;
        }

        LogFault(logger, fault, exception.GetType().FullName, exception.GetBaseException().GetType().FullName,
            (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(no endpoint)", cleared);
        return await WriteUnavailableAsync(context, problems);
    }

    /// <summary>Writes the host's 503 problem with Retry-After (faults, overload, request timeouts).</summary>
    public static ValueTask<bool> WriteUnavailableAsync(HttpContext context, IProblemDetailsService problems, string? detail = null)
    {
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        // No Exception in the context: nothing of it may reach the body.
        return problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = Unavailable(detail) });
    }

    /// <summary>The 503 problem body: stable type and title, the retry advice.</summary>
    public static ProblemDetails Unavailable(string? detail = null) => new()
    {
        Type = ProblemType,
        Status = StatusCodes.Status503ServiceUnavailable,
        Title = Title,
        Detail = detail is null ? RetryAdvice : $"{detail} {RetryAdvice}",
    };

    /// <summary>Too many connections, a lost connection, the pool exhausted, a statement or grain call timed out, a silo unavailable.</summary>
    internal static bool IsOverload(Exception exception) => TransientFaults.Classify(exception) is not null;

    [LoggerMessage(EventId = 5030, Level = LogLevel.Warning,
        Message = "Answered 503 for a passing fault {Fault} on {Route}: {ExceptionType} (innermost {InnermostType}); pools cleared: {PoolsCleared}")]
    private static partial void LogFault(ILogger logger, TransientFaultKind fault, string? exceptionType, string? innermostType, string route, bool poolsCleared);
}
