using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hanan.Ops.Domain.Cameras.Simulation;
using Hanan.Ops.Host.Hosting;
using Hanan.Ops.Storage.Tests;
using Microsoft.Extensions.DependencyInjection;
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
        }

        // The vehicle's record is a checkpoint, written behind the reads (on a timer and when the host stops).
        (await CountAsync(db.ConnectionString, "SELECT count(*) FROM orleans_grain_state WHERE grain_type = 'camera-vehicle' AND payload IS NOT NULL"))
            .Should().Be(1, "the vehicle's checkpoint is written under its own state name");

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

    [Fact]
    public async Task A_vehicle_lost_between_checkpoints_is_rebuilt_from_the_log_with_its_trajectory_first_seen_and_fence_stay_and_no_duplicate_alert()
    {
        await using var db = await TestDatabase.CreateAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.FromHours(8)));
        var clusterId = "replay-" + Guid.NewGuid().ToString("N")[..8];
        // Only deactivation writes a checkpoint here, so the test decides which checkpoint is on disk.
        var settings = new Dictionary<string, string?> { ["Hanan:Cameras:VehicleCheckpointEvery"] = "01:00:00" };
        var plate = NewPlate();
        var now = clock.GetUtcNow();
        CameraSite inside, outside;
        List<string> alertsBefore;
        byte[] checkpointPayload;
        int checkpointVersion;

        await using (var first = new DistrictHostFactory(StorageMode.PostgreSql, db.ConnectionString, clock, clusterId, settings))
        {
            using var police = await PoliceAsync(first);
            using var box = await EdgeBoxAsync(first);
            var route = Route(first, 2);
            (inside, outside) = (route[0], route[1]);
            const double d = 0.0005;
            double[][] square = [[inside.Longitude - d, inside.Latitude - d], [inside.Longitude + d, inside.Latitude - d],
                [inside.Longitude + d, inside.Latitude + d], [inside.Longitude - d, inside.Latitude + d], [inside.Longitude - d, inside.Latitude - d]];
            var fence = await police.PutAsJsonAsync(new Uri("/api/fences/replay-yard", UriKind.Relative),
                new { name = "回放测试场", ring = square, onEnter = true, onExit = true, dwellMinutes = 10 });
            fence.StatusCode.Should().Be(System.Net.HttpStatusCode.OK);

            // 1. The vehicle enters the fence; its checkpoint is written when it is deactivated.
            (await PostAsync(box, Plate(inside, now.AddMinutes(-60), plate, eventId: "rp-1")))["accepted"]!.GetValue<int>().Should().Be(1);
            await first.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
            (checkpointPayload, checkpointVersion) = await CheckpointAsync(db.ConnectionString);

            // 2. More reads after that checkpoint: a dwell in the fence, and a late read earlier than any before.
            (await PostAsync(box, Plate(inside, now.AddMinutes(-40), plate, eventId: "rp-2"), Plate(outside, now.AddMinutes(-90), plate, eventId: "rp-3")))
                ["accepted"]!.GetValue<int>().Should().Be(2);
            alertsBefore = await AlertsOfAsync(police, plate);
            alertsBefore.Should().HaveCount(2, "a fence entry and a dwell");
        }

        // 3. As if the host had died before the next checkpoint: the one written before step 2 is what is on disk.
        await RestoreCheckpointAsync(db.ConnectionString, checkpointPayload, checkpointVersion);

        await using var second = new DistrictHostFactory(StorageMode.PostgreSql, db.ConnectionString, clock, clusterId, settings);
        using var again = await PoliceAsync(second);
        using var box2 = await EdgeBoxAsync(second);
        var trajectory = await again.GetFromJsonAsync<JsonObject>(new Uri($"/api/police/vehicles/{plate}/trajectory?reason=回放核查", UriKind.Relative));
        var path = trajectory!["geometry"]!["coordinates"]!.AsArray();
        path.Should().HaveCount(2, "the late read outside, then the stay inside (two reads at one camera are one point)");
        path[0]![1]!.GetValue<double>().Should().BeApproximately(outside.Latitude, 1e-6);
        var profile = await again.GetFromJsonAsync<JsonObject>(new Uri($"/api/police/vehicles/{plate}/profile?reason=回放核查", UriKind.Relative));
        profile!["reads"]!.GetValue<int>().Should().Be(3, "every acknowledged read is replayed from the log");
        profile!["firstSeen"]!.GetValue<DateTimeOffset>().Should().Be(now.AddMinutes(-90), "the late read moved first appearance earlier");
        (await AlertsOfAsync(again, plate)).Should().BeEquivalentTo(alertsBefore, "replayed alerts have the same ids and the board keeps one of each");

        // The fence stay and its reported dwell came back too: no second dwell while still inside, an exit when it leaves.
        (await PostAsync(box2, Plate(inside, now.AddMinutes(-20), plate, eventId: "rp-4")))["accepted"]!.GetValue<int>().Should().Be(1);
        (await AlertsOfAsync(again, plate)).Should().HaveCount(2);
        (await PostAsync(box2, Plate(outside, now.AddMinutes(-10), plate, eventId: "rp-5")))["accepted"]!.GetValue<int>().Should().Be(1);
        var alertsAfter = await again.GetFromJsonAsync<JsonArray>(new Uri("/api/police/alerts?reason=回放核查", UriKind.Relative));
        alertsAfter!.Where(x => x!["plate"]?.GetValue<string>() == plate).Select(x => x!["kind"]!.GetValue<string>())
            .Should().BeEquivalentTo(["FenceEnter", "FenceDwell", "FenceExit"]);
    }

    [Fact]
    public async Task An_alert_raised_and_acknowledged_is_listed_with_its_steps_after_a_restart_and_acknowledging_it_rewrote_no_other_alert()
    {
        await using var db = await TestDatabase.CreateAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.FromHours(8)));
        var clusterId = "alerts-" + Guid.NewGuid().ToString("N")[..8];
        var (plate, other) = (NewPlate(), NewPlate("67"));
        var now = clock.GetUtcNow();
        string acknowledged, untouched;

        await using (var first = new DistrictHostFactory(StorageMode.PostgreSql, db.ConnectionString, clock, clusterId))
        {
            using var box = await EdgeBoxAsync(first);
            using var police = await PoliceAsync(first);
            var (a, b) = FarApart(first);
            await PostAsync(box, Plate(a, now.AddMinutes(-3), plate), Plate(b, now.AddMinutes(-2), plate));
            await PostAsync(box, Plate(a, now.AddMinutes(-3), other), Plate(b, now.AddMinutes(-2), other));
            (acknowledged, untouched) = ((await AlertsOfAsync(police, plate)).Single(), (await AlertsOfAsync(police, other)).Single());
            var before = await XminAsync(db.ConnectionString);

            var ack = await police.PostAsJsonAsync(new Uri($"/api/alerts/{acknowledged}/acknowledge", UriKind.Relative), new { note = "已派员核查" });
            ack.StatusCode.Should().Be(System.Net.HttpStatusCode.OK);

            var after = await XminAsync(db.ConnectionString);
            after[untouched].Should().Be(before[untouched], "acknowledging one alert writes its row only");
            after[acknowledged].Should().NotBe(before[acknowledged]);
        }

        (await CountAsync(db.ConnectionString, "SELECT count(*) FROM camera_alert")).Should().Be(2);
        (await CountAsync(db.ConnectionString, "SELECT count(*) FROM orleans_grain_state WHERE grain_type = 'camera-alerts'"))
            .Should().Be(0, "the board keeps no grain state");

        await using var second = new DistrictHostFactory(StorageMode.PostgreSql, db.ConnectionString, clock, clusterId);
        using var again = await PoliceAsync(second);
        var alerts = await again.GetFromJsonAsync<JsonArray>(new Uri("/api/police/alerts?reason=重启核查", UriKind.Relative));
        var alert = alerts!.Single(x => x!["id"]!.GetValue<string>() == acknowledged)!;
        alert["status"]!.GetValue<string>().Should().Be("Acknowledged");
        alert["plate"]!.GetValue<string>().Should().Be(plate);
        alert["steps"]!.AsArray().Select(s => (s!["status"]!.GetValue<string>(), s["actor"]!.GetValue<string>(), s["note"]?.GetValue<string>()))
            .Should().Equal(("New", "system", null), ("Acknowledged", Officer, "已派员核查"));
        alerts!.Single(x => x!["id"]!.GetValue<string>() == untouched)!["status"]!.GetValue<string>().Should().Be("New");
    }

    private static async Task<List<string>> AlertsOfAsync(HttpClient police, string plate)
    {
        var alerts = await police.GetFromJsonAsync<JsonArray>(new Uri("/api/police/alerts?reason=回放核查", UriKind.Relative));
        return [.. alerts!.Where(x => x!["plate"]?.GetValue<string>() == plate).Select(x => x!["id"]!.GetValue<string>())];
    }

    private static async Task<(byte[] Payload, int Version)> CheckpointAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT payload, version FROM orleans_grain_state WHERE grain_type = 'camera-vehicle' AND payload IS NOT NULL", connection);
        await using var reader = await command.ExecuteReaderAsync();
        (await reader.ReadAsync()).Should().BeTrue("the deactivated vehicle wrote its checkpoint");
        return (reader.GetFieldValue<byte[]>(0), reader.GetInt32(1));
    }

    private static async Task RestoreCheckpointAsync(string connectionString, byte[] payload, int version)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("UPDATE orleans_grain_state SET payload = @payload, version = @version WHERE grain_type = 'camera-vehicle'", connection);
        command.Parameters.Add(new NpgsqlParameter<byte[]>("payload", payload));
        command.Parameters.Add(new NpgsqlParameter<int>("version", version));
        (await command.ExecuteNonQueryAsync()).Should().Be(1);
    }

    /// <summary>Each alert row's xmin: the transaction that last wrote it.</summary>
    private static async Task<Dictionary<string, string>> XminAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT id::text, xmin::text FROM camera_alert", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new Dictionary<string, string>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0), reader.GetString(1));
        }

        return rows;
    }

    private static async Task<long> CountAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
