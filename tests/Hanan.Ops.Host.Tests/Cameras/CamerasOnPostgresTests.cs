using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hanan.Ops.Host.Hosting;
using Hanan.Ops.Storage.Tests;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using static Hanan.Ops.Host.Tests.Cameras.CameraEvents;

namespace Hanan.Ops.Host.Tests.Cameras;

/// <summary>The camera capability on a real PostgreSQL: what was acknowledged is stored, and survives a restart.</summary>
public sealed class CamerasOnPostgresTests
{
    [Fact]
    public async Task Accepted_reads_are_in_PostgreSQL_when_the_answer_arrives_and_the_vehicle_record_and_alert_survive_a_restart()
    {
        await using var db = await TestDatabase.CreateAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.FromHours(8)));
        var clusterId = "cameras-" + Guid.NewGuid().ToString("N")[..8];
        var plate = NewPlate();
        var now = clock.GetUtcNow();

        await using (var first = new DistrictHostFactory(StorageMode.PostgreSql, db.ConnectionString, clock, clusterId))
        {
            using var client = await EdgeBoxAsync(first);
            var (a, b) = FarApart(first);
            var result = await PostAsync(client, Plate(a, now.AddMinutes(-3), plate, eventId: "pg-1"), Plate(b, now.AddMinutes(-2), plate, eventId: "pg-2"));
            result["accepted"]!.GetValue<int>().Should().Be(2);

            (await CountAsync(db.ConnectionString, $"SELECT count(*) FROM camera_plate_read WHERE plate = '{plate}'")).Should().Be(2);
            (await CountAsync(db.ConnectionString, "SELECT count(*) FROM orleans_grain_state WHERE grain_type = 'camera-vehicle' AND payload IS NOT NULL"))
                .Should().Be(1, "the vehicle's record is written under its own state name");
        }

        await using var second = new DistrictHostFactory(StorageMode.PostgreSql, db.ConnectionString, clock, clusterId);
        using var again = await PoliceAsync(second);
        using var box = await EdgeBoxAsync(second);
        var trajectory = await again.GetFromJsonAsync<JsonObject>(new Uri($"/api/police/vehicles/{plate}/trajectory?reason=重启核查", UriKind.Relative));
        trajectory!["geometry"]!["coordinates"]!.AsArray().Should().HaveCount(2);
        var alerts = await again.GetFromJsonAsync<JsonArray>(new Uri("/api/police/alerts?reason=重启核查", UriKind.Relative));
        alerts!.Any(x => x!["plate"]?.GetValue<string>() == plate && x["kind"]!.GetValue<string>() == "ClonedPlate").Should().BeTrue();
        var repeat = await PostAsync(box, Plate(FarApart(second).A, now.AddMinutes(-3), plate, eventId: "pg-1"));
        repeat["duplicates"]!.GetValue<int>().Should().Be(1, "the repeat is recognised after the restart");
    }

    private static async Task<long> CountAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
