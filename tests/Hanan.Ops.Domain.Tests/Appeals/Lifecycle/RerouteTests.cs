using Hanan.Ops.Domain.Appeals;
using Hanan.Ops.Domain.Calendar;
using static Hanan.Ops.Domain.Tests.Appeals.Lifecycle.CaseFixture;
using static Hanan.Ops.Domain.Tests.Calendar.Shanghai;

namespace Hanan.Ops.Domain.Tests.Appeals.Lifecycle;

public class RerouteTests
{
    private const string Transport = "jiaotong";
    private static readonly TimeLimit TwoHours = TimeLimit.Parse("2wh");
    private static readonly TimeLimit ThreeDays = TimeLimit.Parse("3wd");
    private static readonly DateTimeOffset Rerouted = At(2026, 10, 8, 9, 0);

    [Fact]
    public void Rerouting_a_returned_case_dispatches_fresh_assignments_and_restarts_the_resolve_clock_from_now()
    {
        var file = In(CaseStatus.Returned);

        var decision = file.Reroute(Dispatcher, Transport, [Water], TwoHours, ThreeDays, Workdays, Rerouted);

        var rerouted = decision.ShouldBeAcceptedFrom(file);
        rerouted.Status.Should().Be(CaseStatus.Dispatched);
        rerouted.ClaimLimit.Should().Be(TwoHours);
        rerouted.Assignments.Select(a => (a.BureauId, a.Role, a.Status, a.ClaimDue)).Should().Equal(
            (Transport, AssignmentRole.Lead, AssignmentStatus.Open, At(2026, 10, 8, 11, 0)),
            (Water, AssignmentRole.CoHandler, AssignmentStatus.Open, At(2026, 10, 8, 11, 0)));
        rerouted.Assignments.Should().OnlyContain(a => a.FirstClaimedAt == null && a.ClaimedBy == null && !a.ClaimOverdueReported);
        rerouted.ResolveSchedule.Start.Should().Be(Rerouted);
        rerouted.ResolveSchedule.Due.Should().Be(At(2026, 10, 12, 17, 0), "3wd: Oct 9, Oct 10 (worked Saturday), Oct 12");
        rerouted.AppliedSteps.Should().Be(EscalationStepSet.Empty);
        rerouted.ReturnsBy(Lead).Should().Be(1, "the return stays counted against the bureau that made it");
        rerouted.IsOpen.Should().BeTrue();

        var e = decision.Events.Should().ContainSingle().Subject;
        e.Kind.Should().Be(CaseEventKind.Rerouted);
        e.Actor.Should().Be(CaseActor.Dispatcher(Dispatcher));
        e.BureauId.Should().Be(Transport);
        e.CoHandlers.Should().Equal(Water);
        e.DueAt.Should().Be(At(2026, 10, 12, 17, 0));
        e.StatusBefore.Should().Be(CaseStatus.Returned);
    }

    [Fact]
    public void Rerouting_clears_the_escalation_of_the_previous_routing()
    {
        var file = Handling()
            .Then(f => f.EvaluateDeadlines(Due))
            .Then(f => f.Return(Lead, Li, "Highway bureau's road.", At(2026, 10, 14, 9, 0)));
        file.Overdue.Should().BeTrue();

        var rerouted = file.Reroute(Dispatcher, Transport, [], TwoHours, ThreeDays, Workdays, At(2026, 10, 14, 10, 0)).ShouldBeAcceptedFrom(file);

        rerouted.Overdue.Should().BeFalse();
        rerouted.AppliedSteps.Should().Be(EscalationStepSet.Empty);
        rerouted.NextDeadline.Should().Be(At(2026, 10, 14, 12, 0), "the new lead's claim deadline: 10:00-12:00");
    }

    [Fact]
    public void A_dispatcher_may_correct_the_routing_of_a_case_still_dispatched()
    {
        var file = Open(Housing);

        var rerouted = file.Reroute(Dispatcher, Transport, [Housing], ClaimLimit, ResolveLimit, Workdays, At(2026, 9, 30, 10, 20))
            .ShouldBeAcceptedFrom(file);

        rerouted.LeadBureau.Should().Be(Transport);
        rerouted.CoHandlers.Select(a => a.BureauId).Should().Equal(Housing);
        rerouted.Returns.Should().Be(0);
    }

    [Fact]
    public void A_bureau_returning_the_case_again_after_rerouting_has_two_returns()
    {
        var file = In(CaseStatus.Returned)
            .Then(f => f.Reroute(Dispatcher, Lead, [], ClaimLimit, ResolveLimit, Workdays, Rerouted))
            .Claimed(Lead, Wang, At(2026, 10, 8, 9, 30));

        var returned = file.Return(Lead, Wang, "Still the highway bureau's road.", At(2026, 10, 8, 10, 0)).ShouldBeAcceptedFrom(file);

        returned.ReturnsBy(Lead).Should().Be(2);
        returned.Returns.Should().Be(2);
    }

    [Theory]
    [InlineData(CaseStatus.InProgress)]
    [InlineData(CaseStatus.AwaitingCitizen)]
    [InlineData(CaseStatus.Resolved)]
    [InlineData(CaseStatus.Closed)]
    [InlineData(CaseStatus.UnderReview)]
    [InlineData(CaseStatus.Merged)]
    public void Only_a_returned_or_still_dispatched_case_is_rerouted(CaseStatus status)
    {
        var file = In(status);

        file.Reroute(Dispatcher, Transport, [], TwoHours, ThreeDays, Workdays, Rerouted).ShouldBeRefused(RefusalReason.WrongStatus, file)
            .Status.Should().Be(status);
    }

    [Theory]
    [InlineData("", new string[0])]
    [InlineData(Transport, new[] { Transport })]
    [InlineData(Transport, new[] { Water, Water })]
    [InlineData(Transport, new[] { "" })]
    public void Rerouting_to_a_missing_lead_or_to_repeated_bureaus_is_bad_input(string lead, string[] coHandlers)
    {
        var file = In(CaseStatus.Returned);

        file.Reroute(Dispatcher, lead, coHandlers, TwoHours, ThreeDays, Workdays, Rerouted).ShouldBeRefused(RefusalReason.InvalidBureaus, file)
            .IsInvalidInput.Should().BeTrue();
    }
}
