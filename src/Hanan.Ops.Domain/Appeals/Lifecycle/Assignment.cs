using System.Text.Json.Serialization;

namespace Hanan.Ops.Domain.Appeals;

/// <summary>
/// One bureau's part in a case (任务): in the bureau's queue until one of its officers claims it; the claimer acts on
/// it until it is reported, resolved or returned.
/// </summary>
public sealed record Assignment
{
    public required string BureauId { get; init; }

    public required AssignmentRole Role { get; init; }

    public required AssignmentStatus Status { get; init; }

    /// <summary>By when the bureau must claim it (签收时限): the claim limit from dispatch, re-routing or reopening.</summary>
    public required DateTimeOffset ClaimDue { get; init; }

    /// <summary>Whether a <see cref="CaseEventKind.ClaimOverdue"/> event was emitted for the current <see cref="ClaimDue"/>.</summary>
    public bool ClaimOverdueReported { get; init; }

    /// <summary>The officer holding the claim; null unless <see cref="AssignmentStatus.Claimed"/> or finished.</summary>
    public string? ClaimedBy { get; init; }

    public DateTimeOffset? ClaimedAt { get; init; }

    /// <summary>
    /// While claimed and not yet acted on: by when the claimer must act (a note, a question, a report …), or the claim
    /// goes back to the queue. Null once the claimer has acted, and whenever the assignment is not claimed.
    /// </summary>
    public DateTimeOffset? ActDue { get; init; }

    /// <summary>The first time any officer claimed this assignment: the bureau's response (响应率). Kept across unclaims and reopenings.</summary>
    public DateTimeOffset? FirstClaimedAt { get; init; }

    /// <summary>When it was reported, resolved or returned.</summary>
    public DateTimeOffset? DoneAt { get; init; }

    /// <summary>The report or resolution summary, or the reason for the return.</summary>
    public string? Outcome { get; init; }

    /// <summary>Claimed, and the claimer has acted on it since claiming.</summary>
    [JsonIgnore]
    public bool HasActed => Status == AssignmentStatus.Claimed && ActDue is null;

    /// <summary>Reported, resolved or returned: nothing more to do for this bureau.</summary>
    [JsonIgnore]
    public bool IsFinished => Status is AssignmentStatus.Reported or AssignmentStatus.Resolved or AssignmentStatus.Returned;

    internal static Assignment Queued(string bureauId, AssignmentRole role, DateTimeOffset claimDue) => new()
    {
        BureauId = bureauId,
        Role = role,
        Status = AssignmentStatus.Open,
        ClaimDue = claimDue,
    };

    /// <summary>Reported, resolved or returned at <paramref name="at"/>, with the summary or reason.</summary>
    internal Assignment Done(AssignmentStatus status, string outcome, DateTimeOffset at) =>
        this with { Status = status, ActDue = null, DoneAt = at, Outcome = outcome };

    /// <summary>Back in the bureau's queue, keeping <see cref="FirstClaimedAt"/>.</summary>
    internal Assignment BackInQueue() => this with
    {
        Status = AssignmentStatus.Open,
        ClaimedBy = null,
        ClaimedAt = null,
        ActDue = null,
    };
}
