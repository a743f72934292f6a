using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Runtime.MembershipService;
using static Hanan.Ops.Storage.Tests.OrleansContract.StoredQuery;

namespace Hanan.Ops.Storage.Tests.OrleansContract;

/// <summary>
/// The 10.4.2 clustering provider's own membership table class, driven directly against the
/// migrated schema: version checks, heartbeats, clean-up and gateway discovery, including cases a
/// healthy two-silo cluster rarely produces.
/// </summary>
public sealed class MembershipContractTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    private static readonly DateTime Now = new(2026, 3, 1, 8, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Membership_writes_need_the_current_table_version_and_heartbeats_leave_it_alone()
    {
        var table = await OpenAsync("versions");
        var empty = await table.ReadAllAsync();
        empty.Version.Version.Should().Be(0);
        empty.Members.Should().BeEmpty();

        var silo = Entry(11111, SiloStatus.Joining, Now);
        (await table.InsertRowAsync(silo, empty.Version.Next())).Should().BeTrue();
        (await table.InsertRowAsync(Entry(11112, SiloStatus.Joining, Now), empty.Version.Next())).Should().BeFalse("the version moved on");
        (await table.InsertRowAsync(silo, (await table.ReadAllAsync()).Version.Next())).Should().BeFalse("the silo is already registered");

        var afterInsert = await table.ReadRowAsync(silo.SiloAddress);
        afterInsert.Version.Version.Should().Be(1, "failed writes change nothing");
        var (stored, etag) = afterInsert.Members.Should().ContainSingle().Subject;
        stored.Should().BeEquivalentTo(silo, o => o.Including(e => e.SiloAddress).Including(e => e.SiloName).Including(e => e.HostName)
            .Including(e => e.Status).Including(e => e.ProxyPort).Including(e => e.StartTime).Including(e => e.IAmAliveTime));
        etag.Should().Be("1");

        silo.Status = SiloStatus.Active;
        (await table.UpdateRowAsync(silo, etag, afterInsert.Version.Next())).Should().BeTrue();
        (await table.UpdateRowAsync(silo, etag, afterInsert.Version.Next())).Should().BeFalse("the version moved on");

        silo.IAmAliveTime = Now.AddMinutes(1);
        await table.UpdateIAmAliveAsync(silo);

        var afterHeartbeat = await table.ReadAllAsync();
        afterHeartbeat.Version.Version.Should().Be(2);
        var (current, _) = afterHeartbeat.Members.Should().ContainSingle().Subject;
        current.Status.Should().Be(SiloStatus.Active);
        current.IAmAliveTime.Should().Be(Now.AddMinutes(1));
        (await table.ReadRowAsync(Entry(11112, SiloStatus.Joining, Now).SiloAddress)).Members.Should().BeEmpty();
    }

    [Fact]
    public async Task Cleanup_removes_only_dead_silos_whose_start_heartbeat_and_suspicions_predate_the_cutoff()
    {
        var table = await OpenAsync("cleanup");
        var longAgo = Now.AddHours(-2);
        var dead = await InsertAsync(table, Entry(1, SiloStatus.Dead, longAgo));
        await InsertAsync(table, Entry(2, SiloStatus.Active, longAgo));
        var suspected = await InsertAsync(table, Entry(3, SiloStatus.Dead, longAgo));
        suspected.SuspectTimes = [Tuple.Create(dead.SiloAddress, longAgo.AddMinutes(1))];
        await UpdateAsync(table, suspected);
        var recentlySeen = Entry(4, SiloStatus.Dead, longAgo);
        recentlySeen.IAmAliveTime = Now.AddMinutes(1);
        await InsertAsync(table, recentlySeen);
        // Only the per-silo statement (CleanupDefunctSiloEntryKey) keeps this one: the bulk
        // statement cannot look into suspicion times.
        var recentlySuspected = await InsertAsync(table, Entry(5, SiloStatus.Dead, longAgo));
        recentlySuspected.SuspectTimes = [Tuple.Create(dead.SiloAddress, Now.AddMinutes(1))];
        await UpdateAsync(table, recentlySuspected);
        var version = (await table.ReadAllAsync()).Version.Version;

        await table.CleanupDefunctSiloEntriesAsync(new DateTimeOffset(Now));

        var remaining = await table.ReadAllAsync();
        remaining.Members.Select(m => m.Item1.SiloAddress.Endpoint.Port).Should().BeEquivalentTo([2, 4, 5]);
        remaining.Version.Version.Should().Be(version, "clean-up is not a membership change");
    }

    [Fact]
    public async Task The_bulk_cleanup_query_removes_dead_silos_idle_since_before_the_cutoff()
    {
        var table = await OpenAsync("bulk-cleanup");
        var longAgo = Now.AddHours(-2);
        await InsertAsync(table, Entry(1, SiloStatus.Dead, longAgo));
        await InsertAsync(table, Entry(2, SiloStatus.Active, longAgo));
        var recentlySeen = Entry(3, SiloStatus.Dead, longAgo);
        recentlySeen.IAmAliveTime = Now.AddMinutes(1);
        await InsertAsync(table, recentlySeen);

        await RunAsync(database.ConnectionString, "CleanupDefunctSiloEntriesKey", Text("DeploymentId", "bulk-cleanup"), Time("IAmAliveTime", Now));

        (await table.ReadAllAsync()).Members.Select(m => m.Item1.SiloAddress.Endpoint.Port).Should().BeEquivalentTo([2, 3]);
    }

    [Fact]
    public async Task Gateways_are_the_active_silos_that_accept_clients()
    {
        var table = await OpenAsync("gateways");
        await InsertAsync(table, Entry(1, SiloStatus.Active, Now));
        await InsertAsync(table, Entry(2, SiloStatus.Joining, Now));
        var noGateway = Entry(3, SiloStatus.Active, Now);
        noGateway.ProxyPort = 0;
        await InsertAsync(table, noGateway);

        var gateways = await RunAsync(
            database.ConnectionString, "GatewaysQueryKey", Text("DeploymentId", "gateways"), Int("Status", (int)SiloStatus.Active));

        gateways.Should().ContainSingle().Which.Should().Equal(new Dictionary<string, object?>
        {
            ["Address"] = "127.0.0.1",
            ["ProxyPort"] = 1001,
            ["Generation"] = 42,
        });
    }

    [Fact]
    public async Task Deleting_a_cluster_removes_its_silos_and_version_and_nothing_else()
    {
        var doomed = await OpenAsync("doomed");
        await InsertAsync(doomed, Entry(1, SiloStatus.Active, Now));
        var kept = await OpenAsync("kept");
        await InsertAsync(kept, Entry(1, SiloStatus.Active, Now));

        await doomed.DeleteMembershipTableEntriesAsync("doomed");

        var counts = await Sql.ListAsync(
            database.ConnectionString,
            """
            SELECT deployment_id, (SELECT count(*) FROM orleans_membership AS m WHERE m.deployment_id = v.deployment_id)
              FROM orleans_membership_version AS v
             WHERE deployment_id IN ('doomed', 'kept')
            """,
            r => (r.GetString(0), r.GetInt64(1)));
        counts.Should().Equal(("kept", 1L));
    }

    private async Task<AdoNetClusteringTable> OpenAsync(string clusterId)
    {
        var table = new AdoNetClusteringTable(
            new ServiceCollection().BuildServiceProvider(),
            Options.Create(new ClusterOptions { ClusterId = clusterId, ServiceId = "membership-contract" }),
            Options.Create(new AdoNetClusteringSiloOptions { Invariant = TestSilo.Invariant, ConnectionString = database.ConnectionString }),
            NullLogger<AdoNetClusteringTable>.Instance);
        await table.InitializeMembershipTableAsync(tryInitTableVersion: true);
        return table;
    }

    private static MembershipEntry Entry(int port, SiloStatus status, DateTime since) => new()
    {
        SiloAddress = SiloAddress.New(IPAddress.Loopback, port, 42),
        SiloName = $"silo-{port}",
        HostName = "contract-host",
        Status = status,
        ProxyPort = port + 1000,
        StartTime = since,
        IAmAliveTime = since,
    };

    private static async Task<MembershipEntry> InsertAsync(AdoNetClusteringTable table, MembershipEntry entry)
    {
        (await table.InsertRowAsync(entry, (await table.ReadAllAsync()).Version.Next())).Should().BeTrue();
        return entry;
    }

    private static async Task UpdateAsync(AdoNetClusteringTable table, MembershipEntry entry)
    {
        var current = await table.ReadAllAsync();
        var etag = current.Members.Single(m => m.Item1.SiloAddress.Equals(entry.SiloAddress)).Item2;
        (await table.UpdateRowAsync(entry, etag, current.Version.Next())).Should().BeTrue();
    }
}
