using Hanan.Ops.Contracts.Cameras;
using Hanan.Ops.Domain.Cameras;
using Hanan.Ops.Grains.Cameras;
using Hanan.Ops.Storage.Tests;
using Orleans.Storage;

namespace Hanan.Ops.Grains.Tests.Cameras;

public sealed class AlertBoardGrainTests : IAsyncLifetime
{
    private readonly DistrictCluster _district = new();

    public Task InitializeAsync() => _district.InitializeAsync();

    public Task DisposeAsync() => _district.DisposeAsync();

    private IAlertBoardGrain Board => _district.Client.GetGrain<IAlertBoardGrain>(0);

    private DateTimeOffset Now => _district.Clock.GetUtcNow();

    private CameraAlert NewAlert(string plate = "黑A12345", DateTimeOffset? at = null)
    {
        var raised = at ?? Now;
        return new CameraAlert(Guid.NewGuid(), AlertKind.WantedPlate, raised, "23010800001320000001", 45.76, 126.65, null, plate, null, null,
            $"布控车辆 {plate} 经过", AlertStatus.New, [new AlertStep(AlertStatus.New, raised, "system", null)], null, "盗抢嫌疑");
    }

    /// <summary>Two alerts raised now; the second closed at once (a false alarm).</summary>
    private async Task<(CameraAlert Open, CameraAlert Closed)> RaiseOneThenCloseAnother()
    {
        var (open, closed) = (NewAlert(), NewAlert("黑B54321"));
        await Board.Raise(open);
        await Board.Raise(closed);
        await Board.Act(closed.Id, AlertAction.Close, "officer-7", "误报");
        return (open, closed);
    }

    private Task DeactivateEverything() => _district.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

    [Fact]
    public async Task An_alert_raised_twice_is_stored_once()
    {
        var alert = NewAlert();

        (await Board.Raise(alert)).Should().BeTrue();
        (await Board.Raise(alert)).Should().BeFalse();

        (await Board.List(null, 10)).Should().ContainSingle().Which.Id.Should().Be(alert.Id);
        _district.Alerts.RowsWritten.Should().Be(1);
    }

    [Fact]
    public async Task Each_change_writes_the_one_alert_it_changes_however_many_the_board_holds()
    {
        var alerts = Enumerable.Range(0, 25).Select(i => NewAlert($"黑A{10000 + i}")).ToList();
        foreach (var alert in alerts)
        {
            await Board.Raise(alert);
        }

        _district.Alerts.RowsWritten.Should().Be(25, "one row per raised alert");

        (await Board.Act(alerts[7].Id, AlertAction.Acknowledge, "officer-7", "收到")).Refusal.Should().BeNull();
        _district.Alerts.RowsWritten.Should().Be(26);
        (await Board.LinkCase(alerts[7].Id, Guid.NewGuid(), "dispatcher-1")).Refusal.Should().BeNull();
        _district.Alerts.RowsWritten.Should().Be(27);
        (await Board.Act(alerts[3].Id, AlertAction.Dispatch, "officer-7", null)).Refusal.Should().NotBeNull("a new alert is acknowledged first");
        _district.Alerts.RowsWritten.Should().Be(27, "a refused action writes nothing");
        await Board.Raise(NewAlert("黑B99999"));
        _district.Alerts.RowsWritten.Should().Be(28);

        var stored = await _district.Alerts.GetAsync(alerts[7].Id);
        stored!.Version.Should().Be(3);
        stored.Alert.Steps.Select(s => (s.Status, s.Actor)).Should().Equal(
            (AlertStatus.New, "system"), (AlertStatus.Acknowledged, "officer-7"), (AlertStatus.Acknowledged, "dispatcher-1"));
    }

    [Fact]
    public async Task A_failed_write_leaves_the_board_as_it_was_and_the_caller_gets_the_error()
    {
        var first = NewAlert();
        var second = NewAlert("黑B54321");
        await Board.Raise(first);

        _district.AlertStore.Down = true;
        await Board.Invoking(b => b.Raise(second)).Should().ThrowAsync<InvalidOperationException>();
        await Board.Invoking(b => b.Act(first.Id, AlertAction.Acknowledge, "officer-7", null)).Should().ThrowAsync<InvalidOperationException>();
        _district.AlertStore.Down = false;

        (await Board.List(null, 10)).Should().ContainSingle().Which.Status.Should().Be(AlertStatus.New, "neither change reached the board");
        (await Board.Raise(second)).Should().BeTrue("the failed raise left nothing behind");
        (await Board.Act(first.Id, AlertAction.Acknowledge, "officer-7", null)).Alert!.Steps.Should().HaveCount(2);
    }

    [Fact]
    public async Task After_reactivation_the_board_lists_what_was_stored_and_still_finds_a_closed_alert_past_retention_until_it_is_purged()
    {
        var (open, closed) = await RaiseOneThenCloseAnother();
        await Board.Act(open.Id, AlertAction.Acknowledge, "officer-7", "核实中");
        _district.Clock.Advance(AlertBoardGrain.KeepClosed + TimeSpan.FromDays(1));

        await DeactivateEverything();

        var listed = await Board.List(null, 10);
        listed.Should().ContainSingle().Which.Steps.Select(s => (s.Status, s.Note)).Should().Equal((AlertStatus.New, null), (AlertStatus.Acknowledged, "核实中"));
        (await Board.Get(closed.Id))!.Status.Should().Be(AlertStatus.Closed, "not in the working set, but still in the store");
        (await Board.Act(closed.Id, AlertAction.Close, "officer-7", null)).Refusal.Should().Be("The alert is closed.");
    }

    [Fact]
    public async Task A_write_purges_closed_alerts_past_retention_at_most_once_an_hour_and_keeps_open_ones()
    {
        var (oldOpen, closed) = await RaiseOneThenCloseAnother();
        _district.Clock.Advance(AlertBoardGrain.KeepClosed + TimeSpan.FromDays(1));

        await Board.Raise(NewAlert("黑C11111"));
        (await _district.Alerts.GetAsync(closed.Id)).Should().BeNull("the first write in the hour purged it");
        (await Board.Get(closed.Id)).Should().BeNull();

        // Closed 40 days ago (as raised): past retention, but the purge ran within the hour.
        var lateComer = NewAlert("黑D22222", Now.AddDays(-40)) with { Status = AlertStatus.Closed };
        await Board.Raise(lateComer);
        await Board.Raise(NewAlert("黑E33333"));
        (await _district.Alerts.GetAsync(lateComer.Id)).Should().NotBeNull("no purge on every write");
        (await Board.List(null, 10)).Should().NotContain(a => a.Id == lateComer.Id, "the board lists no alert past retention");

        _district.Clock.Advance(AlertBoardGrain.PurgeEvery);
        await Board.Raise(NewAlert("黑F44444"));
        (await _district.Alerts.GetAsync(lateComer.Id)).Should().BeNull("an hour later a write purges again");
        (await Board.List(null, 10)).Should().HaveCount(4).And.Contain(a => a.Id == oldOpen.Id, "an open alert is kept however old");
    }

    [Fact]
    public async Task An_alert_stored_behind_the_boards_back_is_taken_up_when_it_is_raised_again()
    {
        // As when a raise failed after its row was committed, and the caller retries it.
        (await Board.List(null, 10)).Should().BeEmpty();
        var alert = NewAlert();
        (await _district.Alerts.InsertAsync(alert)).Should().BeTrue();

        (await Board.Raise(alert)).Should().BeFalse("the alert was stored already");

        (await Board.List(null, 10)).Should().ContainSingle().Which.Id.Should().Be(alert.Id);
        _district.Alerts.RowsWritten.Should().Be(1);
    }

    [Fact]
    public async Task A_change_made_by_another_writer_is_not_overwritten_and_the_board_reads_it_on_the_next_call()
    {
        var alert = NewAlert();
        await Board.Raise(alert);
        // Another activation of the board acknowledges it (two can live for a moment after a silo fails).
        var acknowledged = alert with { Status = AlertStatus.Acknowledged, Steps = [.. alert.Steps, new AlertStep(AlertStatus.Acknowledged, Now, "officer-9", null)] };
        (await _district.Alerts.UpdateAsync(acknowledged, ICameraAlertStore.FirstVersion)).Should().Be(2);

        await Board.Invoking(b => b.Act(alert.Id, AlertAction.Close, "officer-7", null)).Should().ThrowAsync<InconsistentStateException>();
        (await _district.Alerts.GetAsync(alert.Id))!.Alert.Status.Should().Be(AlertStatus.Acknowledged, "the stale close wrote nothing");

        await Eventually.HoldsAsync(async () => (await Board.Get(alert.Id))!.Status == AlertStatus.Acknowledged, TimeSpan.FromSeconds(10),
            "the board reads the store again");
        (await Board.Act(alert.Id, AlertAction.Dispatch, "officer-7", null)).Alert!.Steps.Select(s => s.Actor).Should().Equal("system", "officer-9", "officer-7");
    }
}
