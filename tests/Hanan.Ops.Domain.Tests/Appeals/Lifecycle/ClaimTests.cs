using Hanan.Ops.Domain.Appeals;
using static Hanan.Ops.Domain.Tests.Appeals.Lifecycle.CaseFixture;
using static Hanan.Ops.Domain.Tests.Calendar.Shanghai;

namespace Hanan.Ops.Domain.Tests.Appeals.Lifecycle;

public class ClaimTests
{
    [Fact]
    public void Claiming_the_lead_assignment_puts_the_case_in_progress_and_starts_the_act_by_clock()
    {
        var file = Open(Housing);

        var decision = file.Claim(Lead, Li, Workdays, LeadClaimed);

        var claimed = decision.ShouldBeAcceptedFrom(file);
        claimed.Status.Should().Be(CaseStatus.InProgress);
        var lead = claimed.Lead;
        lead.Status.Should().Be(AssignmentStatus.Claimed);
        lead.ClaimedBy.Should().Be(Li);
        lead.ClaimedAt.Should().Be(LeadClaimed);
        lead.FirstClaimedAt.Should().Be(LeadClaimed);
        lead.ActDue.Should().Be(LeadActDue);
        lead.HasActed.Should().BeFalse();
        claimed.AssignmentOf(Housing)!.Status.Should().Be(AssignmentStatus.Open);

        var e = decision.Events.Should().ContainSingle().Subject;
        e.Kind.Should().Be(CaseEventKind.Claimed);
        e.At.Should().Be(LeadClaimed);
        e.Actor.Should().Be(new CaseActor(Li, ActorRole.Officer));
        e.BureauId.Should().Be(Lead);
        e.StatusBefore.Should().Be(CaseStatus.Dispatched);
        e.StatusAfter.Should().Be(CaseStatus.InProgress);
        e.DueAt.Should().Be(LeadActDue);
    }

    [Fact]
    public void Claiming_a_co_handler_assignment_leaves_the_case_status_alone()
    {
        var file = Open(Housing);

        var claimed = file.Claim(Housing, Zhao, Workdays, At(2026, 9, 30, 10, 15)).ShouldBeAcceptedFrom(file);

        claimed.Status.Should().Be(CaseStatus.Dispatched);
        claimed.AssignmentOf(Housing)!.ClaimedBy.Should().Be(Zhao);
        claimed.Lead.Status.Should().Be(AssignmentStatus.Open);
    }

    [Fact]
    public void A_claim_at_the_end_of_the_last_working_day_before_National_Day_must_be_acted_on_by_the_first_morning_after()
    {
        var file = Open();

        var claimed = file.Claim(Lead, Li, Workdays, At(2026, 9, 30, 16, 0)).ShouldBeAcceptedFrom(file);

        // 1 h on Sep 30, Oct 1-7 off, then 3 h from 08:30 on Thursday Oct 8.
        claimed.Lead.ActDue.Should().Be(At(2026, 10, 8, 11, 30));
    }

    [Fact]
    public void Claim_by_a_second_officer_is_refused_naming_the_winner()
    {
        var file = InProgress();

        var refusal = file.Claim(Lead, Wang, Workdays, At(2026, 9, 30, 11, 1)).ShouldBeRefused(RefusalReason.AlreadyClaimed, file);

        refusal.ClaimedBy.Should().Be(Li);
        refusal.Message.Should().Contain(Li).And.Contain("2026-09-30 11:00");
        refusal.IsInvalidInput.Should().BeFalse();
    }

    [Fact]
    public void The_same_officer_claiming_again_changes_nothing()
    {
        var file = InProgress();

        file.Claim(Lead, Li, Workdays, At(2026, 9, 30, 11, 5)).ShouldBeUnchangedFrom(file);
    }

    [Fact]
    public void A_claim_by_a_bureau_without_a_part_in_the_case_is_refused()
    {
        var file = Open(Housing);

        file.Claim(Water, Wang, Workdays, LeadClaimed).ShouldBeRefused(RefusalReason.NotAssigned, file)
            .Message.Should().Contain(Water);
    }

    [Fact]
    public void A_finished_assignment_cannot_be_claimed_again()
    {
        var file = InProgress(Housing)
            .Claimed(Housing, Zhao, At(2026, 9, 30, 11, 30))
            .Then(f => f.Report(Housing, Zhao, "Nothing for housing here.", At(2026, 9, 30, 14, 0)));

        file.Claim(Housing, Wang, Workdays, At(2026, 9, 30, 15, 0)).ShouldBeRefused(RefusalReason.AssignmentFinished, file)
            .Message.Should().Contain("reported");
    }

    [Theory]
    [InlineData(CaseStatus.Returned)]
    [InlineData(CaseStatus.Resolved)]
    [InlineData(CaseStatus.Closed)]
    [InlineData(CaseStatus.UnderReview)]
    [InlineData(CaseStatus.Merged)]
    public void Nobody_claims_a_case_that_is_not_open_for_handling(CaseStatus status)
    {
        var file = In(status);

        var refusal = file.Claim(Housing, Wang, Workdays, At(2026, 10, 12, 9, 0)).ShouldBeRefused(RefusalReason.WrongStatus, file);

        refusal.Status.Should().Be(status);
    }

    [Fact]
    public void Unclaiming_a_claim_not_acted_on_puts_it_back_in_the_queue_and_the_case_back_to_dispatched()
    {
        var file = InProgress(Housing);

        var decision = file.Unclaim(Lead, Li, At(2026, 9, 30, 11, 10));

        var unclaimed = decision.ShouldBeAcceptedFrom(file);
        unclaimed.Status.Should().Be(CaseStatus.Dispatched);
        unclaimed.Lead.Status.Should().Be(AssignmentStatus.Open);
        unclaimed.Lead.ClaimedBy.Should().BeNull();
        unclaimed.Lead.ClaimedAt.Should().BeNull();
        unclaimed.Lead.ActDue.Should().BeNull();
        unclaimed.Lead.FirstClaimedAt.Should().Be(LeadClaimed, "the bureau's first response still counts");
        decision.Events.Should().ContainSingle().Which.Kind.Should().Be(CaseEventKind.Unclaimed);

        // Then anyone of the bureau may claim it.
        unclaimed.Claim(Lead, Wang, Workdays, At(2026, 9, 30, 11, 20)).ShouldBeAcceptedFrom(unclaimed)
            .Lead.FirstClaimedAt.Should().Be(LeadClaimed);
    }

    [Fact]
    public void Unclaiming_a_co_handler_assignment_leaves_the_case_in_progress()
    {
        var file = InProgress(Housing).Claimed(Housing, Zhao, At(2026, 9, 30, 11, 30));

        var unclaimed = file.Unclaim(Housing, Zhao, At(2026, 9, 30, 11, 40)).ShouldBeAcceptedFrom(file);

        unclaimed.Status.Should().Be(CaseStatus.InProgress);
        unclaimed.AssignmentOf(Housing)!.Status.Should().Be(AssignmentStatus.Open);
    }

    [Fact]
    public void Once_the_claimer_has_acted_the_claim_cannot_go_back_to_the_queue()
    {
        var file = InProgress().Then(f => f.Note(Lead, Li, "Site visit booked.", false, At(2026, 9, 30, 11, 30)));

        file.Unclaim(Lead, Li, At(2026, 9, 30, 11, 40)).ShouldBeRefused(RefusalReason.AlreadyActed, file)
            .Message.Should().Contain("transfer");
    }

    [Fact]
    public void Only_the_claimer_may_unclaim()
    {
        var file = InProgress();

        file.Unclaim(Lead, Wang, At(2026, 9, 30, 11, 10)).ShouldBeRefused(RefusalReason.NotTheClaimer, file)
            .ClaimedBy.Should().Be(Li);
    }

    [Fact]
    public void An_unclaimed_assignment_cannot_be_unclaimed()
    {
        var file = Open();

        file.Unclaim(Lead, Li, At(2026, 9, 30, 11, 10)).ShouldBeRefused(RefusalReason.NotClaimed, file);
    }

    [Fact]
    public void A_transfer_hands_the_claim_to_a_colleague_who_must_act_within_the_claim_limit()
    {
        var file = InProgress().Then(f => f.Note(Lead, Li, "Measured the pothole.", false, At(2026, 9, 30, 11, 30)));

        var decision = file.Transfer(Lead, Li, Wang, Workdays, At(2026, 9, 30, 14, 0));

        var handed = decision.ShouldBeAcceptedFrom(file);
        handed.Status.Should().Be(CaseStatus.InProgress);
        handed.Lead.ClaimedBy.Should().Be(Wang);
        handed.Lead.ClaimedAt.Should().Be(At(2026, 9, 30, 14, 0));
        handed.Lead.ActDue.Should().Be(At(2026, 10, 8, 9, 30), "3 h on Sep 30, then 1 h after the holiday");
        handed.Lead.FirstClaimedAt.Should().Be(LeadClaimed);
        var e = decision.Events.Should().ContainSingle().Subject;
        e.Kind.Should().Be(CaseEventKind.Transferred);
        e.Actor.Id.Should().Be(Li);
        e.OfficerId.Should().Be(Wang);
    }

    [Fact]
    public void After_a_transfer_only_the_new_claimer_may_act()
    {
        var file = InProgress().Then(f => f.Transfer(Lead, Li, Wang, Workdays, At(2026, 9, 30, 14, 0)));

        file.Note(Lead, Li, "Still mine?", false, At(2026, 9, 30, 14, 5)).ShouldBeRefused(RefusalReason.NotTheClaimer, file)
            .ClaimedBy.Should().Be(Wang);
        file.Note(Lead, Wang, "Taking over.", false, At(2026, 9, 30, 14, 5)).ShouldBeAcceptedFrom(file);
    }

    [Fact]
    public void Only_the_claimer_may_transfer()
    {
        var file = InProgress();

        file.Transfer(Lead, Wang, Zhao, Workdays, At(2026, 9, 30, 14, 0)).ShouldBeRefused(RefusalReason.NotTheClaimer, file);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void A_transfer_to_nobody_is_bad_input(string to)
    {
        var file = InProgress();

        file.Transfer(Lead, Li, to, Workdays, At(2026, 9, 30, 14, 0)).ShouldBeRefused(RefusalReason.OfficerRequired, file)
            .IsInvalidInput.Should().BeTrue();
    }

    [Fact]
    public void A_transfer_to_oneself_changes_nothing()
    {
        var file = InProgress();

        file.Transfer(Lead, Li, Li, Workdays, At(2026, 9, 30, 14, 0)).ShouldBeUnchangedFrom(file);
    }
}
