namespace Hanan.Ops.Domain.Appeals;

/// <summary>Why an operation on a case was refused. <see cref="Refusal.IsInvalidInput"/> tells bad input (HTTP 400) from a conflict with the case's state (409).</summary>
public enum RefusalReason
{
    /// <summary>The operation is not possible in the case's current status.</summary>
    WrongStatus,

    /// <summary>The bureau has no part in the case.</summary>
    NotAssigned,

    /// <summary>Only the lead bureau (主办) may do this.</summary>
    NotLeadBureau,

    /// <summary>Only a co-handling bureau (协办) may do this.</summary>
    NotCoHandler,

    /// <summary>The bureau's assignment is already reported, resolved or returned.</summary>
    AssignmentFinished,

    /// <summary>Nobody has claimed the bureau's assignment; an officer must claim it first.</summary>
    NotClaimed,

    /// <summary>Another officer of the bureau claimed it first (<see cref="Refusal.ClaimedBy"/>).</summary>
    AlreadyClaimed,

    /// <summary>The assignment is claimed by another officer (<see cref="Refusal.ClaimedBy"/>); only the claimer acts on it.</summary>
    NotTheClaimer,

    /// <summary>The claimer has already acted on the case, so it can no longer simply be put back; transfer or return it.</summary>
    AlreadyActed,

    /// <summary>An extension request is already waiting for a decision.</summary>
    ExtensionPending,

    /// <summary>There is no extension request to decide.</summary>
    NoExtensionPending,

    /// <summary>The deadline (<see cref="Refusal.Due"/>) has passed; an extension must be asked for before it.</summary>
    PastDue,

    /// <summary>The citizen has already rated this round of handling.</summary>
    AlreadyRated,

    /// <summary>The rating period (<see cref="Refusal.Due"/>) is over.</summary>
    RatingPeriodOver,

    /// <summary>The instant for this (<see cref="Refusal.Due"/>) has not come yet.</summary>
    NotYetDue,

    /// <summary>The case is the master of duplicates and cannot itself be merged into another case.</summary>
    HasDuplicates,

    /// <summary>Bad input: a reason is required and was empty.</summary>
    ReasonRequired,

    /// <summary>Bad input: a text (note, question, reply, summary) is required and was empty.</summary>
    TextRequired,

    /// <summary>Bad input: a text is longer than <see cref="CaseFile.MaxTextLength"/> characters.</summary>
    TextTooLong,

    /// <summary>Bad input: a rating must be 1 to 5.</summary>
    RatingOutOfRange,

    /// <summary>Bad input: the officer to hand over to is missing.</summary>
    OfficerRequired,

    /// <summary>Bad input: a lead bureau is required, and co-handlers must be distinct and differ from the lead.</summary>
    InvalidBureaus,

    /// <summary>Bad input: a case cannot be merged with itself.</summary>
    InvalidMerge,

    /// <summary>The case has taken as many of these as it takes (e.g. <see cref="CaseFile.MaxExternalUpdates"/>).</summary>
    LimitReached,
}

/// <summary>A refused operation: why, in a sentence fit for an API response, with details where they help.</summary>
public sealed record Refusal(RefusalReason Reason, string Message)
{
    /// <summary>The officer holding the claim, for <see cref="RefusalReason.AlreadyClaimed"/> and <see cref="RefusalReason.NotTheClaimer"/>.</summary>
    public string? ClaimedBy { get; init; }

    /// <summary>The case status the operation met, for <see cref="RefusalReason.WrongStatus"/>.</summary>
    public CaseStatus? Status { get; init; }

    /// <summary>The instant concerned, for <see cref="RefusalReason.PastDue"/>, <see cref="RefusalReason.RatingPeriodOver"/> and <see cref="RefusalReason.NotYetDue"/>.</summary>
    public DateTimeOffset? Due { get; init; }

    /// <summary>True when the request itself is bad (HTTP 400); false when it conflicts with the case's state (409).</summary>
    public bool IsInvalidInput => Reason is RefusalReason.ReasonRequired or RefusalReason.TextRequired
        or RefusalReason.TextTooLong or RefusalReason.RatingOutOfRange or RefusalReason.OfficerRequired
        or RefusalReason.InvalidBureaus or RefusalReason.InvalidMerge;
}
