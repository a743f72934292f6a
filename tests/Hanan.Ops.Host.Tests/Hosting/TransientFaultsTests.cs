using System.Net.Sockets;
using System.Text.Json.Nodes;
using Hanan.Ops.Host.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Orleans.Runtime;
using Orleans.Runtime.Messaging;

namespace Hanan.Ops.Host.Tests.Hosting;

/// <summary>The classifier of passing faults, the rate-limited pool reset, and the 503 handler on its own.</summary>
public sealed class TransientFaultsTests
{
    private static PostgresException Postgres(string sqlState, string message = "server said no") =>
        new(message, "FATAL", "FATAL", sqlState);

    public static TheoryData<string, Exception, TransientFaultKind> Faults() => new()
    {
        { "pg_terminate_backend", Postgres(PostgresErrorCodes.AdminShutdown, "terminating connection due to administrator command"), TransientFaultKind.DatabaseConnectionLost },
        { "crash shutdown", Postgres(PostgresErrorCodes.CrashShutdown), TransientFaultKind.DatabaseConnectionLost },
        { "database starting up", Postgres(PostgresErrorCodes.CannotConnectNow), TransientFaultKind.DatabaseConnectionLost },
        { "connection failure (08006)", Postgres(PostgresErrorCodes.ConnectionFailure), TransientFaultKind.DatabaseConnectionLost },
        { "connection does not exist (08003)", Postgres(PostgresErrorCodes.ConnectionDoesNotExist), TransientFaultKind.DatabaseConnectionLost },
        { "a broken socket", new NpgsqlException("Exception while reading from stream", new IOException("reset by peer")), TransientFaultKind.DatabaseConnectionLost },
        { "failover: connection refused", new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused)), TransientFaultKind.DatabaseConnectionLost },
        { "too many connections", Postgres(PostgresErrorCodes.TooManyConnections), TransientFaultKind.DatabaseBusy },
        { "pool exhausted", new NpgsqlException("The connection pool has been exhausted", new TimeoutException()), TransientFaultKind.DatabaseBusy },
        { "statement timeout", Postgres(PostgresErrorCodes.QueryCanceled, "canceling statement due to statement timeout"), TransientFaultKind.DatabaseBusy },
        { "serialization failure (transient)", Postgres(PostgresErrorCodes.SerializationFailure), TransientFaultKind.DatabaseBusy },
        { "silo unavailable", new SiloUnavailableException("The target silo became unavailable"), TransientFaultKind.ClusterUnavailable },
        // Its constructors are not public: the runtime raises it (a silo shutting down rejects the message).
        { "message rejected", (Exception)System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(typeof(OrleansMessageRejectionException)), TransientFaultKind.ClusterUnavailable },
        { "gateway too busy", new GatewayTooBusyException(), TransientFaultKind.ClusterUnavailable },
        { "connection between silos failed", new ConnectionFailedException("connection lost"), TransientFaultKind.ClusterUnavailable },
        { "grain call timeout", new TimeoutException("Response did not arrive on time"), TransientFaultKind.Timeout },
        { "cancelled by the server side", new OperationCanceledException(), TransientFaultKind.Timeout },
        { "OrleansException wrapping a silo loss", new OrleansException("call failed", new SiloUnavailableException()), TransientFaultKind.ClusterUnavailable },
        { "a grain's own exception wrapping a terminated connection",
            new InvalidOperationException("could not store the case", new OrleansException("storage", Postgres(PostgresErrorCodes.AdminShutdown))), TransientFaultKind.DatabaseConnectionLost },
        { "an AggregateException holding a database fault second",
            new AggregateException(new ArgumentException("unrelated"), Postgres(PostgresErrorCodes.TooManyConnections)), TransientFaultKind.DatabaseBusy },
        { "a database fault that could not cross silos", new Orleans.Serialization.CodecNotFoundException("Could not find a codec for type Npgsql.PostgresException."), TransientFaultKind.DatabaseConnectionLost },
        { "the case store could not take a change", new Hanan.Ops.Contracts.Appeals.CaseStoreUnavailableException("not stored"), TransientFaultKind.DatabaseBusy },
        { "two activations of one case raced after a lost silo", new Hanan.Ops.Contracts.Appeals.CaseStoreConflictException("stored by another writer"), TransientFaultKind.ClusterUnavailable },
        { "a lost connection wins over a timeout in the same chain",
            new TimeoutException("outer", new NpgsqlException("read failed", new IOException())), TransientFaultKind.DatabaseConnectionLost },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public void A_passing_fault_is_classified_wherever_it_sits_in_the_chain(string what, Exception exception, TransientFaultKind expected)
    {
        TransientFaults.Classify(exception).Should().Be(expected, what);
        OverloadProblems.IsOverload(exception).Should().BeTrue(what);
    }

    [Fact]
    public void Bugs_and_permanent_database_errors_are_not_passing_faults()
    {
        TransientFaults.Classify(new InvalidOperationException("bug")).Should().BeNull();
        TransientFaults.Classify(new OrleansException("Cannot find an implementation class for grain interface")).Should().BeNull();
        TransientFaults.Classify(Postgres(PostgresErrorCodes.UniqueViolation)).Should().BeNull();
        TransientFaults.Classify(Postgres(PostgresErrorCodes.SyntaxError)).Should().BeNull();
        TransientFaults.Classify(Postgres(PostgresErrorCodes.UndefinedTable)).Should().BeNull();
        TransientFaults.Classify(new AggregateException(new ArgumentException("a"), new KeyNotFoundException("b"))).Should().BeNull();
        TransientFaults.Classify(new Orleans.Serialization.CodecNotFoundException("Could not find a codec for type Hanan.Ops.Domain.Whatever.")).Should().BeNull();
    }

    [Fact]
    public void A_database_fault_that_crossed_silos_as_a_fallback_exception_is_classified_by_its_type_name()
    {
        var terminated = Fallback("Npgsql.PostgresException", "57P01: terminating connection due to administrator command");
        var constraint = Fallback("Npgsql.PostgresException", "23505: duplicate key value violates unique constraint");
        var broken = Fallback("Npgsql.NpgsqlException", "Exception while reading from stream");

        TransientFaults.Classify(new OrleansException("grain failed", terminated)).Should().Be(TransientFaultKind.DatabaseConnectionLost);
        TransientFaults.Classify(constraint).Should().BeNull();
        TransientFaults.Classify(broken).Should().Be(TransientFaultKind.DatabaseConnectionLost);
        TransientFaults.Classify(Fallback("Contoso.SomethingElse", "57P01: looks like one")).Should().BeNull();
    }

    private static Orleans.Serialization.UnavailableExceptionFallbackException Fallback(string type, string message)
    {
        var fallback = new Orleans.Serialization.UnavailableExceptionFallbackException(message, null!);
        typeof(Orleans.Serialization.UnavailableExceptionFallbackException).GetProperty("ExceptionType")!.SetValue(fallback, type);
        return fallback;
    }

    [Fact]
    public void The_pools_are_cleared_at_most_once_per_interval()
    {
        var time = new FakeTimeProvider();
        var clears = 0;
        var reset = new ConnectionPoolReset(time, () => clears++);

        reset.TryClear().Should().BeTrue();
        reset.TryClear().Should().BeFalse();
        time.Advance(ConnectionPoolReset.MinimumInterval - TimeSpan.FromMilliseconds(1));
        reset.TryClear().Should().BeFalse();
        time.Advance(TimeSpan.FromMilliseconds(1));
        reset.TryClear().Should().BeTrue();

        clears.Should().Be(2);
    }

    [Fact]
    public async Task A_lost_connection_answers_a_503_problem_without_the_exception_and_clears_the_pools_once()
    {
        var clears = 0;
        var handler = Handler(new ConnectionPoolReset(new FakeTimeProvider(), () => clears++));
        var secret = Postgres(PostgresErrorCodes.AdminShutdown, "terminating connection; SELECT phone FROM contact WHERE phone = '13812345678'");

        var first = Context();
        var second = Context();
        (await handler.TryHandleAsync(first, new InvalidOperationException("wrapped", secret), CancellationToken.None)).Should().BeTrue();
        (await handler.TryHandleAsync(second, secret, CancellationToken.None)).Should().BeTrue();

        first.Response.StatusCode.Should().Be(StatusCodes.Status503ServiceUnavailable);
        first.Response.Headers.RetryAfter.ToString().Should().Be("2");
        var body = Body(first);
        var problem = JsonNode.Parse(body)!;
        problem["type"]!.GetValue<string>().Should().Be(OverloadProblems.ProblemType);
        problem["title"]!.GetValue<string>().Should().Be(OverloadProblems.Title);
        problem["detail"]!.GetValue<string>().Should().Contain("same idempotency key");
        body.Should().NotContainAny("SELECT", "13812345678", "57P01", "terminating", "InvalidOperationException", " at ");
        clears.Should().Be(1, "the second fault within the interval does not clear again");
    }

    [Fact]
    public async Task A_client_that_went_away_gets_no_503_body()
    {
        var handler = Handler(new ConnectionPoolReset(new FakeTimeProvider(), () => { }));
        using var aborted = new CancellationTokenSource();
        await aborted.CancelAsync();
        var context = Context();
        context.RequestAborted = aborted.Token;

        (await handler.TryHandleAsync(context, new OperationCanceledException(aborted.Token), CancellationToken.None)).Should().BeTrue();

        context.Response.StatusCode.Should().Be(StatusCodes.Status499ClientClosedRequest);
        context.Response.Headers.RetryAfter.Should().BeEmpty();
        Body(context).Should().BeEmpty();
    }

    [Fact]
    public async Task A_bug_is_left_to_the_other_handlers()
    {
        var handler = Handler(new ConnectionPoolReset(new FakeTimeProvider(), () => throw new InvalidOperationException("must not clear")));
        var context = Context();

        (await handler.TryHandleAsync(context, new InvalidOperationException("bug"), CancellationToken.None)).Should().BeFalse();
        Body(context).Should().BeEmpty();
    }

    private static OverloadProblems Handler(ConnectionPoolReset pools)
    {
        var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        return new OverloadProblems(services.GetRequiredService<IProblemDetailsService>(), pools, NullLogger<OverloadProblems>.Instance);
    }

    private static DefaultHttpContext Context()
    {
        var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.Headers.Accept = "application/json";
        context.Response.Body = new MemoryStream();
        return context;
    }

    private static string Body(HttpContext context)
    {
        context.Response.Body.Position = 0;
        return new StreamReader(context.Response.Body).ReadToEnd();
    }
}
