using Hanan.Ops.Contracts.Appeals;
using Hanan.Ops.Domain.Appeals;
using Hanan.Ops.Domain.Calendar;
using Hanan.Ops.Domain.Geography;
using Hanan.Ops.Grains;
using Hanan.Ops.Grains.Appeals;
using Hanan.Ops.Host.Hosting;
using Hanan.Ops.Storage.Tests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Orleans.Storage;

namespace Hanan.Ops.Host.Tests.Hosting;

/// <summary>
/// Upgrading a district whose cases were kept by an earlier version: in the Orleans grain storage (state name
/// <c>case</c>), with a reminder per case. Schema 0050 registers a deadline due at once for each unfinished case; the
/// schedulers then bring each case into the case store with its real deadlines, without anyone opening it.
/// </summary>
public sealed class CaseUpgradeTests
{
    [Fact]
    public async Task A_case_kept_in_the_grain_storage_moves_into_the_case_store_with_its_deadlines_without_being_opened()
    {
        await using var db = await TestDatabase.CreateAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 9, 30, 16, 0, 0, TimeSpan.FromHours(8)));
        var settings = new Dictionary<string, string?> { ["Hanan:Escalation:Poll"] = "00:00:00.200" };
        await using var host = new DistrictHostFactory(StorageMode.PostgreSql, db.ConnectionString, clock, "upgrade-" + Guid.NewGuid().ToString("N")[..8], settings);
        using var _ = host.CreateClient();
        var services = host.Services;

        // What an earlier version left: the case in the grain storage under its state name…
        var id = CaseIdentity.FromIdempotencyKey("upgrade-" + Guid.NewGuid());
        var grid = services.GetRequiredService<DistrictMap>().Grids[5];
        var category = services.GetRequiredService<RoutingTable>().FindCategory("sanitation")!;
        var calendar = services.GetRequiredService<Hanan.Ops.Grains.Calendar.LiveCalendar>().Current;
        var now = clock.GetUtcNow();
        var file = CaseFile.Open(id, "HN-2026-900001", category.Code, category.LeadBureau, category.CoHandlers, category.Emergency, now,
            category.Limits.Claim, category.Limits.Resolve, calendar);
        var legacy = new CaseState
        {
            Appeal = new FileAppeal("legacy-key-0001", "sanitation|垃圾未清运", category.Code, "垃圾未清运", new GeoPoint(grid.LabelPoint.Y, grid.LabelPoint.X),
                null, grid.Code, grid.CommunityCode, grid.StreetCode, [], null, AppealChannel.Citizen, new Actor("citizen-1", "citizen")),
            File = CaseFileJson.Serialize(file),
            FeedbackDue = now.AddDays(2),
            Timeline = [new TimelineEntry(1, now, new Actor("citizen-1", "citizen"), "filed", "受理诉求", null, file.Status, true)],
        };
        var grainId = services.GetRequiredService<IGrainFactory>().GetGrain<ICaseGrain>(id).GetGrainId();
        await services.GetRequiredKeyedService<IGrainStorage>(StorageProviders.District)
            .WriteStateAsync("case", grainId, new GrainState<CaseState>(legacy));
        // …and the row script 0050 registers for every unfinished case (partition 0, due at once: now() there, the
        // district clock's now here, which this test holds in September).
        await Sql(db.ConnectionString, "INSERT INTO case_deadline (case_id, kind, due_at, partition) VALUES (@id, 'upgrade', @now, 0)", id, now);

        await Eventually.HoldsAsync(
            async () => await Count(db.ConnectionString, "SELECT count(*) FROM case_record WHERE id = @id", id) == 1,
            TimeSpan.FromSeconds(30), "the scheduler activated the case, which moved into the case store");

        (await Count(db.ConnectionString, "SELECT count(*) FROM case_summary WHERE id = @id AND number = 'HN-2026-900001'", id)).Should().Be(1);
        (await Count(db.ConnectionString, "SELECT count(*) FROM case_deadline WHERE case_id = @id AND kind = 'upgrade'", id)).Should().Be(0);
        (await Count(db.ConnectionString, "SELECT count(*) FROM case_deadline WHERE case_id = @id AND kind = 'escalation:Warning'", id)).Should().Be(1);
        (await Count(db.ConnectionString, "SELECT count(*) FROM audit_log WHERE action = 'case.upgrade' AND target = 'HN-2026-900001'", id)).Should().Be(1);
    }

    private static async Task Sql(string connectionString, string sql, Guid id, DateTimeOffset now)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("now", now.ToUniversalTime());
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> Count(string connectionString, string sql, Guid id)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("id", id);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
