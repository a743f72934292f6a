using Hanan.Ops.Domain.Appeals;
using Hanan.Ops.Domain.Calendar;
using static Hanan.Ops.Domain.Tests.Appeals.Lifecycle.CaseFixture;
using static Hanan.Ops.Domain.Tests.Calendar.Shanghai;

namespace Hanan.Ops.Domain.Tests.Appeals.Lifecycle;

public class DeadlineTests
{
    [Fact]
    public void Each_escalation_step_fires_exactly_once_at_its_instant_in_order()
    {
        var file = Handling();
        var expected = new[] { (EscalationStep.Warning, Warning), (EscalationStep.Overdue, Due), (EscalationStep.SupervisionNotice, SupervisionNotice), (EscalationStep.DistrictLeaders, DistrictLeaders) };

        foreach (var (step, at) in expected)
        {
            file.NextDeadline.Should().Be(at);
            file.EvaluateDeadlines(at.AddTicks(-1)).ShouldBeUnchangedFrom(file);

            var decision = file.EvaluateDeadlines(at);

            var next = decision.ShouldBeAcceptedFrom(file);
            var e = decision.Events.Should().ContainSingle().Subject;
            e.Kind.Should().Be(CaseEventKind.Escalated);
            e.Step.Should().Be(step);
            e.DueAt.Should().Be(at);
            e.At.Should().Be(at);
            e.Actor.Should().Be(CaseActor.System);
            e.BureauId.Should().Be(Lead);
            next.AppliedSteps.Contains(step).Should().BeTrue();
            next.EvaluateDeadlines(at).ShouldBeUnchangedFrom(next);
            next.EvaluateDeadlines(at.AddHours(1)).Events.Should().NotContain(x => x.Step == step);
            file = next;
        }

        file.AppliedSteps.Should().Be(EscalationStepSet.All);
        file.NextDeadline.Should().BeNull();
        file.EvaluateDeadlines(At(2026, 12, 31, 12, 0)).ShouldBeUnchangedFrom(file);
    }

    [Fact]
    public void A_late_evaluation_applies_every_missed_step_at_once_in_step_order()
    {
        var file = Handling();

        var decision = file.EvaluateDeadlines(At(2026, 10, 21, 9, 0));

        var escalated = decision.ShouldBeAcceptedFrom(file);
        decision.Events.Select(e => e.Step).Should().Equal(
            EscalationStep.Warning, EscalationStep.Overdue, EscalationStep.SupervisionNotice, EscalationStep.DistrictLeaders);
        decision.Events.Select(e => e.DueAt).Should().Equal(Warning, Due, SupervisionNotice, DistrictLeaders);
        escalated.Version.Should().Be(file.Version + 1, "one change, however many events");
        escalated.EvaluateDeadlines(At(2026, 10, 22, 9, 0)).ShouldBeUnchangedFrom(escalated);
    }

    [Fact]
    public void Nothing_escalates_over_the_National_Day_holiday()
    {
        var file = Handling();

        file.EvaluateDeadlines(At(2026, 10, 7, 23, 59)).ShouldBeUnchangedFrom(file);
    }

    [Fact]
    public void A_case_is_overdue_from_its_due_instant_until_it_is_resolved()
    {
        var file = Handling().Then(f => f.EvaluateDeadlines(Warning));
        file.Overdue.Should().BeFalse();

        var overdue = file.Then(f => f.EvaluateDeadlines(Due));
        overdue.Overdue.Should().BeTrue();
        overdue.IsOpen.Should().BeTrue();

        var resolved = overdue.Then(f => f.Resolve(Lead, Li, "Finally fixed.", At(2026, 10, 14, 9, 0)));
        resolved.Overdue.Should().BeFalse();
        resolved.AppliedSteps.Contains(EscalationStep.Overdue).Should().BeTrue("the record of the escalation stays");
    }

    [Fact]
    public void A_resolved_case_never_escalates_and_closes_unrated_at_the_end_of_the_rating_period()
    {
        var file = ResolvedAt(At(2026, 10, 9, 10, 0));
        file.NextDeadline.Should().Be(At(2026, 10, 16, 10, 0));

        file.EvaluateDeadlines(At(2026, 10, 16, 9, 59, 59)).ShouldBeUnchangedFrom(file);
        var decision = file.EvaluateDeadlines(At(2026, 10, 21, 9, 0));

        decision.Events.Select(e => e.Kind).Should().Equal(CaseEventKind.ClosedUnrated);
        var closed = decision.ShouldBeAcceptedFrom(file);
        closed.AppliedSteps.Should().Be(EscalationStepSet.Empty);
        closed.EvaluateDeadlines(At(2026, 12, 31, 9, 0)).ShouldBeUnchangedFrom(closed);
    }

    [Theory]
    [InlineData(CaseStatus.Returned)]
    [InlineData(CaseStatus.Closed)]
    [InlineData(CaseStatus.UnderReview)]
    [InlineData(CaseStatus.Merged)]
    public void Nothing_ever_happens_by_time_to_a_case_that_is(CaseStatus status)
    {
        var file = In(status);

        file.NextDeadline.Should().BeNull();
        file.EvaluateDeadlines(At(2026, 10, 14, 17, 0)).ShouldBeUnchangedFrom(file);
        file.EvaluateDeadlines(At(2026, 12, 31, 17, 0)).ShouldBeUnchangedFrom(file);
    }

    [Fact]
    public void An_assignment_still_unclaimed_at_its_claim_deadline_is_reported_once()
    {
        var file = Open(Housing, Water).Claimed(Water, Wang, At(2026, 9, 30, 10, 30));
        file.NextDeadline.Should().Be(ClaimDue);

        file.EvaluateDeadlines(ClaimDue.AddTicks(-1)).ShouldBeUnchangedFrom(file);
        var decision = file.EvaluateDeadlines(ClaimDue);

        var reported = decision.ShouldBeAcceptedFrom(file);
        decision.Events.Should().OnlyContain(e => e.Kind == CaseEventKind.ClaimOverdue && e.DueAt == ClaimDue && e.Actor == CaseActor.System);
        decision.Events.Select(e => e.BureauId).Should().Equal(Lead, Housing);
        reported.Status.Should().Be(CaseStatus.Dispatched);
        reported.Lead.ClaimOverdueReported.Should().BeTrue();
        reported.AssignmentOf(Housing)!.ClaimOverdueReported.Should().BeTrue();
        reported.AssignmentOf(Water)!.ClaimOverdueReported.Should().BeFalse();
        reported.EvaluateDeadlines(At(2026, 9, 30, 15, 45)).Events.Should().NotContain(e => e.Kind == CaseEventKind.ClaimOverdue);
    }

    [Fact]
    public void A_case_is_overdue_from_a_missed_claim_limit_until_the_bureau_claims_it()
    {
        var file = Open(Water).Claimed(Water, Wang, At(2026, 9, 30, 10, 30));
        file.Overdue.Should().BeFalse();
        file.EvaluateDeadlines(ClaimDue.AddTicks(-1)).ShouldBeUnchangedFrom(file);

        var missed = file.Then(f => f.EvaluateDeadlines(ClaimDue));
        missed.ClaimOverdue.Should().BeTrue();
        missed.Overdue.Should().BeTrue("超期 covers a claim limit that passed unclaimed, not only the resolve deadline");

        var claimed = missed.Claimed(Lead, Li, ClaimDue.AddMinutes(20));
        claimed.ClaimOverdue.Should().BeFalse();
        claimed.Overdue.Should().BeFalse("the resolve deadline has not passed");
    }

    [Fact]
    public void A_claim_not_acted_on_goes_back_to_the_queue_at_its_act_by_instant_after_the_holiday()
    {
        // Claimed at 16:00 on Sep 30, after the claim deadline (15:30): 1 h that day, 3 h from 08:30 on Oct 8.
        var file = Open().Claimed(Lead, Li, At(2026, 9, 30, 16, 0));
        file.NextDeadline.Should().Be(At(2026, 10, 8, 11, 30));
        file.EvaluateDeadlines(At(2026, 10, 8, 11, 29, 59)).ShouldBeUnchangedFrom(file);

        var decision = file.EvaluateDeadlines(At(2026, 10, 8, 11, 30));

        var queued = decision.ShouldBeAcceptedFrom(file);
        queued.Status.Should().Be(CaseStatus.Dispatched);
        queued.Lead.Status.Should().Be(AssignmentStatus.Open);
        queued.Lead.ClaimedBy.Should().BeNull();
        queued.Lead.FirstClaimedAt.Should().Be(At(2026, 9, 30, 16, 0));
        decision.Events.Select(e => e.Kind).Should().Equal(CaseEventKind.ClaimExpired, CaseEventKind.ClaimOverdue);
        var expired = decision.Events[0];
        expired.OfficerId.Should().Be(Li);
        expired.BureauId.Should().Be(Lead);
        expired.DueAt.Should().Be(At(2026, 10, 8, 11, 30));
        expired.StatusBefore.Should().Be(CaseStatus.InProgress);
        expired.StatusAfter.Should().Be(CaseStatus.Dispatched);

        queued.Claim(Lead, Wang, Workdays, At(2026, 10, 8, 11, 45)).ShouldBeAcceptedFrom(queued).Lead.ClaimedBy.Should().Be(Wang);
    }

    [Fact]
    public void A_co_handler_claim_not_acted_on_goes_back_to_the_queue_without_touching_the_case_status()
    {
        // Claimed at 15:00 on Sep 30, before the claim deadline: 2 h that day, 2 h from 08:30 on Oct 8.
        var file = Handling(Housing).Claimed(Housing, Zhao, At(2026, 9, 30, 15, 0));
        file.EvaluateDeadlines(At(2026, 10, 8, 10, 29)).ShouldBeUnchangedFrom(file);

        var decision = file.EvaluateDeadlines(At(2026, 10, 8, 10, 30));

        var queued = decision.ShouldBeAcceptedFrom(file);
        queued.Status.Should().Be(CaseStatus.InProgress);
        queued.AssignmentOf(Housing)!.Status.Should().Be(AssignmentStatus.Open);
        queued.Lead.ClaimedBy.Should().Be(Li);
        decision.Events.Select(e => (e.Kind, e.BureauId)).Should().Equal(
            (CaseEventKind.ClaimExpired, Housing), (CaseEventKind.ClaimOverdue, Housing));
    }

    [Fact]
    public void A_claim_acted_on_stays_with_its_officer()
    {
        var file = Handling();

        file.EvaluateDeadlines(At(2026, 10, 8, 16, 0)).ShouldBeUnchangedFrom(file);
        file.Lead.ClaimedBy.Should().Be(Li);
    }

    [Fact]
    public void The_next_deadline_is_the_earliest_pending_instant()
    {
        var file = Open(Housing);
        file.NextDeadline.Should().Be(ClaimDue);

        var claimed = file.Claimed(Lead, Li, At(2026, 9, 30, 10, 30)).Claimed(Housing, Zhao, At(2026, 9, 30, 10, 45));
        claimed.NextDeadline.Should().Be(At(2026, 9, 30, 16, 0), "Li must act 4 working hours after 10:30: 1.5 h before lunch, 2.5 h after");

        var acted = claimed.Then(f => f.Note(Lead, Li, "On it.", false, At(2026, 9, 30, 10, 50)));
        acted.NextDeadline.Should().Be(At(2026, 9, 30, 16, 15), "Zhao must act 4 working hours after 10:45");

        var allActed = acted.Then(f => f.Note(Housing, Zhao, "On it too.", false, At(2026, 9, 30, 10, 55)));
        allActed.NextDeadline.Should().Be(Warning);
    }

    [Fact]
    public void Closing_unrated_waits_for_the_end_of_the_rating_period()
    {
        var file = ResolvedAt(At(2026, 10, 9, 10, 0));

        var early = file.CloseUnrated(At(2026, 10, 16, 9, 59)).ShouldBeRefused(RefusalReason.NotYetDue, file);
        early.Due.Should().Be(At(2026, 10, 16, 10, 0));

        var decision = file.CloseUnrated(At(2026, 10, 16, 10, 0));
        var closed = decision.ShouldBeAcceptedFrom(file);
        closed.Status.Should().Be(CaseStatus.Closed);
        closed.Closure.Should().Be(CaseClosure.NotRated);
        closed.Rating.Should().BeNull();
        closed.Ratings.Should().BeEmpty();
        closed.ClosedAt.Should().Be(At(2026, 10, 16, 10, 0));
        closed.IsFinished.Should().BeTrue();
        var e = decision.Events.Should().ContainSingle().Subject;
        e.Kind.Should().Be(CaseEventKind.ClosedUnrated);
        e.Actor.Should().Be(CaseActor.System);
        e.DueAt.Should().Be(At(2026, 10, 16, 10, 0));
    }

    [Theory]
    [InlineData(CaseStatus.InProgress)]
    [InlineData(CaseStatus.Closed)]
    [InlineData(CaseStatus.UnderReview)]
    public void Only_a_resolved_case_closes_unrated(CaseStatus status)
    {
        var file = In(status);

        file.CloseUnrated(At(2026, 12, 31, 9, 0)).ShouldBeRefused(RefusalReason.WrongStatus, file);
    }
}
