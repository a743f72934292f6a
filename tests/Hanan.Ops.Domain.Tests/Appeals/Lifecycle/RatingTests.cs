using Hanan.Ops.Domain.Appeals;
using Hanan.Ops.Domain.Calendar;
using static Hanan.Ops.Domain.Tests.Appeals.Lifecycle.CaseFixture;
using static Hanan.Ops.Domain.Tests.Calendar.Shanghai;

namespace Hanan.Ops.Domain.Tests.Appeals.Lifecycle;

public class RatingTests
{
    private static readonly DateTimeOffset Resolved = At(2026, 10, 9, 10, 0);
    private static readonly DateTimeOffset Rated = At(2026, 10, 10, 9, 0);

    /// <summary>
    /// Filed Monday 2026-02-02 09:00 with housing co-handling, resolved Thursday Feb 5 10:00: the rating period runs
    /// into the Spring Festival working Saturday (Feb 14) and holiday (Feb 15-23).
    /// </summary>
    private static CaseFile ResolvedBeforeSpringFestival() =>
        CaseFile.Open(Id, "HN-2026-000042", "road-damage", Lead, [Housing], false, At(2026, 2, 2, 9, 0), ClaimLimit, ResolveLimit, Workdays)
            .Claimed(Lead, Li, At(2026, 2, 2, 9, 30))
            .Claimed(Housing, Zhao, At(2026, 2, 2, 10, 0))
            .Then(f => f.Report(Housing, Zhao, "No housing issue.", At(2026, 2, 3, 9, 0)))
            .Then(f => f.Resolve(Lead, Li, "Pothole filled.", At(2026, 2, 5, 10, 0)));

    /// <summary>The lead claims and resolves again after a reopening.</summary>
    private static CaseFile ResolvedAgain(CaseFile file, DateTimeOffset at) => file
        .Claimed(Lead, Li, at)
        .Then(f => f.Resolve(Lead, Li, "Relaid properly.", at.AddMinutes(30)));

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void A_rating_of_3_to_5_closes_the_case(int level)
    {
        var file = In(CaseStatus.Resolved);

        var decision = file.Rate(Citizen, level, "Thanks.", Policy, Workdays, Rated);

        var closed = decision.ShouldBeAcceptedFrom(file);
        closed.Status.Should().Be(CaseStatus.Closed);
        closed.Closure.Should().Be(CaseClosure.Rated);
        closed.ClosedAt.Should().Be(Rated);
        closed.Rating.Should().Be(level);
        closed.Ratings.Should().Equal(new RatingRecord(level, "Thanks.", Citizen, Lead, Rated));
        closed.NextDeadline.Should().BeNull();
        var e = decision.Events.Should().ContainSingle().Subject;
        e.Kind.Should().Be(CaseEventKind.Rated);
        e.Rating.Should().Be(level);
        e.Actor.Should().Be(CaseActor.Citizen(Citizen));
        e.StatusAfter.Should().Be(CaseStatus.Closed);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void A_bad_rating_reopens_the_case_in_the_same_lead_bureau_with_a_rectification_deadline(int level)
    {
        var file = ResolvedBeforeSpringFestival();
        var ratedAt = At(2026, 2, 12, 9, 0);

        var decision = file.Rate(Citizen, level, "The pothole is back.", Policy, Workdays, ratedAt);

        var reopened = decision.ShouldBeAcceptedFrom(file);
        reopened.Status.Should().Be(CaseStatus.Dispatched);
        reopened.IsOpen.Should().BeTrue();
        reopened.Reopenings.Should().Be(1);
        reopened.Rating.Should().BeNull("the new round of handling is not rated yet");
        reopened.Ratings.Should().Equal(new RatingRecord(level, "The pothole is back.", Citizen, Lead, ratedAt));
        reopened.ResolvedAt.Should().BeNull();
        reopened.RatingDue.Should().BeNull();

        var lead = reopened.Lead;
        lead.BureauId.Should().Be(Lead);
        lead.Status.Should().Be(AssignmentStatus.Open);
        lead.ClaimedBy.Should().BeNull();
        lead.DoneAt.Should().BeNull();
        lead.Outcome.Should().BeNull();
        lead.ClaimDue.Should().Be(At(2026, 2, 12, 14, 30), "4wh from 09:00: 3 h before lunch, 1 h after");
        lead.FirstClaimedAt.Should().Be(At(2026, 2, 2, 9, 30));
        reopened.AssignmentOf(Housing)!.Status.Should().Be(AssignmentStatus.Reported, "co-handler reports are kept");

        // 15wd from Feb 12: Feb 13, 14 (worked Saturday), Feb 15-23 off, Feb 24-27, 28 (worked Saturday), Mar 2-6, 9-11.
        reopened.ResolveSchedule.Start.Should().Be(ratedAt);
        reopened.ResolveSchedule.Limit.Should().Be(TimeLimit.Parse("15wd"));
        reopened.ResolveSchedule.Due.Should().Be(At(2026, 3, 11, 17, 0));
        reopened.AppliedSteps.Should().Be(EscalationStepSet.Empty);

        decision.Events.Select(e => e.Kind).Should().Equal(CaseEventKind.Rated, CaseEventKind.Reopened);
        decision.Events[0].Rating.Should().Be(level);
        decision.Events[1].DueAt.Should().Be(At(2026, 3, 11, 17, 0));
        decision.Events[1].BureauId.Should().Be(Lead);
    }

    [Fact]
    public void A_reopened_case_is_claimed_and_resolved_again_and_a_good_rating_then_closes_it()
    {
        var reopened = In(CaseStatus.Resolved).Then(f => f.Rate(Citizen, 2, null, Policy, Workdays, Rated));

        var again = ResolvedAgain(reopened, At(2026, 10, 12, 9, 0));
        again.Status.Should().Be(CaseStatus.Resolved, "the co-handler's earlier report still counts");
        var closed = again.Then(f => f.Rate(Citizen, 4, "Now fine.", Policy, Workdays, At(2026, 10, 13, 9, 0)));

        closed.Status.Should().Be(CaseStatus.Closed);
        closed.Rating.Should().Be(4);
        closed.Ratings.Select(r => r.Level).Should().Equal(2, 4);
        closed.Reopenings.Should().Be(1);
    }

    [Fact]
    public void After_K_reopenings_a_bad_rating_sends_the_case_to_the_supervision_bureau_for_review()
    {
        var file = In(CaseStatus.Resolved)
            .Then(f => f.Rate(Citizen, 1, null, Policy, Workdays, Rated));
        file = ResolvedAgain(file, At(2026, 10, 12, 9, 0)).Then(f => f.Rate(Citizen, 2, null, Policy, Workdays, At(2026, 10, 13, 9, 0)));
        file = ResolvedAgain(file, At(2026, 10, 14, 9, 0));
        file.Reopenings.Should().Be(Policy.MaxReopenings);

        var decision = file.Rate(Citizen, 1, "Third time still broken.", Policy, Workdays, At(2026, 10, 15, 9, 0));

        var review = decision.ShouldBeAcceptedFrom(file);
        review.Status.Should().Be(CaseStatus.UnderReview);
        review.Reopenings.Should().Be(2);
        review.Rating.Should().Be(1);
        review.Ratings.Select(r => r.Level).Should().Equal(1, 2, 1);
        review.IsOpen.Should().BeFalse();
        review.NextDeadline.Should().BeNull();
        decision.Events.Select(e => e.Kind).Should().Equal(CaseEventKind.Rated, CaseEventKind.SentToReview);
    }

    [Fact]
    public void With_K_zero_the_first_bad_rating_goes_to_review()
    {
        var file = In(CaseStatus.Resolved);

        file.Rate(Citizen, 2, null, new ReopenPolicy(TimeLimit.Parse("15wd"), 0), Workdays, Rated).ShouldBeAcceptedFrom(file)
            .Status.Should().Be(CaseStatus.UnderReview);
    }

    [Fact]
    public void A_closed_case_cannot_be_rated_twice()
    {
        var file = In(CaseStatus.Closed);

        file.Rate(Citizen, 1, "Changed my mind.", Policy, Workdays, At(2026, 10, 11, 9, 0)).ShouldBeRefused(RefusalReason.AlreadyRated, file);
    }

    [Fact]
    public void A_case_under_review_cannot_be_rated_again()
    {
        var file = In(CaseStatus.UnderReview);

        file.Rate(Citizen, 5, null, Policy, Workdays, At(2026, 10, 11, 9, 0)).ShouldBeRefused(RefusalReason.AlreadyRated, file);
    }

    [Fact]
    public void A_rating_at_or_after_the_end_of_the_rating_period_is_refused()
    {
        var file = ResolvedAt(Resolved);

        file.Rate(Citizen, 5, null, Policy, Workdays, At(2026, 10, 16, 9, 59)).ShouldBeAcceptedFrom(file);
        var refusal = file.Rate(Citizen, 5, null, Policy, Workdays, At(2026, 10, 16, 10, 0)).ShouldBeRefused(RefusalReason.RatingPeriodOver, file);
        refusal.Due.Should().Be(At(2026, 10, 16, 10, 0));
    }

    [Fact]
    public void A_case_closed_as_not_rated_cannot_be_rated_any_more()
    {
        var file = ResolvedAt(Resolved).Then(f => f.EvaluateDeadlines(At(2026, 10, 16, 10, 0)));

        file.Rate(Citizen, 5, null, Policy, Workdays, At(2026, 10, 16, 11, 0)).ShouldBeRefused(RefusalReason.RatingPeriodOver, file);
    }

    [Theory]
    [InlineData(CaseStatus.Dispatched)]
    [InlineData(CaseStatus.InProgress)]
    [InlineData(CaseStatus.Returned)]
    [InlineData(CaseStatus.Merged)]
    public void Only_a_resolved_case_is_rated(CaseStatus status)
    {
        var file = In(status);

        file.Rate(Citizen, 5, null, Policy, Workdays, Rated).ShouldBeRefused(RefusalReason.WrongStatus, file);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    [InlineData(-1)]
    public void A_rating_outside_1_to_5_is_bad_input(int level)
    {
        var file = In(CaseStatus.Resolved);

        var refusal = file.Rate(Citizen, level, null, Policy, Workdays, Rated).ShouldBeRefused(RefusalReason.RatingOutOfRange, file);
        refusal.IsInvalidInput.Should().BeTrue();
    }

    [Fact]
    public void A_comment_is_optional_but_at_most_4000_characters()
    {
        var file = In(CaseStatus.Resolved);

        file.Rate(Citizen, 5, "  ", Policy, Workdays, Rated).ShouldBeAcceptedFrom(file).Ratings.Single().Comment.Should().BeNull();
        file.Rate(Citizen, 5, new string('好', 4001), Policy, Workdays, Rated).ShouldBeRefused(RefusalReason.TextTooLong, file);
    }

    [Fact]
    public void A_review_may_close_the_case()
    {
        var file = In(CaseStatus.UnderReview);

        var decision = file.CompleteReview(Supervisor, close: true, "Rectified twice; the citizen's road is a provincial one.", TimeLimit.Parse("15wd"), Workdays, At(2026, 10, 12, 10, 0));

        var closed = decision.ShouldBeAcceptedFrom(file);
        closed.Status.Should().Be(CaseStatus.Closed);
        closed.Closure.Should().Be(CaseClosure.Reviewed);
        closed.ClosedAt.Should().Be(At(2026, 10, 12, 10, 0));
        closed.Rating.Should().Be(1, "the citizen's rating stands");
        var e = decision.Events.Should().ContainSingle().Subject;
        e.Kind.Should().Be(CaseEventKind.ReviewClosed);
        e.Actor.Should().Be(CaseActor.Supervisor(Supervisor));
        e.Text.Should().StartWith("Rectified twice");
    }

    [Fact]
    public void A_review_may_reopen_the_case_once_more_whatever_K_is()
    {
        var file = In(CaseStatus.UnderReview);

        var decision = file.CompleteReview(Supervisor, close: false, "Relay the whole lane.", TimeLimit.Parse("10wd"), Workdays, At(2026, 10, 12, 10, 0));

        var reopened = decision.ShouldBeAcceptedFrom(file);
        reopened.Status.Should().Be(CaseStatus.Dispatched);
        reopened.Reopenings.Should().Be(1);
        reopened.Lead.Status.Should().Be(AssignmentStatus.Open);
        reopened.ResolveSchedule.Start.Should().Be(At(2026, 10, 12, 10, 0));
        reopened.ResolveSchedule.Due.Should().Be(At(2026, 10, 26, 17, 0), "10wd: Oct 13-16, 19-23, 26");
        var e = decision.Events.Should().ContainSingle().Subject;
        e.Kind.Should().Be(CaseEventKind.Reopened);
        e.Text.Should().Be("Relay the whole lane.");
        e.Actor.Should().Be(CaseActor.Supervisor(Supervisor));
    }

    [Fact]
    public void A_review_needs_a_note()
    {
        var file = In(CaseStatus.UnderReview);

        file.CompleteReview(Supervisor, true, "", TimeLimit.Parse("15wd"), Workdays, At(2026, 10, 12, 10, 0)).ShouldBeRefused(RefusalReason.TextRequired, file);
    }

    [Theory]
    [InlineData(CaseStatus.Resolved)]
    [InlineData(CaseStatus.Closed)]
    [InlineData(CaseStatus.InProgress)]
    public void Only_a_case_under_review_has_its_review_completed(CaseStatus status)
    {
        var file = In(status);

        file.CompleteReview(Supervisor, true, "Done.", TimeLimit.Parse("15wd"), Workdays, At(2026, 10, 12, 10, 0)).ShouldBeRefused(RefusalReason.WrongStatus, file);
    }
}
