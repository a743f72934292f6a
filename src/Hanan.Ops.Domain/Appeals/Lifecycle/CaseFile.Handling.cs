using Hanan.Ops.Domain.Calendar;

namespace Hanan.Ops.Domain.Appeals;

// Handling by the bureaus' officers: claim (签收), unclaim, transfer, notes, questions to the citizen, reports (反馈),
// resolution (办结) and returns (退单).
public sealed partial record CaseFile
{
    /// <summary>
    /// An officer claims the bureau's assignment (签收). A claim is won by exactly one officer per bureau assignment:
    /// if another officer holds it, refused <see cref="RefusalReason.AlreadyClaimed"/> naming them; the same officer
    /// again changes nothing. The claimer must act within the claim limit (<see cref="Assignment.ActDue"/>). Claiming
    /// the lead assignment puts the case in progress.
    /// </summary>
    public Decision Claim(string bureauId, string officerId, WorkingCalendar calendar, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(bureauId);
        ArgumentException.ThrowIfNullOrWhiteSpace(officerId);
        ArgumentNullException.ThrowIfNull(calendar);
        if (!IsOpen)
        {
            return Refuse(WrongStatus("claim it"));
        }

        var i = IndexOf(bureauId);
        if (i < 0)
        {
            return Refuse(NotAssigned(bureauId));
        }

        var a = Assignments[i];
        if (a.IsFinished)
        {
            return Refuse(Finished(a));
        }

        if (a.Status == AssignmentStatus.Claimed)
        {
            return a.ClaimedBy == officerId
                ? Decision.Unchanged(this)
                : Refuse(new Refusal(
                    RefusalReason.AlreadyClaimed,
                    $"Officer {a.ClaimedBy} of bureau {bureauId} claimed case {Number} first, at {Local(a.ClaimedAt!.Value)}.")
                {
                    ClaimedBy = a.ClaimedBy,
                });
        }

        var claimed = a with
        {
            Status = AssignmentStatus.Claimed,
            ClaimedBy = officerId,
            ClaimedAt = now,
            ActDue = ClaimLimit.DueFrom(now, calendar),
            FirstClaimedAt = a.FirstClaimedAt ?? now,
        };
        var after = a.Role == AssignmentRole.Lead ? CaseStatus.InProgress : Status;
        return Commit(
            this with { Assignments = Assignments.SetItem(i, claimed), Status = after },
            now,
            OfficerEvent(CaseEventKind.Claimed, bureauId, officerId, now, after) with { DueAt = claimed.ActDue });
    }

    /// <summary>
    /// The claimer puts the assignment back in the bureau's queue. Only a claim not yet acted on can be put back (a
    /// claim taken by mistake); after acting, the officer transfers or returns instead
    /// (<see cref="RefusalReason.AlreadyActed"/>). So no handling has happened yet, and putting back the lead
    /// assignment puts the case back to <see cref="CaseStatus.Dispatched"/>.
    /// </summary>
    public Decision Unclaim(string bureauId, string officerId, DateTimeOffset now)
    {
        if (CheckClaimer(bureauId, officerId, "put it back in the queue", null, out var i) is { } refusal)
        {
            return Refuse(refusal);
        }

        var a = Assignments[i];
        if (a.HasActed)
        {
            return Refuse(
                RefusalReason.AlreadyActed,
                $"Officer {officerId} has already acted on case {Number}, so it cannot go back to the queue; transfer it to a colleague or return it instead.");
        }

        var after = a.Role == AssignmentRole.Lead ? CaseStatus.Dispatched : Status;
        return Commit(
            this with { Assignments = Assignments.SetItem(i, a.BackInQueue()), Status = after },
            now,
            OfficerEvent(CaseEventKind.Unclaimed, bureauId, officerId, now, after));
    }

    /// <summary>
    /// The claimer hands the assignment to another officer of the same bureau (the caller checks that the receiver
    /// belongs to the bureau). The receiver holds the claim from now and must act within the claim limit, like a
    /// claimer. Handing it to oneself changes nothing.
    /// </summary>
    public Decision Transfer(string bureauId, string fromOfficerId, string toOfficerId, WorkingCalendar calendar, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        if (string.IsNullOrWhiteSpace(toOfficerId))
        {
            return Refuse(RefusalReason.OfficerRequired, "The officer to hand the case to is required.");
        }

        if (CheckClaimer(bureauId, fromOfficerId, "hand it over", null, out var i) is { } refusal)
        {
            return Refuse(refusal);
        }

        if (toOfficerId == fromOfficerId)
        {
            return Decision.Unchanged(this);
        }

        var handed = Assignments[i] with { ClaimedBy = toOfficerId, ClaimedAt = now, ActDue = ClaimLimit.DueFrom(now, calendar) };
        return Commit(
            this with { Assignments = Assignments.SetItem(i, handed) },
            now,
            OfficerEvent(CaseEventKind.Transferred, bureauId, fromOfficerId, now, Status) with { OfficerId = toOfficerId, DueAt = handed.ActDue });
    }

    /// <summary>The claimer adds a note; a public note is a progress update the citizen sees. Counts as acting.</summary>
    /// <param name="key">A connected system's id of the update: the same key again changes nothing.</param>
    public Decision Note(string bureauId, string officerId, string text, bool isPublic, DateTimeOffset now, string? key = null)
    {
        if (key is not null && ExternalKeys.Items.Contains(key))
        {
            return Decision.Unchanged(this);
        }

        if (CheckAct(bureauId, officerId, "add a note", null, text, "note", RefusalReason.TextRequired, out var i) is { } refusal)
        {
            return Refuse(refusal);
        }

        if (key is not null && ExternalKeys.Count >= MaxExternalUpdates)
        {
            return Refuse(new(RefusalReason.LimitReached, $"The case has taken {MaxExternalUpdates} updates from connected systems."));
        }

        return Commit(
            this with
            {
                Assignments = Assignments.SetItem(i, Assignments[i] with { ActDue = null }),
                ExternalKeys = key is null ? ExternalKeys : ExternalKeys.Add(key),
            },
            now,
            OfficerEvent(CaseEventKind.NoteAdded, bureauId, officerId, now, Status) with { Text = text, IsPublic = isPublic });
    }

    /// <summary>
    /// The lead's claimer asks the citizen for more information: <see cref="CaseStatus.AwaitingCitizen"/> until the
    /// citizen replies. One question at a time. The resolve clock does not pause: the officer asks early or asks for an
    /// extension. Counts as acting.
    /// </summary>
    public Decision AskCitizen(string bureauId, string officerId, string question, DateTimeOffset now)
    {
        if (CheckAct(bureauId, officerId, "ask the citizen", AssignmentRole.Lead, question, "question", RefusalReason.TextRequired, out var i) is { } refusal)
        {
            return Refuse(refusal);
        }

        if (Status != CaseStatus.InProgress)
        {
            return Refuse(WrongStatus("ask the citizen another question"));
        }

        return Commit(
            this with { Assignments = Assignments.SetItem(i, Assignments[i] with { ActDue = null }), Status = CaseStatus.AwaitingCitizen },
            now,
            OfficerEvent(CaseEventKind.CitizenAsked, bureauId, officerId, now, CaseStatus.AwaitingCitizen) with { Text = question });
    }

    /// <summary>The citizen answers the officer's question; the case is in progress again.</summary>
    public Decision CitizenReplied(string citizenId, string text, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(citizenId);
        if (CheckText(text, "reply", RefusalReason.TextRequired) is { } bad)
        {
            return Refuse(bad);
        }

        if (Status != CaseStatus.AwaitingCitizen)
        {
            return Refuse(WrongStatus("take a reply from the citizen"));
        }

        return Commit(
            this with { Status = CaseStatus.InProgress },
            now,
            Happened(CaseEventKind.CitizenReplied, CaseActor.Citizen(citizenId), now, Status, CaseStatus.InProgress) with { Text = text });
    }

    /// <summary>
    /// The filer adds information to the case (诉求人补充说明), e.g. through a connected system's update, under the
    /// sender's <paramref name="key"/>: the same key again changes nothing. Taken while the case is being handled,
    /// returned or under review; while it waits for the citizen it is their reply and handling resumes. A resolved case
    /// takes the citizen's word through the rating (a bad rating reopens it), a closed or merged one takes none.
    /// </summary>
    public Decision Supplement(string citizenId, string text, string key, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(citizenId);
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        if (ExternalKeys.Items.Contains(key))
        {
            return Decision.Unchanged(this);
        }

        if (CheckText(text, "supplement", RefusalReason.TextRequired) is { } bad)
        {
            return Refuse(bad);
        }

        if (!IsOpen && Status is not (CaseStatus.Returned or CaseStatus.UnderReview))
        {
            return Refuse(WrongStatus("take more information from the citizen"));
        }

        if (ExternalKeys.Count >= MaxExternalUpdates)
        {
            return Refuse(new(RefusalReason.LimitReached, $"The case has taken {MaxExternalUpdates} updates from connected systems; more go through the hotline."));
        }

        var after = Status == CaseStatus.AwaitingCitizen ? CaseStatus.InProgress : Status;
        return Commit(
            this with { Status = after, ExternalKeys = ExternalKeys.Add(key) },
            now,
            Happened(CaseEventKind.CitizenSupplemented, CaseActor.Citizen(citizenId), now, Status, after) with { Text = text });
    }

    /// <summary>
    /// A co-handling bureau's claimer reports its part (协办反馈). If the lead has resolved and this was the last
    /// co-handler outstanding, the case is resolved.
    /// </summary>
    public Decision Report(string bureauId, string officerId, string summary, DateTimeOffset now)
    {
        if (CheckAct(bureauId, officerId, "report", AssignmentRole.CoHandler, summary, "report", RefusalReason.TextRequired, out var i) is { } refusal)
        {
            return Refuse(refusal);
        }

        return FinishPart(
            this with { Assignments = Assignments.SetItem(i, Assignments[i].Done(AssignmentStatus.Reported, summary, now)) },
            OfficerEvent(CaseEventKind.CoHandlerReported, bureauId, officerId, now, Status) with { Text = summary });
    }

    /// <summary>
    /// The lead's claimer resolves the lead's part (办结). The case is resolved once every co-handler has reported
    /// or returned, now or later; until then it stays in progress (a pending question to the citizen is dropped).
    /// </summary>
    public Decision Resolve(string bureauId, string officerId, string summary, DateTimeOffset now)
    {
        if (CheckAct(bureauId, officerId, "resolve it", AssignmentRole.Lead, summary, "resolution summary", RefusalReason.TextRequired, out var i) is { } refusal)
        {
            return Refuse(refusal);
        }

        return FinishPart(
            this with { Assignments = Assignments.SetItem(i, Assignments[i].Done(AssignmentStatus.Resolved, summary, now)), Status = CaseStatus.InProgress },
            OfficerEvent(CaseEventKind.LeadResolved, bureauId, officerId, now, CaseStatus.InProgress) with { Text = summary });
    }

    /// <summary>
    /// The claimer returns the bureau's assignment as wrongly assigned (退单), with a reason. A lead return sends the
    /// case to the command centre to be re-routed (<see cref="CaseStatus.Returned"/>); a co-handler's return ends
    /// that bureau's part, which then no longer holds up resolution. Every return is counted against its bureau.
    /// </summary>
    public Decision Return(string bureauId, string officerId, string reason, DateTimeOffset now)
    {
        if (CheckAct(bureauId, officerId, "return it", null, reason, "reason for the return", RefusalReason.ReasonRequired, out var i) is { } refusal)
        {
            return Refuse(refusal);
        }

        var a = Assignments[i];
        var next = this with
        {
            Assignments = Assignments.SetItem(i, a.Done(AssignmentStatus.Returned, reason, now)),
            ReturnLog = ReturnLog.Add(new ReturnRecord(bureauId, a.Role, officerId, reason, now)),
        };
        if (a.Role == AssignmentRole.Lead)
        {
            return Commit(
                next with { Status = CaseStatus.Returned },
                now,
                OfficerEvent(CaseEventKind.Returned, bureauId, officerId, now, CaseStatus.Returned) with { Text = reason });
        }

        return FinishPart(next, OfficerEvent(CaseEventKind.Returned, bureauId, officerId, now, Status) with { Text = reason });
    }

    /// <summary>Commits a finished part and, when it completes the case, resolves the case in the same decision.</summary>
    private Decision FinishPart(CaseFile next, CaseEvent finished)
    {
        var complete = next.Lead.Status == AssignmentStatus.Resolved
            && next.CoHandlers.All(a => a.Status is AssignmentStatus.Reported or AssignmentStatus.Returned);
        if (!complete)
        {
            return Commit(next, finished.At, finished);
        }

        var now = finished.At;
        return Commit(
            next with { Status = CaseStatus.Resolved, ResolvedAt = now, RatingDue = now + RatingPeriod },
            now,
            finished,
            Happened(CaseEventKind.CaseResolved, finished.Actor, now, next.Status, CaseStatus.Resolved) with
            {
                BureauId = LeadBureau,
                DueAt = now + RatingPeriod,
            });
    }

    /// <summary>Null when <paramref name="text"/> is acceptable and the officer may act (<see cref="CheckClaimer"/>); otherwise why not.</summary>
    private Refusal? CheckAct(
        string bureauId,
        string officerId,
        string operation,
        AssignmentRole? role,
        string? text,
        string textName,
        RefusalReason whenMissing,
        out int index)
    {
        index = -1;
        return CheckText(text, textName, whenMissing) ?? CheckClaimer(bureauId, officerId, operation, role, out index);
    }

    /// <summary>
    /// Null when <paramref name="officerId"/> holds the claim on <paramref name="bureauId"/>'s unfinished assignment
    /// (of <paramref name="role"/>, if given) on a case open for handling; otherwise why not.
    /// </summary>
    private Refusal? CheckClaimer(string bureauId, string officerId, string operation, AssignmentRole? role, out int index)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(bureauId);
        ArgumentException.ThrowIfNullOrWhiteSpace(officerId);
        index = -1;
        if (!IsOpen)
        {
            return WrongStatus(operation);
        }

        index = IndexOf(bureauId);
        if (index < 0)
        {
            return NotAssigned(bureauId);
        }

        var a = Assignments[index];
        if (role == AssignmentRole.Lead && a.Role != AssignmentRole.Lead)
        {
            return new(RefusalReason.NotLeadBureau, $"Only the lead bureau of case {Number}, {LeadBureau}, may {operation}; {bureauId} co-handles it.");
        }

        if (role == AssignmentRole.CoHandler && a.Role != AssignmentRole.CoHandler)
        {
            return new(RefusalReason.NotCoHandler, $"Only a co-handling bureau may {operation}; {bureauId} is the lead bureau of case {Number}.");
        }

        return a.Status switch
        {
            AssignmentStatus.Open => new(RefusalReason.NotClaimed, $"Nobody in bureau {bureauId} has claimed case {Number}; claim it before you {operation}."),
            AssignmentStatus.Claimed when a.ClaimedBy != officerId => new(
                RefusalReason.NotTheClaimer,
                $"Officer {a.ClaimedBy} of bureau {bureauId} holds the claim on case {Number}; only they may {operation}.")
            {
                ClaimedBy = a.ClaimedBy,
            },
            AssignmentStatus.Claimed => null,
            _ => Finished(a),
        };
    }

    private Refusal NotAssigned(string bureauId) =>
        new(RefusalReason.NotAssigned, $"Bureau {bureauId} has no part in case {Number}.");

    private Refusal Finished(Assignment a) => new(
        RefusalReason.AssignmentFinished,
        $"Bureau {a.BureauId} has already {a.Status.ToString().ToLowerInvariant()} its part of case {Number}.");

    private CaseEvent OfficerEvent(CaseEventKind kind, string bureauId, string officerId, DateTimeOffset now, CaseStatus after) =>
        Happened(kind, CaseActor.Officer(officerId), now, Status, after) with { BureauId = bureauId };
}
