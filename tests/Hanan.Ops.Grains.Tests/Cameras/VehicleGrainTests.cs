using Hanan.Ops.Contracts.Cameras;
using Hanan.Ops.Domain.Cameras;
using Hanan.Ops.Domain.Cameras.Simulation;

namespace Hanan.Ops.Grains.Tests.Cameras;

public sealed class VehicleGrainTests : IAsyncLifetime
{
    private const string Plate = "黑A12345";

    private readonly DistrictCluster _district = new();

    public Task InitializeAsync() => _district.InitializeAsync();

    public Task DisposeAsync() => _district.DisposeAsync();

    private static CameraNetwork Network => DistrictCluster.Cameras.Value;

    private IVehicleGrain Vehicle => _district.Client.GetGrain<IVehicleGrain>(Plate);

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
    public async Task Out_of_order_and_repeated_reads_are_stored_once_each_in_time_order()
    {
        var (a, b) = Neighbours();
        var first = await Vehicle.Record([Read(b, Now.AddMinutes(-2)), Read(a, Now.AddMinutes(-5), "e1")]);
        first.Outcomes.Should().Equal(ReadOutcome.Added, ReadOutcome.Added);

        var second = await Vehicle.Record([Read(a, Now.AddMinutes(-5), "e1"), Read(b, Now.AddMinutes(-2)), Read(a, Now.AddMinutes(-8))]);

        second.Outcomes.Should().Equal(ReadOutcome.Duplicate, ReadOutcome.Duplicate, ReadOutcome.Added);
        var reads = await Vehicle.GetReads(Now.AddHours(-1), Now);
        reads.Select(r => r.At).Should().Equal(Now.AddMinutes(-8), Now.AddMinutes(-5), Now.AddMinutes(-2));
        second.Alerts.Should().BeEmpty("one hop in three minutes is an ordinary drive");
    }

    [Fact]
    public async Task Two_far_apart_reads_a_minute_apart_raise_a_cloned_plate_alert_on_the_board()
    {
        var far = Network.Cameras.Select((c, i) => (c, i)).MaxBy(x => Network.RoadMeters(Network.Cameras[0].Node, x.c.Node)).i;

        var result = await Vehicle.Record([Read(0, Now.AddMinutes(-3)), Read(far, Now.AddMinutes(-2))]);

        result.Alerts.Should().ContainSingle();
        var alert = await Board.Get(result.Alerts[0]);
        alert!.Kind.Should().Be(AlertKind.ClonedPlate);
        alert.Plate.Should().Be(Plate);
        alert.Detail.Should().Contain("疑似套牌");
        alert.MaskedForPublic().Detail.Should().Contain("黑A·***45").And.NotContain(Plate);

        // The same batch again raises nothing new.
        (await Vehicle.Record([Read(0, Now.AddMinutes(-3)), Read(far, Now.AddMinutes(-2))])).Alerts.Should().BeEmpty();
        (await Board.List(null, 10)).Should().ContainSingle();
    }

    [Fact]
    public async Task Reads_older_than_the_retention_are_refused_and_stored_ones_age_out()
    {
        var (a, b) = Neighbours();
        var result = await Vehicle.Record([Read(a, Now.AddDays(-31)), Read(b, Now.AddDays(-29))]);
        result.Outcomes.Should().Equal(ReadOutcome.Expired, ReadOutcome.Added);

        _district.Clock.Advance(TimeSpan.FromDays(2));

        (await Vehicle.GetReads(DateTimeOffset.MinValue, Now)).Should().BeEmpty();
        var profile = await Vehicle.GetProfile();
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

        var result = await Vehicle.Record([Read(5, Now.AddMinutes(-1))]);

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
}
