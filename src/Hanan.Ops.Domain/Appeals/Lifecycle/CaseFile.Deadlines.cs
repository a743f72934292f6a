using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Hanan.Ops.Domain.Calendar;

namespace Hanan.Ops.Domain.Appeals;

// Time: extensions (延期), escalation of the resolve deadline, claim deadlines, and the end of the rating period.
public sealed partial record CaseFile
{
    /// <summary>
    /// The earliest instant at which <see cref="EvaluateDeadlines"/> has something to do, or null when nothing is
    /// pending: the earliest of <see cref="PendingDeadlines"/>. An instant at or before now means: evaluate now.
    /// </summary>
    [JsonIgnore]
    public DateTimeOffset? NextDeadline
    {
        get
        {
            DateTimeOffset? next = null;
            foreach (var d in PendingDeadlines)
            {
                if (next is null || d.Due < next)
                {
                    next = d.Due;
                }
            }

            return next;
        }
    }

    /// <summary>
    /// Everything time will make <see cref="EvaluateDeadlines"/> do, one entry per kind with the instant it falls due:
    /// the next escalation step not yet applied (<c>escalation:Warning</c>…), an unclaimed assignment's claim deadline
    /// not yet reported (<c>claim:{bureau}</c>), a claim's act-by instant (<c>act:{bureau}</c>) for open cases; the end
    /// of the rating period (<c>rating</c>) for resolved cases; nothing otherwise. This is what the durable deadline
    /// index stores with every change of the case, so a scheduler finds the case when any of them falls due.
    /// </summary>
    [JsonIgnore]
    public IReadOnlyList<PendingDeadline> PendingDeadlines
    {
        get
        {
            if (Status == CaseStatus.Resolved)
            {
                return RatingDue is { } ratingDue ? [new PendingDeadline("rating", ratingDue)] : [];
            }

            if (!IsOpen)
            {
                return [];
            }

            var pending = new List<PendingDeadline>(Assignments.Count + 1);
            if (ResolveSchedule.TryGetNextStep(AppliedSteps, out var step, out var stepAt))
            {
                pending.Add(new PendingDeadline("escalation:" + step, stepAt));
            }

            foreach (var a in Assignments)
            {
                switch (a.Status)
                {
                    case AssignmentStatus.Open when !a.ClaimOverdueReported:
                        pending.Add(new PendingDeadline("claim:" + a.BureauId, a.ClaimDue));
                        break;
                    case AssignmentStatus.Claimed when a.ActDue is { } actDue:
                        pending.Add(new PendingDeadline("act:" + a.BureauId, actDue));
                        break;
                }
            }

            return pending;
        }
    }

    /// <summary>
    /// The lead's claimer asks for more time (延期申请): before the resolve deadline only, with a reason, one request
    /// at a time. A supervisor decides with <see cref="DecideExtension"/>. Counts as acting.
    /// </summary>
    public Decision RequestExtension(string bureauId, string officerId, string reason, TimeLimit extra, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(extra);
        if (CheckAct(bureauId, officerId, "ask for an extension", AssignmentRole.Lead, reason, "reason for the extension", RefusalReason.ReasonRequired, out var i) is { } refusal)
        {
            return Refuse(refusal);
        }

        if (PendingExtension is { } pending)
        {
            return Refuse(
                RefusalReason.ExtensionPending,
                $"An extension of {pending.Extra} asked for at {Local(pending.RequestedAt)} is still waiting for a decision on case {Number}.");
        }

        if (now >= ResolveSchedule.Due)
        {
            return Refuse(new Refusal(
                RefusalReason.PastDue,
                $"Case {Number} was due at {Local(ResolveSchedule.Due)}; an extension must be asked for before the deadline.")
            {
                Due = ResolveSchedule.Due,
            });
        }

        return Commit(
            this with
            {
                Assignments = Assignments.SetItem(i, Assignments[i] with { ActDue = null }),
                PendingExtension = new ExtensionRequest(bureauId, officerId, reason, extra, now),
            },
            now,
            OfficerEvent(CaseEventKind.ExtensionRequested, bureauId, officerId, now, Status) with { Text = reason, Limit = extra });
    }

    /// <summary>
    /// A supervisor decides the pending extension. Approved: the resolve deadline moves by the extra time counted from
    /// the current deadline (<see cref="DeadlineSchedule.ExtendBy"/>), and of the steps applied so far only those
    /// still reached under the new schedule stay applied, so e.g. the warning fires again before the new deadline.
    /// Denied (a reason is required): the request is dropped and the deadline stays. Either way it is recorded in
    /// <see cref="Extensions"/>.
    /// </summary>
    public Decision DecideExtension(string supervisorId, bool approve, string? reason, WorkingCalendar calendar, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(supervisorId);
        ArgumentNullException.ThrowIfNull(calendar);
        if (CheckText(reason, "reason for the denial", RefusalReason.ReasonRequired, required: !approve) is { } bad)
        {
            return Refuse(bad);
        }

        if (!IsOpen)
        {
            return Refuse(WrongStatus("decide an extension"));
        }

        if (PendingExtension is not { } request)
        {
            return Refuse(RefusalReason.NoExtensionPending, $"No extension request of case {Number} is waiting for a decision.");
        }

        var actor = CaseActor.Supervisor(supervisorId);
        if (!approve)
        {
            return Commit(
                this with
                {
                    PendingExtension = null,
                    Extensions = Extensions.Add(new ExtensionDecision(request, false, supervisorId, reason, now, null)),
                },
                now,
                Happened(CaseEventKind.ExtensionDenied, actor, now, Status, Status) with { BureauId = request.BureauId, Limit = request.Extra, Text = reason });
        }

        var extended = ResolveSchedule.ExtendBy(request.Extra, calendar);
        return Commit(
            this with
            {
                ResolveSchedule = extended,
                AppliedSteps = extended.CarryOverApplied(AppliedSteps, now),
                PendingExtension = null,
                Extensions = Extensions.Add(new ExtensionDecision(request, true, supervisorId, Optional(reason), now, extended.Due)),
            },
            now,
            Happened(CaseEventKind.ExtensionApproved, actor, now, Status, Status) with
            {
                BureauId = request.BureauId,
                Limit = request.Extra,
                Text = Optional(reason),
                DueAt = extended.Due,
            });
    }

    /// <summary>
    /// Computes the resolve deadline again with <paramref name="calendar"/> (after a year's official notice was
    /// loaded): from the same start and limit, with the approved extensions since that start applied again, each from
    /// the deadline before it. Unchanged when the new calendar gives the same schedule. Escalation steps already
    /// applied stay applied (none fires twice); those not yet applied fall due on the new schedule. Claim deadlines are
    /// left as they are: they are hours long and were counted before the year in question began.
    /// </summary>
    /// <param name="why">What changed, for the trace (e.g. the notice's year and source).</param>
    /// <exception cref="DateOutsideCalendarException">The new schedule reaches a year the calendar does not cover.</exception>
    public Decision Replan(WorkingCalendar calendar, string why, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentException.ThrowIfNullOrWhiteSpace(why);
        if (!IsOpen)
        {
            return Decision.Unchanged(this);
        }

        var start = ResolveSchedule.Start;
        var schedule = DeadlineSchedule.Compute(start, ResolveSchedule.Limit, calendar);
        foreach (var extension in Extensions.Where(e => e.Approved && e.DecidedAt >= start))
        {
            schedule = schedule.ExtendBy(extension.Request.Extra, calendar);
        }

        if (schedule == ResolveSchedule)
        {
            return Decision.Unchanged(this);
        }

        return Commit(
            this with { ResolveSchedule = schedule },
            now,
            Happened(CaseEventKind.DeadlinesReplanned, CaseActor.System, now, Status, Status) with
            {
                Text = why,
                PreviousDueAt = ResolveSchedule.Due,
                DueAt = schedule.Due,
            });
    }

    /// <summary>
    /// Does whatever time has made due, each thing exactly once, however late the call:
    /// <list type="bullet">
    /// <item><description>Open cases: a claim not acted on by its act-by instant goes back to the queue (a lead claim
    /// puts the case back to Dispatched); an assignment still unclaimed at its claim deadline is reported once
    /// (<see cref="CaseEventKind.ClaimOverdue"/>); every escalation step of the resolve deadline that is due and not
    /// yet applied is applied, in step order.</description></item>
    /// <item><description>Resolved cases: at the end of the rating period, closed as not rated
    /// (<see cref="CloseUnrated"/>).</description></item>
    /// <item><description>Returned, under review, closed or merged cases: nothing.</description></item>
    /// </list>
    /// All events are at <paramref name="now"/> by the system; nothing due means no change.
    /// </summary>
    public Decision EvaluateDeadlines(DateTimeOffset now)
    {
        if (Status == CaseStatus.Resolved)
        {
            return now >= RatingDue ? CloseUnrated(now) : Decision.Unchanged(this);
        }

        if (!IsOpen)
        {
            return Decision.Unchanged(this);
        }

        var events = ImmutableArray.CreateBuilder<CaseEvent>();
        var status = Status;
        var assignments = Assignments;
        for (var i = 0; i < assignments.Count; i++)
        {
            var a = assignments[i];
            if (a.Status == AssignmentStatus.Claimed && a.ActDue is { } actDue && actDue <= now)
            {
                var after = a.Role == AssignmentRole.Lead ? CaseStatus.Dispatched : status;
                events.Add(Happened(CaseEventKind.ClaimExpired, CaseActor.System, now, status, after) with
                {
                    BureauId = a.BureauId,
                    OfficerId = a.ClaimedBy,
                    DueAt = actDue,
                });
                status = after;
                a = a.BackInQueue();
            }

            if (a.Status == AssignmentStatus.Open && !a.ClaimOverdueReported && a.ClaimDue <= now)
            {
                events.Add(Happened(CaseEventKind.ClaimOverdue, CaseActor.System, now, status, status) with
                {
                    BureauId = a.BureauId,
                    DueAt = a.ClaimDue,
                });
                a = a with { ClaimOverdueReported = true };
            }

            assignments = assignments.SetItem(i, a);
        }

        var steps = ResolveSchedule.StepsToApply(now, AppliedSteps);
        foreach (var step in steps)
        {
            events.Add(Happened(CaseEventKind.Escalated, CaseActor.System, now, status, status) with
            {
                BureauId = LeadBureau,
                Step = step,
                DueAt = ResolveSchedule.InstantOf(step),
            });
        }

        return events.Count == 0
            ? Decision.Unchanged(this)
            : Commit(this with { Status = status, Assignments = assignments, AppliedSteps = AppliedSteps.Union(steps) }, now, events.ToArray());
    }

    /// <summary>
    /// Closes a resolved case whose rating period is over as not rated (<see cref="CaseClosure.NotRated"/>): no
    /// rating, never counted as satisfied. <see cref="EvaluateDeadlines"/> does this too.
    /// </summary>
    public Decision CloseUnrated(DateTimeOffset now)
    {
        if (Status != CaseStatus.Resolved)
        {
            return Refuse(WrongStatus("close it as not rated"));
        }

        var due = RatingDue!.Value;
        if (now < due)
        {
            return Refuse(new Refusal(
                RefusalReason.NotYetDue,
                $"The citizen may rate case {Number} until {Local(due)}; it cannot be closed as not rated before then.")
            {
                Due = due,
            });
        }

        return Commit(
            this with { Status = CaseStatus.Closed, Closure = CaseClosure.NotRated, ClosedAt = now },
            now,
            Happened(CaseEventKind.ClosedUnrated, CaseActor.System, now, Status, CaseStatus.Closed) with { BureauId = LeadBureau, DueAt = due });
    }
}
