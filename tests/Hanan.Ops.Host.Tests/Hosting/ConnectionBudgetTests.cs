using System.Net;
using System.Net.Http.Json;
using Hanan.Ops.Domain.Geography;
using Hanan.Ops.Host.Hosting;
using Hanan.Ops.Storage.Tests;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Hanan.Ops.Host.Tests.Hosting;

/// <summary>
/// A host opens at most <see cref="StorageOptions.TotalConnections"/> connections to PostgreSQL, however hard it is
/// pushed: PostgreSQL refuses clients beyond max_connections, and a refused connection turns into failed activations.
/// </summary>
public sealed class ConnectionBudgetTests
{
    [Fact]
    public async Task A_host_under_load_stays_within_its_connection_budget()
    {
        await using var db = await TestDatabase.CreateAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Hanan:Storage:GrainPoolSize"] = "6",
            ["Hanan:Storage:ReadModelPoolSize"] = "3",
            ["Hanan:Storage:AuditPoolSize"] = "2",
            ["Hanan:Security:Limits:IntakePerAddressPerMinute"] = "100000",
        };
        var budget = new StorageOptions { GrainPoolSize = 6, ReadModelPoolSize = 3, AuditPoolSize = 2 }.TotalConnections;
        await using var host = new DistrictHostFactory(StorageMode.PostgreSql, db.ConnectionString, settings: settings);
        using var client = await Security.SignIn.ClientAsAsync(host, Hanan.Ops.Host.Security.Roles.Dispatcher);
        var grids = host.Services.GetRequiredService<DistrictMap>().Grids;

        var peak = 0L;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                peak = Math.Max(peak, await Connections(db.ConnectionString));
                await Task.Delay(20);
            }
        });

        // Filings (grain state, reminders, the read model's writes), lists and figures (the read model), case reads
        // (the audit log) and readiness checks, all at once.
        var work = Enumerable.Range(0, 120).Select(async i =>
        {
            var point = grids[i % grids.Count].LabelPoint;
            var filed = await client.PostAsJsonAsync(new Uri("/api/appeals", UriKind.Relative), new
            {
                category = "road-damage",
                description = "路面破损，请尽快修补。",
                latitude = point.Y,
                longitude = point.X,
                idempotencyKey = $"budget-{i}",
            });
            filed.StatusCode.Should().Be(HttpStatusCode.Created);
            (await client.GetAsync(filed.Headers.Location)).StatusCode.Should().Be(HttpStatusCode.OK);
            (await client.GetAsync(new Uri("/api/cases?limit=20", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);
            (await client.GetAsync(new Uri("/api/stats?grouping=district", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);
            (await client.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);
        });
        await Task.WhenAll(work);
        await stop.CancelAsync();
        await sampler;

        peak.Should().BeGreaterThan(0, "the sampler saw the host's connections");
        peak.Should().BeLessThanOrEqualTo(budget, "the pools are shared and capped: {0} for Orleans, the read side, the audit log and the readiness check", budget);
    }

    /// <summary>Client connections to the test database now (not parallel-query workers), other than this query's own.</summary>
    private static async Task<long> Connections(string connectionString)
    {
        var admin = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE datname = @db AND backend_type = 'client backend' AND pid <> pg_backend_pid()", connection);
        command.Parameters.AddWithValue("db", new NpgsqlConnectionStringBuilder(connectionString).Database!);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
