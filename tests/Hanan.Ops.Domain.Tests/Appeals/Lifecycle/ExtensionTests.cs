using Hanan.Ops.Domain.Appeals;
using Hanan.Ops.Domain.Calendar;
using static Hanan.Ops.Domain.Tests.Appeals.Lifecycle.CaseFixture;
using static Hanan.Ops.Domain.Tests.Calendar.Shanghai;

namespace Hanan.Ops.Domain.Tests.Appeals.Lifecycle;

public class ExtensionTests
{
    private static readonly TimeLimit ThreeDays = TimeLimit.Parse("3wd");
    private static readonly DateTimeOffset Requested = At(2026, 10, 9, 10, 0);
    private const string Why = "Asphalt plant closed until Oct 14.";

    private static CaseFile Pending() => Handling().Then(f => f.RequestExtension(Lead, Li, Why, ThreeDays, Requested));

    [Fact]
    public void An_extension_is_asked_for_before_the_deadline_and_waits_for_a_supervisor()
    {
        var file = Handling();

        var decision = file.RequestExtension(Lead, Li, Why, ThreeDays, Requested);

        var pending = decision.ShouldBeAcceptedFrom(file);
        pending.PendingExtension.Should().Be(new ExtensionRequest(Lead, Li, Why, ThreeDays, Requested));
        pending.ResolveSchedule.Should().Be(file.ResolveSchedule, "nothing moves until a supervisor approves");
        pending.Status.Should().Be(CaseStatus.InProgress);
        var e = decision.Events.Should().ContainSingle().Subject;
        e.Kind.Should().Be(CaseEventKind.ExtensionRequested);
        e.Limit.Should().Be(ThreeDays);
        e.Text.Should().Be(Why);
    }

    [Fact]
    public void Asking_for_an_extension_counts_as_acting()
    {
        var file = InProgress();

        file.RequestExtension(Lead, Li, Why, ThreeDays, At(2026, 9, 30, 11, 5)).ShouldBeAcceptedFrom(file)
            .Lead.HasActed.Should().BeTrue();
    }

    [Fact]
    public void An_extension_can_be_asked_for_up_to_the_last_moment_before_the_due_instant_but_not_at_or_after_it()
    {
        var file = Handling();

        file.RequestExtension(Lead, Li, Why, ThreeDays, Due.AddTicks(-1)).ShouldBeAcceptedFrom(file);
        file.RequestExtension(Lead, Li, Why, ThreeDays, Due).ShouldBeRefused(RefusalReason.PastDue, file).Due.Should().Be(Due);
        var late = file.RequestExtension(Lead, Li, Why, ThreeDays, At(2026, 10, 14, 9, 0)).ShouldBeRefused(RefusalReason.PastDue, file);
        late.Message.Should().Contain("2026-10-13 17:00");
        late.IsInvalidInput.Should().BeFalse();
    }

    [Fact]
    public void A_second_request_while_one_is_pending_is_refused()
    {
        var file = Pending();

        file.RequestExtension(Lead, Li, "And a bit more.", TimeLimit.Parse("1wd"), At(2026, 10, 9, 11, 0))
            .ShouldBeRefused(RefusalReason.ExtensionPending, file);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public void An_extension_without_a_reason_is_bad_input(string reason)
    {
        var file = Handling();

        file.RequestExtension(Lead, Li, reason, ThreeDays, Requested).ShouldBeRefused(RefusalReason.ReasonRequired, file)
            .IsInvalidInput.Should().BeTrue();
    }

    [Fact]
    public void Only_the_lead_claimer_asks_for_an_extension()
    {
        var file = Handling(Housing).Claimed(Housing, Zhao, At(2026, 9, 30, 11, 40));

        file.RequestExtension(Housing, Zhao, Why, ThreeDays, Requested).ShouldBeRefused(RefusalReason.NotLeadBureau, file);
        file.RequestExtension(Lead, Wang, Why, ThreeDays, Requested).ShouldBeRefused(RefusalReason.NotTheClaimer, file);
    }

    [Fact]
    public void An_approved_extension_moves_the_deadline_and_the_warning_fires_again_before_the_new_due()
    {
        var warned = Pending().Then(f => f.EvaluateDeadlines(At(2026, 10, 12, 14, 0)));
        warned.AppliedSteps.Should().Be(EscalationStepSet.Of(EscalationStep.Warning));

        var decision = warned.DecideExtension(Supervisor, approve: true, "Justified.", Workdays, At(2026, 10, 12, 14, 30));

        var extended = decision.ShouldBeAcceptedFrom(warned);
        // 3wd from the old due day: Oct 14, 15, 16. Office time from filing: 40.5 h + 21 h = 61.5 h; 75% = 46 h 07.5 min:
        // 40.5 h to the close of Oct 13, 3.5 h on the morning of Oct 14, then 2 h 07.5 min after 13:30.
        extended.ResolveSchedule.Due.Should().Be(At(2026, 10, 16, 17, 0));
        extended.ResolveSchedule.Warning.Should().Be(At(2026, 10, 14, 15, 37, 30));
        extended.ResolveSchedule.Start.Should().Be(Filed);
        extended.AppliedSteps.Should().Be(EscalationStepSet.Empty, "the new warning instant is still ahead");
        extended.PendingExtension.Should().BeNull();
        extended.Extensions.Should().Equal(new ExtensionDecision(
            new ExtensionRequest(Lead, Li, Why, ThreeDays, Requested), true, Supervisor, "Justified.", At(2026, 10, 12, 14, 30), At(2026, 10, 16, 17, 0)));
        var e = decision.Events.Should().ContainSingle().Subject;
        e.Kind.Should().Be(CaseEventKind.ExtensionApproved);
        e.Actor.Should().Be(CaseActor.Supervisor(Supervisor));
        e.DueAt.Should().Be(At(2026, 10, 16, 17, 0));
        extended.NextDeadline.Should().Be(At(2026, 10, 14, 15, 37, 30));

        extended.EvaluateDeadlines(Due).ShouldBeUnchangedFrom(extended);
        extended.EvaluateDeadlines(At(2026, 10, 14, 15, 37, 29)).ShouldBeUnchangedFrom(extended);
        var again = extended.EvaluateDeadlines(At(2026, 10, 14, 15, 37, 30));
        again.SingleEvent(CaseEventKind.Escalated).Step.Should().Be(EscalationStep.Warning);
        var rewarned = again.ShouldBeAcceptedFrom(extended);
        rewarned.Overdue.Should().BeFalse();

        var overdue = rewarned.EvaluateDeadlines(At(2026, 10, 16, 17, 0));
        overdue.SingleEvent(CaseEventKind.Escalated).Step.Should().Be(EscalationStep.Overdue);
        overdue.ShouldBeAcceptedFrom(rewarned).Overdue.Should().BeTrue();
    }

    [Fact]
    public void An_extension_decided_after_the_old_due_instant_lifts_the_overdue_state()
    {
        var overdue = Pending().Then(f => f.EvaluateDeadlines(At(2026, 10, 13, 17, 30)));
        overdue.Overdue.Should().BeTrue();

        var extended = overdue.DecideExtension(Supervisor, true, null, Workdays, At(2026, 10, 14, 9, 0)).ShouldBeAcceptedFrom(overdue);

        extended.Overdue.Should().BeFalse();
        extended.AppliedSteps.Should().Be(EscalationStepSet.Empty, "at Oct 14 09:00 not even the new warning is reached");
        extended.Extensions.Single().Reason.Should().BeNull();
    }

    [Fact]
    public void Steps_still_reached_under_the_new_schedule_stay_applied()
    {
        var late = Pending().Then(f => f.EvaluateDeadlines(At(2026, 10, 14, 16, 0)));
        late.AppliedSteps.Should().Be(EscalationStepSet.Of(EscalationStep.Warning, EscalationStep.Overdue));

        var extended = late.DecideExtension(Supervisor, true, null, Workdays, At(2026, 10, 14, 16, 0)).ShouldBeAcceptedFrom(late);

        extended.AppliedSteps.Should().Be(EscalationStepSet.Of(EscalationStep.Warning), "the new warning, 15:37:30 on Oct 14, has passed");
        extended.EvaluateDeadlines(At(2026, 10, 14, 16, 5)).ShouldBeUnchangedFrom(extended);
    }

    [Fact]
    public void A_denied_extension_keeps_the_deadline_and_allows_a_new_request()
    {
        var file = Pending();

        var decision = file.DecideExtension(Supervisor, approve: false, "Materials are available elsewhere.", Workdays, At(2026, 10, 9, 15, 0));

        var denied = decision.ShouldBeAcceptedFrom(file);
        denied.ResolveSchedule.Should().Be(file.ResolveSchedule);
        denied.PendingExtension.Should().BeNull();
        denied.Extensions.Single().Approved.Should().BeFalse();
        denied.Extensions.Single().NewDue.Should().BeNull();
        decision.SingleEvent(CaseEventKind.ExtensionDenied).Text.Should().Be("Materials are available elsewhere.");

        denied.RequestExtension(Lead, Li, "Second try.", TimeLimit.Parse("1wd"), At(2026, 10, 9, 16, 0)).ShouldBeAcceptedFrom(denied);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void A_denial_needs_a_reason(string? reason)
    {
        var file = Pending();

        file.DecideExtension(Supervisor, false, reason, Workdays, At(2026, 10, 9, 15, 0)).ShouldBeRefused(RefusalReason.ReasonRequired, file);
    }

    [Fact]
    public void Deciding_with_no_request_pending_is_refused()
    {
        var file = Handling();

        file.DecideExtension(Supervisor, true, null, Workdays, At(2026, 10, 9, 15, 0)).ShouldBeRefused(RefusalReason.NoExtensionPending, file);
    }

    [Fact]
    public void A_pending_extension_lapses_when_the_case_is_resolved()
    {
        var file = Pending();

        var decision = file.Resolve(Lead, Li, "Fixed with cold mix after all.", At(2026, 10, 9, 16, 0));

        var resolved = decision.ShouldBeAcceptedFrom(file);
        resolved.PendingExtension.Should().BeNull();
        decision.Events.Select(e => e.Kind).Should().Equal(CaseEventKind.LeadResolved, CaseEventKind.CaseResolved, CaseEventKind.ExtensionLapsed);
        decision.Events[2].Limit.Should().Be(ThreeDays);
        resolved.DecideExtension(Supervisor, true, null, Workdays, At(2026, 10, 9, 17, 0)).ShouldBeRefused(RefusalReason.WrongStatus, resolved);
    }

    [Fact]
    public void A_pending_extension_lapses_when_the_lead_returns_the_case()
    {
        var file = Pending();

        var decision = file.Return(Lead, Li, "Highway bureau's road after all.", At(2026, 10, 9, 16, 0));

        decision.ShouldBeAcceptedFrom(file).PendingExtension.Should().BeNull();
        decision.Events.Select(e => e.Kind).Should().Equal(CaseEventKind.Returned, CaseEventKind.ExtensionLapsed);
    }
}
