using Hanan.Ops.Domain.Population;

namespace Hanan.Ops.Domain.Tests.Population;

public sealed class ErrandTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 26, 9, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public void Every_step_is_traced_and_a_finished_errand_takes_no_more()
    {
        var errand = Errand.Accept("worker-1", "代办高龄津贴认证", At);

        errand.Step("progress", "worker-1", "材料已提交街道", At.AddHours(1)).Should().BeNull();
        errand.Step("complete", "worker-1", "认证通过", At.AddDays(1)).Should().BeNull();

        errand.Status.Should().Be(ErrandStatus.Done);
        errand.Trace.Select(t => t.Action).Should().Equal("accepted", "progress", "complete");
        errand.Step("cancel", "worker-1", null, At.AddDays(2)).Should().Contain("done");
        errand.Trace.Should().HaveCount(3);
    }

    [Fact]
    public void Completing_needs_the_result_and_an_unknown_step_is_refused()
    {
        var errand = Errand.Accept("worker-1", "代办", At);

        errand.Step("complete", "worker-1", " ", At).Should().Contain("result");
        errand.Step("approve", "worker-1", null, At).Should().Contain("not a step");
        errand.Status.Should().Be(ErrandStatus.Accepted);
        errand.Step("cancel", "worker-1", null, At).Should().BeNull();
        errand.Status.Should().Be(ErrandStatus.Cancelled);
    }
}
