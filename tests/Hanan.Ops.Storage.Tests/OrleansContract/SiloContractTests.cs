using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Runtime;
using Orleans.Storage;
using Xunit.Abstractions;

namespace Hanan.Ops.Storage.Tests.OrleansContract;

/// <summary>
/// Real silos on the migrated schema: if the stored queries, their parameters or their result columns
/// drift from what the 10.4.2 providers expect, these silos fail to start or misbehave.
/// </summary>
public sealed class SiloContractTests(MigratedDatabase database, ITestOutputHelper output) : IClassFixture<MigratedDatabase>
{
    private string ConnectionString => database.ConnectionString;

    [Fact]
    public async Task Grain_state_written_on_one_silo_is_read_by_the_next_and_clearing_keeps_or_deletes_the_row()
    {
        const string key = "lamp-17";
        var first = await TestSilo.StartSiloAsync(ConnectionString, "state", output);
        try
        {
            var grain = first.Services.GetRequiredService<IGrainFactory>().GetGrain<IStateProbeGrain>(key);
            await grain.Write("amber");
            await grain.Write("green");
            (await grain.Read()).Should().Be(("green", "2"));
        }
        finally
        {
            await TestSilo.StopAllAsync(first);
        }

        (await StoredStatesAsync(key)).Should().Equal(("contractProbe", false, 2), ("contractProbeDeleted", false, 2));

        var second = await TestSilo.StartSiloAsync(ConnectionString, "state", output);
        try
        {
            var grain = second.Services.GetRequiredService<IGrainFactory>().GetGrain<IStateProbeGrain>(key);
            (await grain.Read()).Should().Be(("green", "2"));

            await grain.Clear();

            (await grain.Read()).Should().Be(((string?)null, "3"));
        }
        finally
        {
            await TestSilo.StopAllAsync(second);
        }

        (await StoredStatesAsync(key)).Should().Equal(("contractProbe", true, 3));
    }

    [Fact]
    public async Task A_stale_activation_that_writes_gets_InconsistentStateException_and_reloads_on_the_next_call()
    {
        // Two clusters of one service share the grain storage but not their activations, so each
        // cluster holds its own copy of the grain: the situation ETags exist for.
        IHost? a = null, b = null;
        try
        {
            a = await TestSilo.StartSiloAsync(ConnectionString, "stale-a", output);
            b = await TestSilo.StartSiloAsync(ConnectionString, "stale-b", output);
            var onA = a.Services.GetRequiredService<IGrainFactory>().GetGrain<IStateProbeGrain>("pump-3");
            var onB = b.Services.GetRequiredService<IGrainFactory>().GetGrain<IStateProbeGrain>("pump-3");
            (await onA.Read()).Should().Be(((string?)null, (string?)null));
            (await onB.Read()).Should().Be(((string?)null, (string?)null));

            await onA.Write("running");
            var createOnB = () => onB.Write("stopped");

            await createOnB.Should().ThrowAsync<InconsistentStateException>();
            (await onB.Read()).Should().Be(("running", "1"));

            await onA.Write("overheated");
            var updateOnB = () => onB.Write("stopped");

            await updateOnB.Should().ThrowAsync<InconsistentStateException>();
            (await onB.Read()).Should().Be(("overheated", "2"));
        }
        finally
        {
            await TestSilo.StopAllAsync(a, b);
        }
    }

    [Fact]
    public async Task A_reminder_registered_on_a_silo_is_stored_fires_and_is_removed_when_unregistered()
    {
        var silo = await TestSilo.StartSiloAsync(ConnectionString, "reminders", output);
        try
        {
            var grain = silo.Services.GetRequiredService<IGrainFactory>().GetGrain<IReminderProbeGrain>("light-audit");

            await grain.Register("audit", dueTime: TimeSpan.FromSeconds(1), period: TimeSpan.FromMinutes(1));

            (await StoredRemindersAsync()).Should().Equal((grain.GetGrainId().ToString(), "audit", 60_000L, 1));
            await Eventually.HoldsAsync(async () => await grain.Ticks("audit") > 0, TimeSpan.FromSeconds(20), "the reminder fired");

            await grain.Unregister("audit");

            (await StoredRemindersAsync()).Should().BeEmpty();
        }
        finally
        {
            await TestSilo.StopAllAsync(silo);
        }
    }

    [Fact]
    public async Task A_second_silo_joins_sees_the_first_as_active_and_a_client_reaches_them_through_the_gateways()
    {
        const string cluster = "membership";
        IHost? first = null, second = null, client = null;
        try
        {
            first = await TestSilo.StartSiloAsync(ConnectionString, cluster, output);
            second = await TestSilo.StartSiloAsync(ConnectionString, cluster, output);
            var firstAddress = first.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;
            var membership = second.Services.GetRequiredService<IClusterMembershipService>();

            await Eventually.HoldsAsync(
                () => Task.FromResult(membership.CurrentSnapshot.GetSiloStatus(firstAddress) == SiloStatus.Active),
                TimeSpan.FromSeconds(20),
                "the second silo sees the first as active");

            var rows = await Sql.ListAsync(
                ConnectionString,
                $"SELECT status FROM orleans_membership WHERE deployment_id = '{cluster}'",
                r => r.GetInt32(0));
            rows.Should().Equal((int)SiloStatus.Active, (int)SiloStatus.Active);
            (await Sql.ScalarAsync<int>(ConnectionString, $"SELECT version FROM orleans_membership_version WHERE deployment_id = '{cluster}'"))
                .Should().BeGreaterThanOrEqualTo(4, "each silo inserted its row and then updated it to Active");

            client = await TestSilo.StartClientAsync(ConnectionString, cluster, output);
            var grain = client.Services.GetRequiredService<IClusterClient>().GetGrain<IStateProbeGrain>("via-gateway");
            await grain.Write("hello");
            (await grain.Read()).Should().Be(("hello", "1"));
        }
        finally
        {
            await TestSilo.StopAllAsync(first, second, client);
        }
    }

    private Task<List<(string StateName, bool Cleared, int Version)>> StoredStatesAsync(string key) => Sql.ListAsync(
        ConnectionString,
        $"SELECT grain_type, payload IS NULL, version FROM orleans_grain_state WHERE grain_id_extension = '{key}' ORDER BY grain_type",
        r => (r.GetString(0), r.GetBoolean(1), r.GetInt32(2)));

    private Task<List<(string GrainId, string Name, long Period, int Version)>> StoredRemindersAsync() => Sql.ListAsync(
        ConnectionString,
        $"SELECT grain_id, reminder_name, period, version FROM orleans_reminder WHERE service_id = '{TestSilo.ServiceId}'",
        r => (r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetInt32(3)));
}
