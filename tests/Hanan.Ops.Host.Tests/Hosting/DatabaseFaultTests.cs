using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hanan.Ops.Domain.Geography;
using Hanan.Ops.Host.Hosting;
using Hanan.Ops.Host.Security;
using Hanan.Ops.Host.Tests.Security;
using Hanan.Ops.Storage.Tests;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Hanan.Ops.Host.Tests.Hosting;

/// <summary>
/// The real host on a real PostgreSQL whose connections an administrator terminates (pg_terminate_backend, SQLSTATE
/// 57P01) while they idle in the host's pools: the next request answers 503 with Retry-After, and the retries succeed
/// because the pools were cleared; a grain whose storage statement fails answers 503 too. One class, so that the tests
/// do not clear each other's pools.
/// </summary>
public sealed class DatabaseFaultTests
{
    private const int IdleConnections = 4;

    [Fact]
    public async Task A_terminated_database_connection_answers_503_with_retry_after_and_the_retry_succeeds()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var host = new DistrictHostFactory(StorageMode.PostgreSql, db.ConnectionString);
        using var dispatcher = await host.ClientAsAsync(Roles.Dispatcher);
        var cases = new Uri("/api/cases?limit=5", UriKind.Relative);
        (await dispatcher.GetAsync(cases)).StatusCode.Should().Be(HttpStatusCode.OK);

        // A case read once: its grain is active (no database on the next read), and the audit log's pool holds a connection.
        var point = host.Services.GetRequiredService<DistrictMap>().Grids[7].LabelPoint;
        var filed = await dispatcher.PostAsJsonAsync(new Uri("/api/appeals", UriKind.Relative), new
        {
            category = "road-damage", description = "路面坑洼。", latitude = point.Y, longitude = point.X, idempotencyKey = "warm-" + Guid.NewGuid(),
        });
        filed.StatusCode.Should().Be(HttpStatusCode.Created);
        var caseUrl = filed.Headers.Location!;
        (await dispatcher.GetAsync(caseUrl)).StatusCode.Should().Be(HttpStatusCode.OK);

        // The case is listed as soon as it is stored (its list row is in its commit), but its activity still travels in
        // the background: to its grid, whose grain reads the grid's population from the read side when it activates.
        // Once the grid counts the case, nothing else is about to use (and so find dead, and clear) the read side's
        // pool before the request under test.
        (await dispatcher.GetFromJsonAsync<JsonObject>(cases))!["items"]!.AsArray().Should().ContainSingle("the filed case is listed");
        var grid = host.Services.GetRequiredService<DistrictMap>().Grids[7].Code;
        await Eventually.HoldsAsync(
            async () => (await dispatcher.GetFromJsonAsync<JsonObject>(new Uri($"/api/grids/{grid}/figures", UriKind.Relative)))!["openCases"]!.GetValue<int>() == 1,
            TimeSpan.FromSeconds(30), "the filed case reached its grid's figures");

        // Several connections idle in the read side's pool; all of the host's connections die. The host's own background
        // work (the activity of the case travelling on, the pipeline's partition grains) may meet a dead connection
        // first, and Npgsql then clears that pool: the request then rightly answers 200 and the fault is set up again.
        // Any answer but 200 or 503 fails the test, and a 503 must come.
        HttpResponseMessage? failed = null;
        for (var attempt = 0; attempt < 5 && failed is null; attempt++)
        {
            await FillPoolAsync(() => host.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync());
            await TerminateHostConnectionsAsync(db);
            var response = await dispatcher.GetAsync(cases);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                failed = response;
            }
        }

        failed.Should().NotBeNull("a request meeting a terminated connection answers 503 (seen within five terminations)");
        await ShouldBeUnavailableAsync(failed!);

        // The retry gets a fresh connection, not the next dead one.
        (await dispatcher.GetAsync(cases)).StatusCode.Should().Be(HttpStatusCode.OK);

        // Npgsql clears the one pool whose connection broke; the host cleared the others with the first fault, so the
        // audit log's append (the case view is audited) does not fail on its dead pooled connection either. (Checked:
        // with the host's pool reset disabled, this request answers 503.)
        (await dispatcher.GetAsync(caseUrl)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_filing_whose_grain_fails_on_the_database_answers_503_and_the_retry_with_the_same_key_files_the_case()
    {
        await using var db = await TestDatabase.CreateAsync();
        // The server gives up waiting for a lock after a second (SQLSTATE 55P03, transient) instead of hanging the call.
        var connectionString = new NpgsqlConnectionStringBuilder(db.ConnectionString) { Options = "-c lock_timeout=1000" }.ConnectionString;
        await using var host = new DistrictHostFactory(StorageMode.PostgreSql, connectionString);
        using var client = host.CreateRealClient();
        var point = host.Services.GetRequiredService<DistrictMap>().Grids[12].LabelPoint;
        object Appeal(string key) => new
        {
            category = "road-damage",
            description = "井盖缺失，夜间危险。",
            latitude = point.Y,
            longitude = point.X,
            idempotencyKey = key,
            contact = new { name = "赵先生", phone = "13912345678" },
        };
        var appeals = new Uri("/api/appeals", UriKind.Relative);
        (await client.PostAsJsonAsync(appeals, Appeal("warm-" + Guid.NewGuid()))).StatusCode.Should().Be(HttpStatusCode.Created);
        var key = "fault-" + Guid.NewGuid();

        // An operator's long migration holds the grain state table: the new case grain cannot read its state.
        await using (var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(db.ConnectionString) { Pooling = false }.ConnectionString))
        {
            await admin.OpenAsync();
            await using var migration = await admin.BeginTransactionAsync();
            await using (var hold = new NpgsqlCommand("LOCK TABLE orleans_grain_state IN ACCESS EXCLUSIVE MODE", admin, migration))
            {
                await hold.ExecuteNonQueryAsync();
            }

            await ShouldBeUnavailableAsync(await client.PostAsJsonAsync(appeals, Appeal(key)));
            await migration.RollbackAsync();
        }

        var retried = await client.PostAsJsonAsync(appeals, Appeal(key));
        retried.StatusCode.Should().Be(HttpStatusCode.Created, "nothing was stored by the failed filing");
        (await client.PostAsJsonAsync(appeals, Appeal(key))).StatusCode.Should().Be(HttpStatusCode.OK, "the case was stored once; this is a replay");
    }

    private static async Task ShouldBeUnavailableAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable, body);
        response.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(OverloadProblems.RetryAfterSeconds));
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = JsonNode.Parse(body)!;
        problem["type"]!.GetValue<string>().Should().Be(OverloadProblems.ProblemType);
        problem["status"]!.GetValue<int>().Should().Be(503);
        problem["detail"]!.GetValue<string>().Should().Contain("same idempotency key");
        body.Should().NotContainAny("57P01", "terminating", "administrator", "SELECT", "INSERT", "Npgsql", "Exception", " at ");
    }

    /// <summary>Opens several connections at once and returns them, so they idle in the pool.</summary>
    private static async Task FillPoolAsync(Func<ValueTask<NpgsqlConnection>> open)
    {
        var connections = new List<NpgsqlConnection>();
        for (var i = 0; i < IdleConnections; i++)
        {
            connections.Add(await open());
        }

        foreach (var connection in connections)
        {
            await connection.DisposeAsync();
        }
    }

    /// <summary>What an administrator does: pg_terminate_backend on every connection to the host's database, and waits until they are gone.</summary>
    private static async Task TerminateHostConnectionsAsync(TestDatabase db)
    {
        var admin = new NpgsqlConnectionStringBuilder(TestDatabase.ServerConnectionString) { Database = "postgres", Pooling = false }.ConnectionString;
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        int[] terminated;
        await using (var terminate = new NpgsqlCommand(
            // The targets are chosen first (a materialized CTE): in one WHERE, PostgreSQL may call pg_terminate_backend
            // before it filters by database, and terminate every connection of the server.
            """
            WITH targets AS MATERIALIZED (SELECT pid FROM pg_stat_activity WHERE datname = @db AND pid <> pg_backend_pid())
            SELECT coalesce(array_agg(pid), '{}') FROM targets WHERE pg_terminate_backend(pid)
            """,
            connection))
        {
            terminate.Parameters.AddWithValue("db", db.Name);
            terminated = (int[])(await terminate.ExecuteScalarAsync())!;
        }

        terminated.Length.Should().BeGreaterThanOrEqualTo(IdleConnections, "the host held pooled connections to terminate");
        await Eventually.HoldsAsync(async () =>
        {
            await using var alive = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE pid = ANY(@pids)", connection);
            alive.Parameters.AddWithValue("pids", terminated);
            return (long)(await alive.ExecuteScalarAsync())! == 0;
        }, TimeSpan.FromSeconds(10), "every terminated connection of the host is gone");
    }
}
