using Hanan.Ops.Domain.Appeals;
using Hanan.Ops.Domain.Calendar;
using static Hanan.Ops.Domain.Tests.Appeals.Lifecycle.CaseFixture;
using static Hanan.Ops.Domain.Tests.Calendar.Shanghai;

namespace Hanan.Ops.Domain.Tests.Appeals.Lifecycle;

public class HandlingTests
{
    [Fact]
    public void A_public_note_is_a_progress_update_the_citizen_sees_and_counts_as_acting()
    {
        var file = InProgress();

        var decision = file.Note(Lead, Li, "Repair crew booked for Thursday.", isPublic: true, At(2026, 9, 30, 11, 30));

        var noted = decision.ShouldBeAcceptedFrom(file);
        noted.Status.Should().Be(CaseStatus.InProgress);
        noted.Lead.ActDue.Should().BeNull();
        noted.Lead.HasActed.Should().BeTrue();
        var e = decision.Events.Should().ContainSingle().Subject;
        e.Kind.Should().Be(CaseEventKind.NoteAdded);
        e.Text.Should().Be("Repair crew booked for Thursday.");
        e.IsPublic.Should().BeTrue();
        e.BureauId.Should().Be(Lead);
        e.Actor.Should().Be(CaseActor.Officer(Li));
    }

    [Fact]
    public void An_internal_note_is_not_public()
    {
        var file = InProgress();

        file.Note(Lead, Li, "Check with the street office.", isPublic: false, At(2026, 9, 30, 11, 30))
            .SingleEvent(CaseEventKind.NoteAdded).IsPublic.Should().BeFalse();
    }

    [Fact]
    public void A_co_handler_may_note_on_its_own_claimed_assignment()
    {
        var file = Open(Housing).Claimed(Housing, Zhao, At(2026, 9, 30, 10, 30));

        var noted = file.Note(Housing, Zhao, "Pipe records requested.", false, At(2026, 9, 30, 10, 45)).ShouldBeAcceptedFrom(file);

        noted.AssignmentOf(Housing)!.HasActed.Should().BeTrue();
        noted.Status.Should().Be(CaseStatus.Dispatched);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void A_note_without_text_is_bad_input(string? text)
    {
        var file = InProgress();

        file.Note(Lead, Li, text!, false, At(2026, 9, 30, 11, 30)).ShouldBeRefused(RefusalReason.TextRequired, file)
            .IsInvalidInput.Should().BeTrue();
    }

    [Fact]
    public void A_note_may_have_4000_characters_but_not_4001()
    {
        var file = InProgress();

        file.Note(Lead, Li, new string('路', 4000), false, At(2026, 9, 30, 11, 30)).ShouldBeAcceptedFrom(file);
        var refusal = file.Note(Lead, Li, new string('路', 4001), false, At(2026, 9, 30, 11, 30))
            .ShouldBeRefused(RefusalReason.TextTooLong, file);
        refusal.IsInvalidInput.Should().BeTrue();
        refusal.Message.Should().Be("The note has 4001 characters; at most 4000 are allowed.");
    }

    [Fact]
    public void A_note_on_an_assignment_nobody_claimed_is_refused()
    {
        var file = Open();

        file.Note(Lead, Li, "Hello", false, At(2026, 9, 30, 11, 30)).ShouldBeRefused(RefusalReason.NotClaimed, file);
    }

    [Fact]
    public void A_note_by_an_officer_who_does_not_hold_the_claim_is_refused_naming_the_claimer()
    {
        var file = InProgress();

        file.Note(Lead, Wang, "Hello", false, At(2026, 9, 30, 11, 30)).ShouldBeRefused(RefusalReason.NotTheClaimer, file)
            .ClaimedBy.Should().Be(Li);
    }

    [Fact]
    public void A_note_by_a_bureau_without_a_part_is_refused()
    {
        var file = InProgress();

        file.Note(Water, Wang, "Hello", false, At(2026, 9, 30, 11, 30)).ShouldBeRefused(RefusalReason.NotAssigned, file);
    }

    [Theory]
    [InlineData(CaseStatus.Returned)]
    [InlineData(CaseStatus.Resolved)]
    [InlineData(CaseStatus.Closed)]
    [InlineData(CaseStatus.UnderReview)]
    [InlineData(CaseStatus.Merged)]
    public void Nobody_notes_on_a_case_that_is_not_open_for_handling(CaseStatus status)
    {
        var file = In(status);

        file.Note(Lead, Li, "Hello", false, At(2026, 10, 12, 9, 0)).ShouldBeRefused(RefusalReason.WrongStatus, file);
    }

    [Fact]
    public void Asking_the_citizen_waits_for_the_reply_and_the_reply_resumes_handling()
    {
        var file = InProgress();

        var asked = file.AskCitizen(Lead, Li, "Which lane of the road?", At(2026, 9, 30, 11, 30));
        var waiting = asked.ShouldBeAcceptedFrom(file);
        waiting.Status.Should().Be(CaseStatus.AwaitingCitizen);
        waiting.IsOpen.Should().BeTrue();
        waiting.Lead.HasActed.Should().BeTrue();
        asked.SingleEvent(CaseEventKind.CitizenAsked).Text.Should().Be("Which lane of the road?");

        var replied = waiting.CitizenReplied(Citizen, "The northbound lane, near the bus stop.", At(2026, 9, 30, 12, 10));
        var resumed = replied.ShouldBeAcceptedFrom(waiting);
        resumed.Status.Should().Be(CaseStatus.InProgress);
        var e = replied.SingleEvent(CaseEventKind.CitizenReplied);
        e.Actor.Should().Be(CaseActor.Citizen(Citizen));
        e.Text.Should().Be("The northbound lane, near the bus stop.");
    }

    [Fact]
    public void Only_the_lead_asks_the_citizen()
    {
        var file = InProgress(Housing).Claimed(Housing, Zhao, At(2026, 9, 30, 11, 30));

        file.AskCitizen(Housing, Zhao, "Where exactly?", At(2026, 9, 30, 11, 40)).ShouldBeRefused(RefusalReason.NotLeadBureau, file)
            .Message.Should().Contain(Lead);
    }

    [Fact]
    public void A_second_question_while_waiting_for_the_citizen_is_refused()
    {
        var file = In(CaseStatus.AwaitingCitizen);

        file.AskCitizen(Lead, Li, "And the house number?", At(2026, 9, 30, 11, 40)).ShouldBeRefused(RefusalReason.WrongStatus, file)
            .Status.Should().Be(CaseStatus.AwaitingCitizen);
    }

    [Fact]
    public void A_question_needs_text()
    {
        var file = InProgress();

        file.AskCitizen(Lead, Li, " ", At(2026, 9, 30, 11, 40)).ShouldBeRefused(RefusalReason.TextRequired, file);
    }

    [Fact]
    public void A_reply_when_nobody_asked_is_refused()
    {
        var file = InProgress();

        file.CitizenReplied(Citizen, "Here you go.", At(2026, 9, 30, 12, 0)).ShouldBeRefused(RefusalReason.WrongStatus, file);
    }

    [Fact]
    public void A_supplement_is_taken_once_per_key_and_answers_a_waiting_question()
    {
        var file = InProgress();

        var first = file.Supplement(Citizen, "楼道灯也坏了。", "fms:41", At(2026, 9, 30, 12, 0));
        var supplemented = first.ShouldBeAcceptedFrom(file);
        supplemented.Status.Should().Be(CaseStatus.InProgress);
        first.SingleEvent(CaseEventKind.CitizenSupplemented).Text.Should().Be("楼道灯也坏了。");
        supplemented.Supplement(Citizen, "楼道灯也坏了。", "fms:41", At(2026, 9, 30, 12, 5)).ShouldBeUnchangedFrom(supplemented);

        var waiting = supplemented.Then(f => f.AskCitizen(Lead, Li, "哪个单元？", At(2026, 9, 30, 12, 10)));
        var answered = waiting.Then(f => f.Supplement(Citizen, "3 单元。", "fms:42", At(2026, 9, 30, 12, 20)));
        answered.Status.Should().Be(CaseStatus.InProgress, "while waiting for the citizen, a supplement is the reply");
        answered.ExternalKeys.Items.Should().Equal("fms:41", "fms:42");
    }

    [Theory]
    [InlineData(CaseStatus.Resolved)]
    [InlineData(CaseStatus.Closed)]
    [InlineData(CaseStatus.Merged)]
    public void A_supplement_to_a_case_that_is_no_longer_handled_is_refused(CaseStatus status)
    {
        var file = In(status);

        file.Supplement(Citizen, "还没修好。", "k1", At(2026, 10, 20, 9, 0)).ShouldBeRefused(RefusalReason.WrongStatus, file);
    }

    [Fact]
    public void An_empty_supplement_is_bad_input()
    {
        var file = InProgress();

        file.Supplement(Citizen, "  ", "k1", At(2026, 9, 30, 12, 0)).ShouldBeRefused(RefusalReason.TextRequired, file);
    }

    [Fact]
    public void A_note_from_a_bureaus_system_is_taken_once_per_update_id()
    {
        var file = InProgress();

        var noted = file.Then(f => f.Note(Lead, Li, "已安排人员现场核查。", isPublic: true, At(2026, 9, 30, 12, 0), key: "water-sys:u1"));
        noted.Note(Lead, Li, "已安排人员现场核查。", isPublic: true, At(2026, 9, 30, 12, 1), key: "water-sys:u1").ShouldBeUnchangedFrom(noted);
        var second = noted.Then(f => f.Note(Lead, Li, "预计明日修复。", isPublic: true, At(2026, 9, 30, 13, 0), key: "water-sys:u2"));

        second.ExternalKeys.Items.Should().Equal("water-sys:u1", "water-sys:u2");
    }

    [Fact]
    public void An_empty_reply_is_bad_input()
    {
        var file = In(CaseStatus.AwaitingCitizen);

        file.CitizenReplied(Citizen, "", At(2026, 9, 30, 12, 0)).ShouldBeRefused(RefusalReason.TextRequired, file);
    }

    [Fact]
    public void The_resolve_clock_does_not_pause_while_waiting_for_the_citizen()
    {
        var file = In(CaseStatus.AwaitingCitizen);

        var decision = file.EvaluateDeadlines(Warning);

        var warned = decision.ShouldBeAcceptedFrom(file);
        warned.Status.Should().Be(CaseStatus.AwaitingCitizen);
        decision.SingleEvent(CaseEventKind.Escalated).Step.Should().Be(EscalationStep.Warning);
        warned.ResolveSchedule.Should().Be(file.ResolveSchedule);
    }
}
