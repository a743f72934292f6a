using System.Text.RegularExpressions;
using Npgsql;
using Orleans.Runtime.Messaging;
using Orleans.Serialization;

namespace Hanan.Ops.Host.Hosting;

/// <summary>What kind of passing fault an exception is: each is answered 503 with Retry-After, never 500.</summary>
public enum TransientFaultKind
{
    /// <summary>PostgreSQL refuses more connections, the pool is exhausted, or a statement timed out.</summary>
    DatabaseBusy,

    /// <summary>
    /// A connection to PostgreSQL was lost: terminated by an administrator, a crash or a failover, a shutdown, a broken
    /// socket. Pooled connections may be dead too, so the pools are cleared.
    /// </summary>
    DatabaseConnectionLost,

    /// <summary>A silo is unavailable, shutting down or not yet declared dead; a gateway is too busy; a connection between silos failed.</summary>
    ClusterUnavailable,

    /// <summary>A grain call or another operation timed out or was cancelled by the server side (not by the client).</summary>
    Timeout,
}

/// <summary>
/// Classifies exceptions as passing faults (<see cref="TransientFaultKind"/>) or not. Walks the whole chain: inner
/// exceptions, every exception of an <see cref="AggregateException"/>, an <see cref="Orleans.Runtime.OrleansException"/>
/// or a grain's own exception wrapping a database fault, and a database exception Orleans delivered as
/// <see cref="UnavailableExceptionFallbackException"/> (by type name). The first fault found decides, except that a lost
/// connection anywhere in the chain wins, so the pools are cleared.
/// </summary>
public static partial class TransientFaults
{
    private const int MaxDepth = 16;

    public static TransientFaultKind? Classify(Exception exception)
    {
        TransientFaultKind? found = null;
        Visit(exception, 0, ref found);
        return found;
    }

    private static void Visit(Exception? exception, int depth, ref TransientFaultKind? found)
    {
        if (exception is null || depth > MaxDepth || found == TransientFaultKind.DatabaseConnectionLost)
        {
            return;
        }

        var kind = ClassifyOne(exception);
        if (kind is not null && (found is null || kind == TransientFaultKind.DatabaseConnectionLost))
        {
            found = kind;
        }

        if (exception is AggregateException aggregate)
        {
            foreach (var inner in aggregate.InnerExceptions)
            {
                Visit(inner, depth + 1, ref found);
            }
        }
        else
        {
            Visit(exception.InnerException, depth + 1, ref found);
        }
    }

    private static TransientFaultKind? ClassifyOne(Exception e) => e switch
    {
        PostgresException pg => FromSqlState(pg.SqlState) ?? (pg.IsTransient ? TransientFaultKind.DatabaseBusy : null),
        // Pool exhausted ("The connection pool has been exhausted") or a command timeout.
        NpgsqlException { InnerException: TimeoutException } => TransientFaultKind.DatabaseBusy,
        // A broken socket, a refused connection (failover, restart), a read or write that failed midway.
        NpgsqlException { IsTransient: true } => TransientFaultKind.DatabaseConnectionLost,
        UnavailableExceptionFallbackException fallback => FromFallback(fallback),
        // A silo could not send a database fault back to the caller's silo (Orleans has no codec for Npgsql's
        // exceptions): the fault itself was the database's, and the call stored nothing more than it allowed.
        Orleans.Serialization.CodecNotFoundException codec when codec.Message.Contains("Npgsql.", StringComparison.Ordinal)
            => TransientFaultKind.DatabaseConnectionLost,
        // The case store could not take a change (it cleared its own pool when the connection was lost); nothing of it was stored.
        Contracts.Appeals.CaseStoreUnavailableException => TransientFaultKind.DatabaseBusy,
        // Two activations of one case raced after a lost silo; the loser dropped its activation and a retry reads the stored case.
        Contracts.Appeals.CaseStoreConflictException => TransientFaultKind.ClusterUnavailable,
        // SiloUnavailableException derives from OrleansMessageRejectionException.
        Orleans.Runtime.OrleansMessageRejectionException or Orleans.Runtime.ClientNotAvailableException
            or Orleans.Runtime.GatewayTooBusyException or ConnectionFailedException => TransientFaultKind.ClusterUnavailable,
        TimeoutException => TransientFaultKind.Timeout,
        // The caller decides whether the client aborted (then nothing is written); otherwise the server side gave up.
        OperationCanceledException => TransientFaultKind.Timeout,
        _ => null,
    };

    /// <summary>The SQLSTATEs that are a passing fault; null for the others (constraint violations, syntax: bugs, 500).</summary>
    internal static TransientFaultKind? FromSqlState(string? sqlState) => sqlState switch
    {
        null => null,
        PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow
            => TransientFaultKind.DatabaseConnectionLost,
        // Class 08: connection exceptions (08000, 08003, 08006, 08001, 08004, ...).
        _ when sqlState.StartsWith("08", StringComparison.Ordinal) => TransientFaultKind.DatabaseConnectionLost,
        PostgresErrorCodes.TooManyConnections or PostgresErrorCodes.QueryCanceled => TransientFaultKind.DatabaseBusy,
        _ => null,
    };

    /// <summary>
    /// An Npgsql exception that crossed silos and could not be rebuilt keeps only its type name and message; a
    /// PostgresException's message starts with its SQLSTATE ("57P01: terminating connection ...").
    /// </summary>
    private static TransientFaultKind? FromFallback(UnavailableExceptionFallbackException fallback)
    {
        var type = fallback.ExceptionType ?? "";
        if (type.StartsWith("Npgsql.PostgresException", StringComparison.Ordinal))
        {
            var match = LeadingSqlState().Match(fallback.Message);
            return match.Success ? FromSqlState(match.Groups[1].Value) : null;
        }

        // Npgsql's own exceptions (not a server error) are about the connection: broken, refused, timed out.
        return type.StartsWith("Npgsql.NpgsqlException", StringComparison.Ordinal) ? TransientFaultKind.DatabaseConnectionLost : null;
    }

    [GeneratedRegex("^([0-9A-Z]{5}): ")]
    private static partial Regex LeadingSqlState();
}
