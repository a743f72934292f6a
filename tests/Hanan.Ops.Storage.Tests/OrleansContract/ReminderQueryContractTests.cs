using static Hanan.Ops.Storage.Tests.OrleansContract.StoredQuery;

namespace Hanan.Ops.Storage.Tests.OrleansContract;

/// <summary>
/// The reminder statements, run with the parameter names and types the 10.4.2 reminder provider
/// binds (its table class is internal): ring ranges, ETags and the wide period type.
/// </summary>
public sealed class ReminderQueryContractTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    private static readonly DateTime Start = new(2026, 3, 1, 6, 30, 0, DateTimeKind.Utc);

    private static readonly string[] ReminderColumns = ["GrainId", "ReminderName", "StartTime", "Period", "Version"];

    [Fact]
    public async Task Range_reads_follow_the_ring_with_exclusive_begin_and_inclusive_end()
    {
        int[] hashes = [int.MinValue, -100, 0, 5, 100, int.MaxValue];
        foreach (var hash in hashes)
        {
            await UpsertAsync("ring", $"probe/{hash}", hash, TimeSpan.FromMinutes(1));
        }

        (await RangeAsync("ReadRangeRows1Key", 0, 100)).Should().BeEquivalentTo([5, 100]);
        (await RangeAsync("ReadRangeRows1Key", int.MinValue, -100)).Should().BeEquivalentTo([-100]);
        (await RangeAsync("ReadRangeRows2Key", 100, 0)).Should().BeEquivalentTo([int.MaxValue, int.MinValue, -100, 0]);
        (await RangeAsync("ReadRangeRows2Key", 5, 5)).Should().BeEquivalentTo(hashes, "begin = end is the whole ring");
    }

    [Fact]
    public async Task Each_upsert_returns_a_new_etag_and_a_delete_needs_the_current_one()
    {
        var thirtyDays = TimeSpan.FromDays(30);
        (await UpsertAsync("etags", "probe/a", 7, TimeSpan.FromMinutes(1))).Should().Be(1);
        (await UpsertAsync("etags", "probe/a", 7, thirtyDays)).Should().Be(2);
        await UpsertAsync("etags-neighbour", "probe/a", 7, TimeSpan.FromMinutes(1));

        var row = (await RunAsync(database.ConnectionString, "ReadReminderRowKey",
            Text("ServiceId", "etags"), Text("GrainId", "probe/a"), Text("ReminderName", "tick"))).Should().ContainSingle().Subject;
        row.Should().Equal(new Dictionary<string, object?>
        {
            ["GrainId"] = "probe/a",
            ["ReminderName"] = "tick",
            ["StartTime"] = Start,
            ["Period"] = (long)thirtyDays.TotalMilliseconds,
            ["Version"] = 2,
        });

        (await RunAsync(database.ConnectionString, "ReadReminderRowsKey", Text("ServiceId", "etags"), Text("GrainId", "probe/a")))
            .Should().ContainSingle().Which.Should().Equal(row);

        (await DeleteAsync("etags", "probe/a", version: 1)).Should().BeFalse();
        (await DeleteAsync("etags", "probe/a", version: 2)).Should().BeTrue();
        (await RunAsync(database.ConnectionString, "ReadReminderRowsKey", Text("ServiceId", "etags"), Text("GrainId", "probe/a")))
            .Should().BeEmpty();

        await RunAsync(database.ConnectionString, "DeleteReminderRowsKey", Text("ServiceId", "etags-neighbour"));
        (await RunAsync(database.ConnectionString, "ReadReminderRowsKey", Text("ServiceId", "etags-neighbour"), Text("GrainId", "probe/a")))
            .Should().BeEmpty();
    }

    // The provider binds the period as int4 while it fits, as int8 beyond.
    private async Task<int> UpsertAsync(string serviceId, string grainId, int grainHash, TimeSpan period)
    {
        var milliseconds = (long)period.TotalMilliseconds;
        var rows = await RunAsync(database.ConnectionString, "UpsertReminderRowKey",
            Text("ServiceId", serviceId),
            Int("GrainHash", grainHash),
            Text("GrainId", grainId),
            Text("ReminderName", "tick"),
            Time("StartTime", Start),
            milliseconds <= int.MaxValue ? Int("Period", (int)milliseconds) : Long("Period", milliseconds));
        return (int)rows.Should().ContainSingle().Subject["Version"]!;
    }

    private async Task<bool> DeleteAsync(string serviceId, string grainId, int version)
    {
        var rows = await RunAsync(database.ConnectionString, "DeleteReminderRowKey",
            Text("ServiceId", serviceId), Text("GrainId", grainId), Text("ReminderName", "tick"), Int("Version", version));
        return (bool)rows.Should().ContainSingle().Subject.Values.Should().ContainSingle().Subject!;
    }

    private async Task<IEnumerable<int>> RangeAsync(string key, int beginHash, int endHash)
    {
        var rows = await RunAsync(database.ConnectionString, key,
            Text("ServiceId", "ring"), Int("BeginHash", beginHash), Int("EndHash", endHash));
        rows.Should().AllSatisfy(r => r.Keys.Should().BeEquivalentTo(ReminderColumns));
        return rows.Select(r => int.Parse(((string)r["GrainId"]!)["probe/".Length..], System.Globalization.CultureInfo.InvariantCulture));
    }
}
