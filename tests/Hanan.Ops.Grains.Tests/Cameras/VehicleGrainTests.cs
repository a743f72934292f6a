using Hanan.Ops.Contracts.Cameras;
using Hanan.Ops.Domain.Cameras;
using Hanan.Ops.Domain.Cameras.Simulation;
using Hanan.Ops.Grains.Cameras;
using Hanan.Ops.Storage.Tests;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Hanan.Ops.Grains.Tests.Cameras;

public sealed class VehicleGrainTests : IAsyncLifetime
{
    private const string Plate = "黑A12345";

    private readonly DistrictCluster _district = new();

    public Task InitializeAsync() => _district.InitializeAsync();

    public Task DisposeAsync() => _district.DisposeAsync();

    private static CameraNetwork Network => DistrictCluster.Cameras.Value;

    private IVehicleGrain Vehicle => DistrictCluster.VehicleKeys.Grain(_district.Client, Plate);

    private IAlertBoardGrain Board => _district.Client.GetGrain<IAlertBoardGrain>(0);

    private DateTimeOffset Now => _district.Clock.GetUtcNow();

    private static PlateRead Read(int camera, DateTimeOffset at, string? eventId = null)
    {
        var site = Network.Cameras[camera];
        return new PlateRead(eventId, site.Id.Value, at, Plate, PlateColour.Blue, 0.95, site.Latitude, site.Longitude, false, "car", null, null);
    }

    /// <summary>Two cameras next to each other on the road graph (one hop).</summary>
    private static (int A, int B) Neighbours()
    {
        for (var i = 0; i < Network.Cameras.Count; i++)
        {
            for (var j = 0; j < Network.Cameras.Count; j++)
            {
                if (Network.HopsBetween(Network.Cameras[i].Node, Network.Cameras[j].Node) == 1)
                {
                    return (i, j);
                }
            }
        }

        throw new InvalidOperationException("No neighbouring cameras.");
    }

    [Fact]
    public async Task A_vehicle_is_keyed_by_a_keyed_hash_of_its_plate_and_refuses_any_other_plate()
    {
        var key = DistrictCluster.VehicleKeys.Of(Plate);

        key.Should().StartWith("v-").And.HaveLength(34).And.NotContain("12345", "Orleans writes grain ids into its own logs and storage rows");
        DistrictCluster.VehicleKeys.Of("黑A12346").Should().NotBe(key);
        var other = () => Vehicle.GetReads("黑B54321", Now.AddHours(-1), Now);
        await other.Should().ThrowAsync<ArgumentException>();
        (await Vehicle.GetReads(Plate, Now.AddHours(-1), Now)).Should().BeEmpty();
    }

    [Fact]
    public async Task Out_of_order_and_repeated_reads_are_stored_once_each_in_time_order()
    {
        var (a, b) = Neighbours();
        var first = await Vehicle.Record(Plate, [Read(b, Now.AddMinutes(-2)), Read(a, Now.AddMinutes(-5), "e1")]);
        first.Outcomes.Should().Equal(ReadOutcome.Added, ReadOutcome.Added);

        var second = await Vehicle.Record(Plate, [Read(a, Now.AddMinutes(-5), "e1"), Read(b, Now.AddMinutes(-2)), Read(a, Now.AddMinutes(-8))]);

        second.Outcomes.Should().Equal(ReadOutcome.Duplicate, ReadOutcome.Duplicate, ReadOutcome.Added);
        var reads = await Vehicle.GetReads(Plate, Now.AddHours(-1), Now);
        reads.Select(r => r.At).Should().Equal(Now.AddMinutes(-8), Now.AddMinutes(-5), Now.AddMinutes(-2));
        second.Alerts.Should().BeEmpty("one hop in three minutes is an ordinary drive");
    }

    [Fact]
    public async Task Two_far_apart_reads_a_minute_apart_raise_a_cloned_plate_alert_on_the_board()
    {
        var far = Network.Cameras.Select((c, i) => (c, i)).MaxBy(x => Network.RoadMeters(Network.Cameras[0].Node, x.c.Node)).i;

        var result = await Vehicle.Record(Plate, [Read(0, Now.AddMinutes(-3)), Read(far, Now.AddMinutes(-2))]);

        result.Alerts.Should().ContainSingle();
        var alert = await Board.Get(result.Alerts[0]);
        alert!.Kind.Should().Be(AlertKind.ClonedPlate);
        alert.Plate.Should().Be(Plate);
        alert.Detail.Should().Contain("疑似套牌");
        alert.MaskedForPublic().Detail.Should().Contain("黑A·***45").And.NotContain(Plate);

        // The same batch again raises nothing new.
        (await Vehicle.Record(Plate, [Read(0, Now.AddMinutes(-3)), Read(far, Now.AddMinutes(-2))])).Alerts.Should().BeEmpty();
        (await Board.List(null, 10)).Should().ContainSingle();
    }

    [Fact]
    public async Task Reads_older_than_the_retention_are_refused_and_stored_ones_age_out()
    {
        var (a, b) = Neighbours();
        var result = await Vehicle.Record(Plate, [Read(a, Now.AddDays(-31)), Read(b, Now.AddDays(-29))]);
        result.Outcomes.Should().Equal(ReadOutcome.Expired, ReadOutcome.Added);

        _district.Clock.Advance(TimeSpan.FromDays(2));

        (await Vehicle.GetReads(Plate, DateTimeOffset.MinValue, Now)).Should().BeEmpty();
        var profile = await Vehicle.GetProfile(Plate);
        profile.Reads.Should().Be(0);
        profile.FirstSeen.Should().Be(Now.AddDays(-31), "first appearance outlives the reads");
    }

    [Fact]
    public async Task A_wanted_plate_and_a_fence_entry_raise_alerts_and_alerts_move_through_their_lifecycle()
    {
        var site = Network.Cameras[5];
        var rules = _district.Client.GetGrain<ISecurityRulesGrain>(0);
        await rules.PutWantedPlate(new WantedPlateEntry(Plate, "盗抢车辆"));
        const double d = 0.001;
        await rules.PutFence(new FenceDefinition("gov", "区政府大院",
            [[site.Longitude - d, site.Latitude - d], [site.Longitude + d, site.Latitude - d], [site.Longitude + d, site.Latitude + d], [site.Longitude - d, site.Latitude + d], [site.Longitude - d, site.Latitude - d]],
            OnEnter: true, OnExit: false, null, null, null));

        var result = await Vehicle.Record(Plate, [Read(5, Now.AddMinutes(-1))]);

        var alerts = await Task.WhenAll(result.Alerts.Select(id => Board.Get(id)));
        alerts.Select(a => a!.Kind).Should().BeEquivalentTo([AlertKind.FenceEnter, AlertKind.WantedPlate]);

        var id = result.Alerts[0];
        (await Board.Act(id, AlertAction.Dispatch, "officer-1", null)).Refusal.Should().Contain("acknowledged before");
        (await Board.Act(id, AlertAction.Acknowledge, "officer-1", null)).Alert!.Status.Should().Be(AlertStatus.Acknowledged);
        (await Board.Act(id, AlertAction.Dispatch, "officer-1", "巡逻一组")).Alert!.Status.Should().Be(AlertStatus.Dispatched);
        var closed = await Board.Act(id, AlertAction.Close, "officer-1", "已处置");
        closed.Alert!.Steps.Select(s => s.Status).Should().Equal(AlertStatus.New, AlertStatus.Acknowledged, AlertStatus.Dispatched, AlertStatus.Closed);
        (await Board.Act(Guid.NewGuid(), AlertAction.Close, "officer-1", null)).NotFound.Should().BeTrue();
    }

    [Fact]
    public async Task Reads_logged_after_the_checkpoint_are_replayed_on_activation_and_their_alerts_are_raised_once()
    {
        var (a, b) = Neighbours();
        var site = Network.Cameras[a];
        const double d = 0.0005;
        await _district.Client.GetGrain<ISecurityRulesGrain>(0).PutFence(new FenceDefinition("yard", "回放测试场",
            [[site.Longitude - d, site.Latitude - d], [site.Longitude + d, site.Latitude - d], [site.Longitude + d, site.Latitude + d], [site.Longitude - d, site.Latitude + d], [site.Longitude - d, site.Latitude - d]],
            OnEnter: true, OnExit: true, TimeSpan.FromMinutes(10), null, null));

        // Entered the fence (logged first, as the ingest does), then deactivated: that writes the checkpoint.
        await _district.Sightings.AppendReadsAsync([Read(a, Now.AddMinutes(-60)).ToSighting()]);
        await Vehicle.Record(Plate, [Read(a, Now.AddMinutes(-60))]);
        (await Board.List(null, 100)).Should().ContainSingle(x => x.Plate == Plate && x.Kind == AlertKind.FenceEnter);
        var management = _district.Client.GetGrain<IManagementGrain>(0);
        await management.ForceActivationCollection(TimeSpan.Zero);

        // Accepted into the log but lost from memory before the next checkpoint: a dwell, a late read and the exit.
        await _district.Sightings.AppendReadsAsync([Read(a, Now.AddMinutes(-40)).ToSighting(), Read(b, Now.AddMinutes(-90)).ToSighting(), Read(b, Now.AddMinutes(-10)).ToSighting()]);

        var reads = await Vehicle.GetReads(Plate, Now.AddHours(-2), Now);
        reads.Select(r => r.At).Should().Equal(Now.AddMinutes(-90), Now.AddMinutes(-60), Now.AddMinutes(-40), Now.AddMinutes(-10));
        (await Vehicle.GetProfile(Plate)).FirstSeen.Should().Be(Now.AddMinutes(-90));
        var kinds = (await Board.List(null, 100)).Where(x => x.Plate == Plate).Select(x => x.Kind).ToList();
        kinds.Should().BeEquivalentTo([AlertKind.FenceEnter, AlertKind.FenceDwell, AlertKind.FenceExit]);

        // Again: the replayed reads are in the checkpoint now, and nothing is raised twice.
        await management.ForceActivationCollection(TimeSpan.Zero);
        (await Vehicle.Record(Plate, [Read(a, Now.AddMinutes(-40)), Read(b, Now.AddMinutes(-10))])).Outcomes.Should().Equal(ReadOutcome.Duplicate, ReadOutcome.Duplicate);
        (await Board.List(null, 100)).Where(x => x.Plate == Plate).Should().HaveCount(3);
    }

    [Fact]
    public async Task An_active_vehicle_writes_its_checkpoint_on_the_timer_without_being_deactivated()
    {
        var (a, b) = Neighbours();
        await Vehicle.Record(Plate, [Read(a, Now.AddMinutes(-5), "t1"), Read(b, Now.AddMinutes(-2), "t2")]);

        var storage = _district.SiloServices.GetRequiredKeyedService<IGrainStorage>(StorageProviders.District);
        var grainId = Vehicle.GetGrainId();
        await Eventually.HoldsAsync(async () =>
        {
            var stored = new GrainState<VehicleState>(new VehicleState());
            await storage.ReadStateAsync("camera-vehicle", grainId, stored);
            return stored.State!.Reads.Select(r => r.EventId).SequenceEqual(["t1", "t2"]) && stored.State.FirstSeen == Now.AddMinutes(-5);
        }, TimeSpan.FromSeconds(10), "the checkpoint timer wrote the record");

        // Still the same activation: its reads are served from memory as before.
        (await Vehicle.GetReads(Plate, Now.AddHours(-1), Now)).Should().HaveCount(2);
    }
}
