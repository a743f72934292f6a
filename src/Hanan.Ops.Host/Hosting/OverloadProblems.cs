using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Hanan.Ops.Host.Hosting;

/// <summary>
/// Overload is not a bug: when the database refuses connections or a grain call times out, answer 503 with
/// Retry-After so clients back off and retry (intake is idempotent), instead of a 500.
/// </summary>
internal sealed class OverloadProblems(IProblemDetailsService problems) : IExceptionHandler
{
    public const int RetryAfterSeconds = 2;

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsOverload(exception))
        {
            return false;
        }

        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The district is busy; nothing was lost.",
                Detail = $"Try again in {RetryAfterSeconds} seconds with the same idempotency key.",
            },
        });
    }

    /// <summary>Too many connections, the pool exhausted, a statement or grain call timed out, a silo unavailable.</summary>
    internal static bool IsOverload(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException { SqlState: PostgresErrorCodes.TooManyConnections or PostgresErrorCodes.CannotConnectNow }:
                case NpgsqlException { InnerException: TimeoutException }:
                case TimeoutException:
                case SiloUnavailableException:
                    return true;
            }
        }

        return false;
    }
}
