using Hanan.Ops.Contracts.Appeals;

namespace Hanan.Ops.Host.Live;

/// <summary>
/// What a staff screen receives for a case activity (<c>caseActivity</c>), shaped for its audience by
/// <see cref="Appeals.CaseProjection"/>. No contact details. <see cref="Case"/> is the case's list row as that audience
/// sees it (bureaus, oversight, grid workers following a case): a console updates its lists from the message itself
/// instead of re-reading the case; broadcast views get none.
/// </summary>
public sealed record LiveCaseMessage(
    Guid CaseId,
    string Number,
    long Version,
    string Action,
    string Description,
    DateTimeOffset At,
    string Status,
    string Category,
    string LeadBureau,
    IReadOnlyList<string> Bureaus,
    string GridCode,
    string CommunityCode,
    string StreetCode,
    double Latitude,
    double Longitude,
    bool Hot,
    bool Overdue,
    DateTimeOffset ResolveDue,
    DateTimeOffset? ResolveWarningAt,
    bool ExtensionPending,
    CaseSummary? Case = null)
{
    public static LiveCaseMessage From(CaseActivity a, string description) => new(
        a.CaseId, a.Number, a.Version, a.Action, description, a.At, a.Summary.Status.ToString(), a.Summary.CategoryCode,
        a.Summary.LeadBureau, [.. a.Summary.Assignments.Select(x => x.BureauId)], a.Summary.GridCode, a.Summary.CommunityCode,
        a.Summary.StreetCode, a.Summary.Latitude, a.Summary.Longitude, a.Summary.Hot, a.Summary.Overdue, a.Summary.ResolveDue,
        a.Summary.ResolveWarningAt, a.Summary.ExtensionPending);
}

/// <summary>
/// What the citizen following their case receives (<c>caseActivity</c> on the citizen's case group): a public step with
/// its sentence and the unit that took it, or, for anything else, only that the case changed (<c>updated</c>, with
/// neither sentence nor unit).
/// </summary>
public sealed record LiveCitizenMessage(
    Guid CaseId,
    string Number,
    long Version,
    string Status,
    string Action,
    DateTimeOffset At,
    string? Who,
    string? Description);
