using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hanan.Ops.Domain.Geography;
using Hanan.Ops.Host.Hosting;
using Hanan.Ops.Storage.Tests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Npgsql;

namespace Hanan.Ops.Host.Tests.Hosting;

/// <summary>The whole host on a real PostgreSQL: what was acknowledged survives a restart, and so do its deadlines.</summary>
public sealed class PostgresDurabilityTests
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    [Fact]
    public async Task A_filed_case_and_its_deadlines_survive_a_host_restart_and_the_step_fires_once()
    {
        await using var db = await TestDatabase.CreateAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 9, 30, 16, 0, 0, Beijing));
        var clusterId = "durable-" + Guid.NewGuid().ToString("N")[..8];
        var settings = new Dictionary<string, string?> { ["Hanan:Escalation:ReminderPeriod"] = "00:00:01" };

        // 1. First host: file an appeal and stop.
        string caseUrl;
        DateTimeOffset warningAt;
        await using (var first = new DistrictHostFactory(StorageMode.PostgreSql, db.ConnectionString, clock, clusterId, settings))
        {
            using var client = await Security.SignIn.ClientAsAsync(first, Hanan.Ops.Host.Security.Roles.Dispatcher);
            var point = first.Services.GetRequiredService<DistrictMap>().Grids[3].LabelPoint;
            var response = await client.PostAsJsonAsync(new Uri("/api/appeals", UriKind.Relative), new
            {
                category = "road-damage",
                description = "友协大街路面塌陷，车辆绕行。",
                latitude = point.Y,
                longitude = point.X,
                idempotencyKey = "durability-" + clusterId,
            });
            response.StatusCode.Should().Be(HttpStatusCode.Created);
            caseUrl = response.Headers.Location!.ToString();
            var stored = await client.GetFromJsonAsync<JsonObject>(caseUrl);
            warningAt = stored!["deadlines"]!["resolveWarningAt"]!.GetValue<DateTimeOffset>();
        }

        (await DeadlineRows(db.ConnectionString)).Should().BeGreaterThan(0, "the case's deadlines are stored in PostgreSQL with the case");
        var versionBefore = await CaseStateVersion(db.ConnectionString);

        // 2. Time passes beyond the 75% warning while no host runs.
        clock.SetUtcNow(warningAt + TimeSpan.FromMinutes(1));

        // 3. A new host: without anyone touching the case, the deadline scheduler finds it due and the warning fires.
        await using var second = new DistrictHostFactory(StorageMode.PostgreSql, db.ConnectionString, clock, clusterId, settings);
        using var client2 = await Security.SignIn.ClientAsAsync(second, Hanan.Ops.Host.Security.Roles.Dispatcher);
        await Eventually.HoldsAsync(
            async () => await CaseStateVersion(db.ConnectionString) > versionBefore,
            TimeSpan.FromSeconds(60),
            "the scheduler re-activated the case and stored the warning");

        var afterRestart = await client2.GetFromJsonAsync<JsonObject>(caseUrl);
        afterRestart!["timeline"]!.AsArray().Select(e => e!["action"]!.GetValue<string>()).Where(a => a != "claim-overdue")
            .Should().Equal("filed", "warning");

        // 4. Several more reminder periods: the step must not fire again.
        var settled = await CaseStateVersion(db.ConnectionString);
        await Task.Delay(TimeSpan.FromSeconds(3));
        (await CaseStateVersion(db.ConnectionString)).Should().Be(settled);
        var later = await client2.GetFromJsonAsync<JsonObject>(caseUrl);
        later!["timeline"]!.AsArray().Count(e => e!["action"]!.GetValue<string>() == "warning").Should().Be(1);
    }

    [Fact]
    public async Task Two_hosts_on_one_database_form_one_cluster_and_see_the_same_cases()
    {
        await using var db = await TestDatabase.CreateAsync();
        var clusterId = "pair-" + Guid.NewGuid().ToString("N")[..8];
        await using var a = new DistrictHostFactory(StorageMode.PostgreSql, db.ConnectionString, clusterId: clusterId);
        await using var b = new DistrictHostFactory(StorageMode.PostgreSql, db.ConnectionString, clusterId: clusterId);
        using var clientA = a.CreateRealClient();
        // A token issued by host A is good on host B: the hosts share the signing key.
        using var clientB = await Security.SignIn.ClientAsAsync(a, Hanan.Ops.Host.Security.Roles.Dispatcher);
        clientB.BaseAddress = b.BaseAddress;

        await Eventually.HoldsAsync(
            async () => await ActiveSilos(db.ConnectionString, clusterId) == 2, TimeSpan.FromSeconds(60), "both silos are active members");

        await using var watcherOnB = await Live.LiveClient.ConnectAsync(b.BaseAddress, await Security.SignIn.TokenAsync(a, Hanan.Ops.Host.Security.Roles.Supervision));
        await watcherOnB.Connection.InvokeAsync("JoinSupervision");

        var point = a.Services.GetRequiredService<DistrictMap>().Grids[9].LabelPoint;
        var filed = await clientA.PostAsJsonAsync(new Uri("/api/appeals", UriKind.Relative), new
        {
            category = "noise",
            description = "夜间施工噪声扰民。",
            latitude = point.Y,
            longitude = point.X,
            idempotencyKey = "pair-" + clusterId,
        });
        filed.StatusCode.Should().Be(HttpStatusCode.Created);

        var seenFromB = await clientB.GetFromJsonAsync<JsonObject>(filed.Headers.Location!.ToString());
        var receipt = await filed.Content.ReadFromJsonAsync<JsonObject>();
        seenFromB!["number"]!.GetValue<string>().Should().Be(receipt!["caseNumber"]!.GetValue<string>());

        // A screen connected to host B sees the case filed through host A, live.
        await watcherOnB.NextAsync(m => m["number"]!.GetValue<string>() == receipt["caseNumber"]!.GetValue<string>(),
            TimeSpan.FromSeconds(15), "a supervision client on host B receives the activity raised through host A");
    }

    private static async Task<long> ActiveSilos(string connectionString, string clusterId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        // Status 3 is SiloStatus.Active.
        await using var command = new NpgsqlCommand("SELECT count(*) FROM orleans_membership WHERE deployment_id = @cluster AND status = 3", connection);
        command.Parameters.AddWithValue("cluster", clusterId);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<long> DeadlineRows(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM case_deadline", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<long> CaseStateVersion(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT coalesce(max(version), 0) FROM case_record", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
