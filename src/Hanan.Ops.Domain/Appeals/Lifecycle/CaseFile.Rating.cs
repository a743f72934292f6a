using Hanan.Ops.Domain.Calendar;

namespace Hanan.Ops.Domain.Appeals;

// The citizen's rating (好差评), reopening for rectification (整改) and the supervision bureau's review.
public sealed partial record CaseFile
{
    public const int LowestRating = 1;
    public const int HighestRating = 5;

    /// <summary>The lowest rating that closes a case: 3, 基本满意 (fairly satisfied).</summary>
    public const int LowestSatisfiedRating = 3;

    /// <summary>
    /// The citizen rates a resolved case within the rating period: 5 非常满意, 4 满意, 3 基本满意 close it; 2 不满意 and
    /// 1 非常不满意 reopen it for rectification in the same lead bureau (see <see cref="ReopenPolicy"/>), or, on a case
    /// already reopened <see cref="ReopenPolicy.MaxReopenings"/> times, send it to the supervision bureau for review.
    /// Every rating is kept in <see cref="Ratings"/>.
    /// </summary>
    /// <remarks>
    /// A reopening puts the lead assignment back in the lead bureau's queue (to be claimed within the claim limit from
    /// now), keeps the co-handlers' reports and returns, and restarts the resolve clock from now with the
    /// rectification limit.
    /// </remarks>
    public Decision Rate(string citizenId, int level, string? comment, ReopenPolicy policy, WorkingCalendar calendar, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(citizenId);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(calendar);
        if (level is < LowestRating or > HighestRating)
        {
            return Refuse(RefusalReason.RatingOutOfRange, $"A rating is {LowestRating} to {HighestRating}; got {level}.");
        }

        if (CheckText(comment, "comment", RefusalReason.TextRequired, required: false) is { } bad)
        {
            return Refuse(bad);
        }

        if (Status != CaseStatus.Resolved)
        {
            return Refuse(
                Rating is not null ? new Refusal(RefusalReason.AlreadyRated, $"Case {Number} has already been rated {Rating}.")
                : Closure == CaseClosure.NotRated ? RatingPeriodOver()
                : WrongStatus("rate it"));
        }

        if (now >= RatingDue)
        {
            return Refuse(RatingPeriodOver());
        }

        var actor = CaseActor.Citizen(citizenId);
        var rated = this with
        {
            Rating = level,
            Ratings = Ratings.Add(new RatingRecord(level, Optional(comment), citizenId, LeadBureau, now)),
        };
        var ratedEvent = Happened(CaseEventKind.Rated, actor, now, Status, Status) with { BureauId = LeadBureau, Rating = level, Text = Optional(comment) };
        if (level >= LowestSatisfiedRating)
        {
            return Commit(
                rated with { Status = CaseStatus.Closed, Closure = CaseClosure.Rated, ClosedAt = now },
                now,
                ratedEvent with { StatusAfter = CaseStatus.Closed });
        }

        if (Reopenings >= policy.MaxReopenings)
        {
            return Commit(
                rated with { Status = CaseStatus.UnderReview },
                now,
                ratedEvent,
                Happened(CaseEventKind.SentToReview, actor, now, Status, CaseStatus.UnderReview) with { BureauId = LeadBureau });
        }

        var reopened = rated.Reopened(policy.RectificationLimit, calendar, now);
        return Commit(reopened, now, ratedEvent, ReopenedEvent(actor, reopened, null, now));
    }

    /// <summary>
    /// The supervision bureau finishes its review of a case reopened too often, with a note on its findings: either
    /// closes it (<see cref="CaseClosure.Reviewed"/>), or reopens it once more like a bad rating does, with
    /// <paramref name="rectificationLimit"/>; that reopening counts but is not limited by
    /// <see cref="ReopenPolicy.MaxReopenings"/>, since the supervisor ordered it.
    /// </summary>
    public Decision CompleteReview(
        string supervisorId,
        bool close,
        string note,
        TimeLimit rectificationLimit,
        WorkingCalendar calendar,
        DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(supervisorId);
        ArgumentNullException.ThrowIfNull(rectificationLimit);
        ArgumentNullException.ThrowIfNull(calendar);
        if (CheckText(note, "review note", RefusalReason.TextRequired) is { } bad)
        {
            return Refuse(bad);
        }

        if (Status != CaseStatus.UnderReview)
        {
            return Refuse(WrongStatus("complete a review"));
        }

        var actor = CaseActor.Supervisor(supervisorId);
        if (close)
        {
            return Commit(
                this with { Status = CaseStatus.Closed, Closure = CaseClosure.Reviewed, ClosedAt = now },
                now,
                Happened(CaseEventKind.ReviewClosed, actor, now, Status, CaseStatus.Closed) with { BureauId = LeadBureau, Text = note });
        }

        var reopened = Reopened(rectificationLimit, calendar, now);
        return Commit(reopened, now, ReopenedEvent(actor, reopened, note, now));
    }

    private CaseFile Reopened(TimeLimit rectificationLimit, WorkingCalendar calendar, DateTimeOffset now)
    {
        var lead = Lead.BackInQueue() with
        {
            ClaimDue = ClaimLimit.DueFrom(now, calendar),
            ClaimOverdueReported = false,
            DoneAt = null,
            Outcome = null,
        };
        return this with
        {
            Status = CaseStatus.Dispatched,
            Assignments = Assignments.SetItem(0, lead),
            Reopenings = Reopenings + 1,
            ResolveSchedule = DeadlineSchedule.Compute(now, rectificationLimit, calendar),
            AppliedSteps = EscalationStepSet.Empty,
            ResolvedAt = null,
            RatingDue = null,
            Rating = null,
            PendingExtension = null,
        };
    }

    private CaseEvent ReopenedEvent(CaseActor actor, CaseFile reopened, string? note, DateTimeOffset now) =>
        Happened(CaseEventKind.Reopened, actor, now, Status, CaseStatus.Dispatched) with
        {
            BureauId = LeadBureau,
            Text = note,
            DueAt = reopened.ResolveSchedule.Due,
        };

    private Refusal RatingPeriodOver() => new(
        RefusalReason.RatingPeriodOver,
        $"The rating period of case {Number} ended at {(RatingDue is { } due ? Local(due) : "its close")}.")
    {
        Due = RatingDue,
    };
}
