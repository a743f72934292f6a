using Hanan.Ops.Domain.Appeals;
using static Hanan.Ops.Domain.Tests.Appeals.Lifecycle.CaseFixture;
using static Hanan.Ops.Domain.Tests.Calendar.Shanghai;

namespace Hanan.Ops.Domain.Tests.Appeals.Lifecycle;

public class ResolutionTests
{
    private static readonly DateTimeOffset T1 = At(2026, 10, 8, 10, 0);
    private static readonly DateTimeOffset T2 = At(2026, 10, 8, 14, 0);
    private static readonly DateTimeOffset T3 = At(2026, 10, 9, 9, 0);

    /// <summary>Lead claimed by Li; Housing claimed by Zhao and Water by Wang.</summary>
    private static CaseFile AllClaimed() => InProgress(Housing, Water)
        .Claimed(Housing, Zhao, At(2026, 9, 30, 11, 10))
        .Claimed(Water, Wang, At(2026, 9, 30, 11, 20));

    [Fact]
    public void Lead_resolving_first_waits_for_every_co_handler_and_the_last_report_resolves_the_case()
    {
        var file = AllClaimed();

        var leadDecision = file.Resolve(Lead, Li, "Pothole filled.", T1);
        var leadDone = leadDecision.ShouldBeAcceptedFrom(file);
        leadDone.Status.Should().Be(CaseStatus.InProgress);
        leadDone.Lead.Status.Should().Be(AssignmentStatus.Resolved);
        leadDone.Lead.DoneAt.Should().Be(T1);
        leadDone.Lead.Outcome.Should().Be("Pothole filled.");
        leadDone.ResolvedAt.Should().BeNull();
        leadDecision.Events.Select(e => e.Kind).Should().Equal(CaseEventKind.LeadResolved);

        var housing = leadDone.Report(Housing, Zhao, "No housing issue.", T2);
        var oneLeft = housing.ShouldBeAcceptedFrom(leadDone);
        oneLeft.Status.Should().Be(CaseStatus.InProgress);
        oneLeft.AssignmentOf(Housing)!.Status.Should().Be(AssignmentStatus.Reported);
        housing.Events.Select(e => e.Kind).Should().Equal(CaseEventKind.CoHandlerReported);

        var water = oneLeft.Report(Water, Wang, "Drain cleared.", T3);
        var resolved = water.ShouldBeAcceptedFrom(oneLeft);
        resolved.Status.Should().Be(CaseStatus.Resolved);
        resolved.ResolvedAt.Should().Be(T3);
        resolved.RatingDue.Should().Be(T3.AddDays(7));
        resolved.IsOpen.Should().BeFalse();
        water.Events.Select(e => e.Kind).Should().Equal(CaseEventKind.CoHandlerReported, CaseEventKind.CaseResolved);
        var caseResolved = water.Events[1];
        caseResolved.StatusBefore.Should().Be(CaseStatus.InProgress);
        caseResolved.StatusAfter.Should().Be(CaseStatus.Resolved);
        caseResolved.Actor.Should().Be(CaseActor.Officer(Wang));
        caseResolved.BureauId.Should().Be(Lead);
        caseResolved.DueAt.Should().Be(T3.AddDays(7));
    }

    [Fact]
    public void Co_handlers_reporting_first_do_not_resolve_the_case_until_the_lead_resolves()
    {
        var file = AllClaimed()
            .Then(f => f.Report(Housing, Zhao, "No housing issue.", T1))
            .Then(f => f.Report(Water, Wang, "Drain cleared.", T2));
        file.Status.Should().Be(CaseStatus.InProgress);
        file.ResolvedAt.Should().BeNull();

        var decision = file.Resolve(Lead, Li, "Pothole filled.", T3);

        var resolved = decision.ShouldBeAcceptedFrom(file);
        resolved.Status.Should().Be(CaseStatus.Resolved);
        resolved.ResolvedAt.Should().Be(T3);
        resolved.RatingDue.Should().Be(T3 + CaseFile.RatingPeriod);
        decision.Events.Select(e => e.Kind).Should().Equal(CaseEventKind.LeadResolved, CaseEventKind.CaseResolved);
    }

    [Fact]
    public void A_co_handler_reporting_while_the_lead_is_still_unclaimed_leaves_the_case_dispatched()
    {
        var file = Open(Housing).Claimed(Housing, Zhao, At(2026, 9, 30, 10, 30));

        var reported = file.Report(Housing, Zhao, "Nothing for housing.", At(2026, 9, 30, 11, 0)).ShouldBeAcceptedFrom(file);

        reported.Status.Should().Be(CaseStatus.Dispatched);
    }

    [Fact]
    public void A_lead_without_co_handlers_resolves_the_case_at_once()
    {
        var file = InProgress();

        var resolved = file.Resolve(Lead, Li, "Pothole filled.", T1).ShouldBeAcceptedFrom(file);

        resolved.Status.Should().Be(CaseStatus.Resolved);
        resolved.RatingDue.Should().Be(At(2026, 10, 15, 10, 0));
        resolved.NextDeadline.Should().Be(At(2026, 10, 15, 10, 0));
    }

    [Fact]
    public void Resolving_while_waiting_for_the_citizen_ends_the_wait()
    {
        var file = In(CaseStatus.AwaitingCitizen);

        var decision = file.Resolve(Lead, Li, "Found it without the answer; fixed.", T1);

        var done = decision.ShouldBeAcceptedFrom(file);
        done.Status.Should().Be(CaseStatus.InProgress, "housing has not reported yet");
        decision.Events.Single().StatusBefore.Should().Be(CaseStatus.AwaitingCitizen);
    }

    [Fact]
    public void Only_a_co_handler_reports()
    {
        var file = AllClaimed();

        file.Report(Lead, Li, "Done.", T1).ShouldBeRefused(RefusalReason.NotCoHandler, file);
    }

    [Fact]
    public void Only_the_lead_resolves()
    {
        var file = AllClaimed();

        file.Resolve(Housing, Zhao, "Done.", T1).ShouldBeRefused(RefusalReason.NotLeadBureau, file);
    }

    [Fact]
    public void Only_the_claimer_resolves()
    {
        var file = AllClaimed();

        file.Resolve(Lead, Wang, "Done.", T1).ShouldBeRefused(RefusalReason.NotTheClaimer, file).ClaimedBy.Should().Be(Li);
    }

    [Fact]
    public void A_report_and_a_resolution_need_a_summary()
    {
        var file = AllClaimed();

        file.Report(Housing, Zhao, "", T1).ShouldBeRefused(RefusalReason.TextRequired, file);
        file.Resolve(Lead, Li, " ", T1).ShouldBeRefused(RefusalReason.TextRequired, file);
    }

    [Fact]
    public void A_resolved_lead_cannot_resolve_again()
    {
        var file = AllClaimed().Then(f => f.Resolve(Lead, Li, "Pothole filled.", T1));

        file.Resolve(Lead, Li, "Again.", T2).ShouldBeRefused(RefusalReason.AssignmentFinished, file);
    }

    [Fact]
    public void A_lead_return_sends_the_case_to_the_command_centre_and_counts_against_the_bureau()
    {
        var file = InProgress(Housing);

        var decision = file.Return(Lead, Li, "Provincial road: highway bureau's responsibility.", At(2026, 9, 30, 14, 0));

        var returned = decision.ShouldBeAcceptedFrom(file);
        returned.Status.Should().Be(CaseStatus.Returned);
        returned.IsOpen.Should().BeFalse();
        returned.Lead.Status.Should().Be(AssignmentStatus.Returned);
        returned.Lead.Outcome.Should().Be("Provincial road: highway bureau's responsibility.");
        returned.Returns.Should().Be(1);
        returned.ReturnsBy(Lead).Should().Be(1);
        returned.ReturnsBy(Housing).Should().Be(0);
        returned.ReturnLog.Should().Equal(new ReturnRecord(
            Lead, AssignmentRole.Lead, Li, "Provincial road: highway bureau's responsibility.", At(2026, 9, 30, 14, 0)));
        returned.NextDeadline.Should().BeNull();
        var e = decision.Events.Should().ContainSingle().Subject;
        e.Kind.Should().Be(CaseEventKind.Returned);
        e.Text.Should().Be("Provincial road: highway bureau's responsibility.");
    }

    [Fact]
    public void A_co_handler_return_ends_its_part_and_no_longer_holds_up_resolution()
    {
        var file = AllClaimed();

        var returned = file.Return(Water, Wang, "No water assets at this address.", T1).ShouldBeAcceptedFrom(file);
        returned.Status.Should().Be(CaseStatus.InProgress);
        returned.AssignmentOf(Water)!.Status.Should().Be(AssignmentStatus.Returned);
        returned.ReturnsBy(Water).Should().Be(1);

        var done = returned
            .Then(f => f.Report(Housing, Zhao, "No housing issue.", T2))
            .Then(f => f.Resolve(Lead, Li, "Pothole filled.", T3));

        done.Status.Should().Be(CaseStatus.Resolved);
    }

    [Fact]
    public void A_co_handler_return_can_be_the_last_thing_the_case_waited_for()
    {
        var file = AllClaimed()
            .Then(f => f.Resolve(Lead, Li, "Pothole filled.", T1))
            .Then(f => f.Report(Housing, Zhao, "No housing issue.", T2));

        var decision = file.Return(Water, Wang, "No water assets here.", T3);

        decision.ShouldBeAcceptedFrom(file).Status.Should().Be(CaseStatus.Resolved);
        decision.Events.Select(e => e.Kind).Should().Equal(CaseEventKind.Returned, CaseEventKind.CaseResolved);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void A_return_without_a_reason_is_bad_input(string reason)
    {
        var file = InProgress();

        file.Return(Lead, Li, reason, At(2026, 9, 30, 14, 0)).ShouldBeRefused(RefusalReason.ReasonRequired, file)
            .IsInvalidInput.Should().BeTrue();
    }

    [Fact]
    public void Bad_input_is_reported_before_a_conflict()
    {
        var file = In(CaseStatus.Closed);

        file.Return(Lead, Li, "", At(2026, 10, 12, 9, 0)).ShouldBeRefused(RefusalReason.ReasonRequired, file);
    }

    [Fact]
    public void A_return_needs_the_claim()
    {
        var file = Open();

        file.Return(Lead, Li, "Not ours.", At(2026, 9, 30, 14, 0)).ShouldBeRefused(RefusalReason.NotClaimed, file);
    }
}
