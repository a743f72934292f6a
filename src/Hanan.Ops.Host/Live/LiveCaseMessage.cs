using Hanan.Ops.Contracts.Appeals;

namespace Hanan.Ops.Host.Live;

/// <summary>
/// What a screen receives for a case activity (<c>caseActivity</c>). No contact details; the citizen's own words stay
/// out of broadcast views and are fetched with the case by those allowed to read it.
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
    bool ExtensionPending)
{
    /// <summary>
    /// Actions whose timeline sentence quotes the citizen (a reply, a rating's comment): broadcast views get a sentence
    /// without the quote.
    /// </summary>
    private static readonly Dictionary<string, string> WithoutCitizensWords = new(StringComparer.Ordinal)
    {
        ["citizen-replied"] = "诉求人已补充信息",
        ["rated"] = "诉求人已评价",
    };

    public static LiveCaseMessage From(CaseActivity a) => new(
        a.CaseId, a.Number, a.Version, a.Action, WithoutCitizensWords.GetValueOrDefault(a.Action, a.Description), a.At, a.Summary.Status.ToString(), a.Summary.CategoryCode,
        a.Summary.LeadBureau, [.. a.Summary.Assignments.Select(x => x.BureauId)], a.Summary.GridCode, a.Summary.CommunityCode,
        a.Summary.StreetCode, a.Summary.Latitude, a.Summary.Longitude, a.Summary.Hot, a.Summary.Overdue, a.Summary.ResolveDue,
        a.Summary.ResolveWarningAt, a.Summary.ExtensionPending);
}
