using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hanan.Ops.Host.Hosting;
using Hanan.Ops.Host.Security;
using Hanan.Ops.Storage.Tests;
using Npgsql;

namespace Hanan.Ops.Host.Tests.Security;

/// <summary>The audit log of a durable host: written to PostgreSQL, verified by the auditor, and tampering named.</summary>
public sealed class AuditLogOnPostgresTests
{
    [Fact]
    public async Task The_auditor_verifies_the_durable_log_and_is_told_which_record_was_altered_in_the_database()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var factory = new DistrictHostFactory(StorageMode.PostgreSql, db.ConnectionString);
        using var auditor = await factory.ClientAsAsync(Roles.Auditor, "auditor-pg");
        using var dispatcher = await factory.ClientAsAsync(Roles.Dispatcher, "dispatcher-pg");
        await dispatcher.GetAsync(new Uri($"/api/cases/{Guid.NewGuid()}", UriKind.Relative));
        using var administrator = await factory.ClientAsAsync(Roles.Administrator, "admin-pg");
        await administrator.GetAsync(new Uri("/api/audit/verify", UriKind.Relative));

        var intact = await auditor.GetFromJsonAsync<JsonObject>(new Uri("/api/audit/verify", UriKind.Relative));
        var rows = await CountAsync(db.ConnectionString, "SELECT count(*) FROM audit_log");
        var denied = await CountAsync(db.ConnectionString, "SELECT count(*) FROM audit_log WHERE action = 'access.denied' AND actor = 'admin-pg'");
        await using (var connection = new NpgsqlConnection(db.ConnectionString))
        {
            await connection.OpenAsync();
            await using var tamper = new NpgsqlCommand(
                "SET session_replication_role = replica; UPDATE audit_log SET outcome = 'Success' WHERE action = 'access.denied' AND actor = 'admin-pg'", connection);
            await tamper.ExecuteNonQueryAsync();
        }

        var tampered = await auditor.GetFromJsonAsync<JsonObject>(new Uri("/api/audit/verify", UriKind.Relative));

        intact!["isIntact"]!.GetValue<bool>().Should().BeTrue();
        rows.Should().BeGreaterThanOrEqualTo(5, "four sign-ins and a refused request at least");
        denied.Should().Be(1);
        tampered!["isIntact"]!.GetValue<bool>().Should().BeFalse();
        tampered["break"]!.GetValue<string>().Should().Be("Altered");
        var brokenAt = tampered["brokenAt"]!.GetValue<long>();
        (await CountAsync(db.ConnectionString, $"SELECT count(*) FROM audit_log WHERE sequence = {brokenAt} AND actor = 'admin-pg' AND action = 'access.denied'"))
            .Should().Be(1, "the verification names the altered record");
    }

    private static async Task<long> CountAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
