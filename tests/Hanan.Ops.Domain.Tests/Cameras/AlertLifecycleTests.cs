using Hanan.Ops.Domain.Cameras;

namespace Hanan.Ops.Domain.Tests.Cameras;

public sealed class AlertLifecycleTests
{
    [Theory]
    [InlineData(AlertStatus.New, AlertAction.Acknowledge, AlertStatus.Acknowledged)]
    [InlineData(AlertStatus.Acknowledged, AlertAction.Dispatch, AlertStatus.Dispatched)]
    [InlineData(AlertStatus.Dispatched, AlertAction.Close, AlertStatus.Closed)]
    [InlineData(AlertStatus.New, AlertAction.Close, AlertStatus.Closed)]
    public void An_alert_moves_new_acknowledged_dispatched_closed(AlertStatus from, AlertAction action, AlertStatus to) =>
        AlertLifecycle.Apply(from, action).Should().Be(((AlertStatus?)to, (string?)null));

    [Theory]
    [InlineData(AlertStatus.New, AlertAction.Dispatch, "acknowledged before")]
    [InlineData(AlertStatus.Acknowledged, AlertAction.Acknowledge, "cannot be acknowledged again")]
    [InlineData(AlertStatus.Closed, AlertAction.Close, "closed")]
    [InlineData(AlertStatus.Closed, AlertAction.Acknowledge, "closed")]
    public void Steps_out_of_order_are_refused_with_a_reason(AlertStatus from, AlertAction action, string reason)
    {
        var (next, refusal) = AlertLifecycle.Apply(from, action);
        next.Should().BeNull();
        refusal.Should().Contain(reason);
    }

    [Fact]
    public void The_same_detection_gets_the_same_id_and_another_gets_another()
    {
        var at = new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.FromHours(8));
        var id = AlertLifecycle.IdFor(AlertKind.ClonedPlate, "黑A12345", "c1", at);

        AlertLifecycle.IdFor(AlertKind.ClonedPlate, "黑A12345", "c1", at.ToUniversalTime()).Should().Be(id);
        AlertLifecycle.IdFor(AlertKind.WantedPlate, "黑A12345", "c1", at).Should().NotBe(id);
        AlertLifecycle.IdFor(AlertKind.ClonedPlate, "黑A12345", "c1", at.AddTicks(1)).Should().NotBe(id);
    }
}
