using Hanan.Ops.Domain.Calendar;

namespace Hanan.Ops.Domain.Appeals;

/// <summary>What happened to a case; one entry of its timeline (留痕).</summary>
public enum CaseEventKind
{
    /// <summary>An officer claimed the bureau's assignment (签收).</summary>
    Claimed,

    /// <summary>The claiming officer put the assignment back in the bureau's queue.</summary>
    Unclaimed,

    /// <summary>The claiming officer handed the assignment to another officer of the bureau (<see cref="CaseEvent.OfficerId"/>).</summary>
    Transferred,

    /// <summary>A note by the claiming officer; <see cref="CaseEvent.IsPublic"/> notes are progress updates the citizen sees.</summary>
    NoteAdded,

    /// <summary>The lead officer asked the citizen for more information (<see cref="CaseEvent.Text"/>).</summary>
    CitizenAsked,

    /// <summary>The citizen answered (<see cref="CaseEvent.Text"/>).</summary>
    CitizenReplied,

    /// <summary>A co-handling bureau reported its part (协办反馈).</summary>
    CoHandlerReported,

    /// <summary>The lead bureau resolved its part (主办办结); the case may still wait for co-handlers.</summary>
    LeadResolved,

    /// <summary>The case is resolved: the lead resolved and every co-handler reported or returned. The rating period starts.</summary>
    CaseResolved,

    /// <summary>A bureau returned its assignment as wrongly assigned (退单), with the reason in <see cref="CaseEvent.Text"/>.</summary>
    Returned,

    /// <summary>The command centre routed the case afresh (改派): new lead (<see cref="CaseEvent.BureauId"/>), co-handlers and deadline.</summary>
    Rerouted,

    /// <summary>The lead officer asked for more time (延期申请): <see cref="CaseEvent.Limit"/>, reason in <see cref="CaseEvent.Text"/>.</summary>
    ExtensionRequested,

    /// <summary>A supervisor approved the pending extension; <see cref="CaseEvent.DueAt"/> is the new due instant.</summary>
    ExtensionApproved,

    /// <summary>A supervisor denied the pending extension.</summary>
    ExtensionDenied,

    /// <summary>The pending extension was dropped undecided because the case left handling (resolved, returned, merged).</summary>
    ExtensionLapsed,

    /// <summary>An escalation step of the resolve deadline fell due (<see cref="CaseEvent.Step"/>, at <see cref="CaseEvent.DueAt"/>).</summary>
    Escalated,

    /// <summary>An assignment is still unclaimed after its claim deadline (<see cref="CaseEvent.DueAt"/>); once per assignment.</summary>
    ClaimOverdue,

    /// <summary>A claim nobody acted on within the acknowledgement limit went back to the bureau's queue; <see cref="CaseEvent.OfficerId"/> had claimed it.</summary>
    ClaimExpired,

    /// <summary>The citizen rated the handling (好差评), <see cref="CaseEvent.Rating"/> 1–5.</summary>
    Rated,

    /// <summary>The case went back to the lead bureau for rectification (整改) with a new deadline (<see cref="CaseEvent.DueAt"/>).</summary>
    Reopened,

    /// <summary>Reopened too often: the supervision bureau reviews the case (监察复核).</summary>
    SentToReview,

    /// <summary>The supervision bureau closed the case after its review.</summary>
    ReviewClosed,

    /// <summary>The rating period ran out without a rating; closed as "not rated".</summary>
    ClosedUnrated,

    /// <summary>The case was flagged hot (<see cref="CaseEvent.HotReason"/>).</summary>
    FlaggedHot,

    /// <summary>This case was merged as a duplicate into the master case <see cref="CaseEvent.RelatedCaseId"/>.</summary>
    Merged,

    /// <summary>This master case absorbed the duplicate <see cref="CaseEvent.RelatedCaseId"/>: one more affected citizen.</summary>
    DuplicateAbsorbed,

    /// <summary>
    /// The resolve deadline was computed again with new calendar data (a year's official notice, named in
    /// <see cref="CaseEvent.Text"/>): from <see cref="CaseEvent.PreviousDueAt"/> to <see cref="CaseEvent.DueAt"/>.
    /// </summary>
    DeadlinesReplanned,

    /// <summary>
    /// The filer added information to the open case (诉求人补充说明) through another system, in
    /// <see cref="CaseEvent.Text"/>; while the case waited for the citizen this is their reply.
    /// </summary>
    CitizenSupplemented,
}

/// <summary>
/// One thing that happened to a case: when, who in which role, and the case status before and after. Details that
/// only some kinds carry are null (or empty) otherwise; each <see cref="CaseEventKind"/> member says which it uses.
/// </summary>
public sealed record CaseEvent
{
    public required CaseEventKind Kind { get; init; }

    public required DateTimeOffset At { get; init; }

    public required CaseActor Actor { get; init; }

    public required CaseStatus StatusBefore { get; init; }

    public required CaseStatus StatusAfter { get; init; }

    /// <summary>The bureau concerned: the acting officer's bureau, the bureau escalated against, the new lead.</summary>
    public string? BureauId { get; init; }

    /// <summary>Another officer concerned: the receiver of a transfer, the officer whose claim expired.</summary>
    public string? OfficerId { get; init; }

    /// <summary>Free text: note, question, reply, summary, reason, comment.</summary>
    public string? Text { get; init; }

    /// <summary>For <see cref="CaseEventKind.NoteAdded"/>: whether the citizen sees the note.</summary>
    public bool IsPublic { get; init; }

    public EscalationStep? Step { get; init; }

    /// <summary>The instant the event is about: a step's instant, a claim deadline, the act-by instant of a claim or transfer, a new resolve deadline, the end of the rating period.</summary>
    public DateTimeOffset? DueAt { get; init; }

    /// <summary>For <see cref="CaseEventKind.DeadlinesReplanned"/>: the due instant before.</summary>
    public DateTimeOffset? PreviousDueAt { get; init; }

    /// <summary>The extra time asked for by an extension request.</summary>
    public TimeLimit? Limit { get; init; }

    public int? Rating { get; init; }

    public Guid? RelatedCaseId { get; init; }

    public HotReason? HotReason { get; init; }

    /// <summary>For <see cref="CaseEventKind.Rerouted"/>: the new co-handling bureaus.</summary>
    public ValueList<string> CoHandlers { get; init; }
}
