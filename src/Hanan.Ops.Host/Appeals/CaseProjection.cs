using Hanan.Ops.Contracts.Appeals;
using Hanan.Ops.Domain.Appeals;
using Hanan.Ops.Domain.Identity;
using Hanan.Ops.Host.Live;

namespace Hanan.Ops.Host.Appeals;

/// <summary>
/// The one place a case is shaped for its audience (<see cref="CaseAudience"/>), on the server: the case as answered
/// over HTTP, the list rows, and every live message. Nothing is left to the browser to hide.
/// <list type="bullet">
/// <item>The citizen sees the public entries only, each naming staff by unit (区城市管理局 经办人), never by user id;
/// no internal notes, no other bureau's handling, no officer of any assignment.</item>
/// <item>A bureau sees the case and its own assignment in full; another bureau's internal entries (its notes, its
/// transfers and give-backs) are left out, and other bureaus' officers appear by unit.</item>
/// <item>A grid worker sees the case and its handling without any bureau's internal entries, staff by unit.</item>
/// <item>Oversight (command centre, supervision, leaders) sees everything.</item>
/// </list>
/// Every audience gets the citizen's phone masked; revealing it is a separate, audited request.
/// </summary>
public sealed class CaseProjection(RoutingTable routing)
{
    /// <summary>Entries that stay inside the bureau that wrote them: internal notes (内部备注), transfers and give-backs.</summary>
    private static readonly HashSet<string> BureauInternal = new(StringComparer.Ordinal) { "note", "transferred", "unclaimed" };

    /// <summary>Broadcast screens (the wall, streets, communities, grids, leaders) get these without the citizen's quoted words.</summary>
    private static readonly Dictionary<string, string> WithoutCitizensWords = new(StringComparer.Ordinal)
    {
        ["citizen-replied"] = "诉求人已补充信息",
        ["rated"] = "诉求人已评价",
    };

    // ---- the case ------------------------------------------------------------------------------------------------------

    /// <summary>The case for a staff audience (oversight, a bureau, a grid worker).</summary>
    public CaseView ForStaff(CaseView view, CaseAudience audience)
    {
        var masked = MaskedContact(view);
        return audience switch
        {
            CaseAudience.Oversight => masked,
            CaseAudience.Bureau b => masked with
            {
                Timeline = [.. view.Timeline.Where(e => SeenByBureau(e.Action, e.Unit, b.BureauId)).Select(e => StaffEntry(e, b.BureauId))],
                Assignments = Assignments(view.Assignments, b.BureauId),
                PendingExtension = view.PendingExtension is { } p && p.BureauId != b.BureauId ? p with { OfficerId = "" } : view.PendingExtension,
            },
            CaseAudience.Grid => masked with
            {
                Timeline = [.. view.Timeline.Where(e => !BureauInternal.Contains(e.Action)).Select(e => StaffEntry(e, null))],
                Assignments = Assignments(view.Assignments, null),
                PendingExtension = view.PendingExtension is { } p ? p with { OfficerId = "" } : null,
            },
            _ => throw new ArgumentException("A citizen's case is a CitizenCaseView.", nameof(audience)),
        };
    }

    /// <summary>The case as its filer sees it (signed in, or through the tracking link).</summary>
    public CitizenCaseView ForCitizen(CaseView view, DateTimeOffset? linkExpiresAt = null) => new(
        view.Id,
        view.Number,
        view.Version,
        view.Status,
        view.CategoryCode,
        view.Description,
        view.Address,
        view.FiledAt,
        view.Deadlines.ResolveDue,
        BureauName(view.LeadBureau),
        [.. PublicTrace(view).Select(p => new CitizenTimelineEntry(p.Entry.At, p.Entry.Action, p.Who, p.Sentence))],
        view.Rating,
        view.Status == CaseStatus.Resolved,
        view.Status == CaseStatus.AwaitingCitizen,
        MaskedContact(view).Contact,
        linkExpiresAt);

    /// <summary>The public steps of the trace (公开留痕) as the citizen reads them, with each step's sequence and status after it.</summary>
    public IEnumerable<(TimelineEntry Entry, string Who, string Sentence)> PublicTrace(CaseView view) =>
        view.Timeline.Where(e => e.Public).Select(e => (e, Who(e.Actor, e.Unit), CitizenSentence(e.Action, e.Description, e.Unit)));

    /// <summary>A list row for <paramref name="audience"/>: a bureau sees its own assignment's officer, nobody else's.</summary>
    public static CaseSummary ForStaff(CaseSummary row, CaseAudience audience) => audience switch
    {
        CaseAudience.Bureau b => row with { Assignments = Assignments(row.Assignments, b.BureauId) },
        CaseAudience.Grid => row with { Assignments = Assignments(row.Assignments, null) },
        _ => row,
    };

    // ---- live messages -------------------------------------------------------------------------------------------------

    /// <summary>
    /// What the broadcast screens get (the wall, streets, communities, grids, the leaders' hot list): the case's facts
    /// and a sentence without the citizen's words and without any bureau's internal entry.
    /// </summary>
    public LiveCaseMessage Broadcast(CaseActivity a) =>
        LiveCaseMessage.From(a, BureauInternal.Contains(a.Action) ? InternalPlaceholder(a) : WithoutCitizensWords.GetValueOrDefault(a.Action, a.Description));

    /// <summary>What a staff audience gets: the sentence as its timeline shows it, and the list row shaped for it.</summary>
    public LiveCaseMessage ForStaff(CaseActivity a, CaseAudience audience)
    {
        // Live messages never quote the citizen (a reply, a rating's comment): those words are read with the case.
        var described = WithoutCitizensWords.GetValueOrDefault(a.Action, a.Description);
        var sentence = audience switch
        {
            CaseAudience.Oversight => described,
            CaseAudience.Bureau b => SeenByBureau(a.Action, a.Unit, b.BureauId) ? described : InternalPlaceholder(a),
            _ => BureauInternal.Contains(a.Action) ? InternalPlaceholder(a) : described,
        };
        return LiveCaseMessage.From(a, sentence) with { Case = ForStaff(a.Summary, audience) };
    }

    /// <summary>
    /// What the citizen following the case gets: a public entry with its sentence and unit; for anything else only
    /// that the case changed (its version and status), so the page re-reads its own projection.
    /// </summary>
    public LiveCitizenMessage ForCitizen(CaseActivity a) => a.Public
        ? new LiveCitizenMessage(a.CaseId, a.Number, a.Version, a.Summary.Status.ToString(), a.Action, a.At, Who(a.Actor, a.Unit), CitizenSentence(a.Action, a.Description, a.Unit))
        : new LiveCitizenMessage(a.CaseId, a.Number, a.Version, a.Summary.Status.ToString(), "updated", a.At, null, null);

    // ---- the rules -----------------------------------------------------------------------------------------------------

    private static bool SeenByBureau(string action, string? unit, string bureau) => !BureauInternal.Contains(action) || unit == bureau;

    /// <summary>An entry for a staff audience: officers of other bureaus (all, for a grid worker) appear by their unit.</summary>
    private TimelineEntry StaffEntry(TimelineEntry e, string? ownBureau) =>
        e.Actor.Role == "officer" && (ownBureau is null || e.Unit != ownBureau) ? e with { Actor = new Actor(Who(e.Actor, e.Unit), e.Actor.Role) } : e;

    private static IReadOnlyList<AssignmentSummary> Assignments(IReadOnlyList<AssignmentSummary> all, string? ownBureau) =>
        [.. all.Select(a => a.BureauId == ownBureau ? a : a with { ClaimedBy = null })];

    private string InternalPlaceholder(CaseActivity a) => $"{(a.Unit is null ? "承办单位" : BureauName(a.Unit))}内部办理记录";

    /// <summary>The citizen's sentence: a claim names the bureau only (entries written before units were kept named the officer).</summary>
    private string CitizenSentence(string action, string description, string? unit) =>
        action == "claimed" ? $"{(unit is null ? "承办单位" : BureauName(unit))}已签收，正在办理" : description;

    /// <summary>Who acted, by unit and function, never by user id.</summary>
    public string Who(Actor actor, string? unit) => actor.Role switch
    {
        "officer" or "bureau-head" => $"{(unit is null ? "承办单位" : BureauName(unit))} 经办人",
        "dispatcher" => "区指挥中心",
        "supervisor" or "supervision" => "区监察局",
        "grid-worker" => "网格员",
        "police" => "公安机关",
        "system" => "系统",
        _ => "诉求人",
    };

    private string BureauName(string id) => routing.FindBureau(id)?.Name ?? id;

    private static CaseView MaskedContact(CaseView view) =>
        view.Contact?.Phone is { } phone && MobilePhoneNumber.TryParse(phone, out var parsed, out _)
            ? view with { Contact = view.Contact with { Phone = parsed!.Masked } }
            : view.Contact?.Phone is null ? view : view with { Contact = view.Contact with { Phone = "***" } };
}

/// <summary>A case as its filer sees it (诉求人视图).</summary>
/// <param name="HandlingUnit">The lead bureau's name.</param>
/// <param name="MayRate">The case is resolved and waits for the citizen's rating (好差评).</param>
/// <param name="AwaitingReply">The handling officer asked the citizen for more information.</param>
/// <param name="LinkExpiresAt">When opened through the tracking link: until when the link works.</param>
public sealed record CitizenCaseView(
    Guid Id,
    string Number,
    long Version,
    CaseStatus Status,
    string CategoryCode,
    string Description,
    string? Address,
    DateTimeOffset FiledAt,
    DateTimeOffset ResolveDue,
    string HandlingUnit,
    IReadOnlyList<CitizenTimelineEntry> Timeline,
    int? Rating,
    bool MayRate,
    bool AwaitingReply,
    Contact? Contact,
    DateTimeOffset? LinkExpiresAt);

/// <summary>One public step of the case: when, what, and who by unit (区城市管理局 经办人, 区指挥中心, 系统).</summary>
public sealed record CitizenTimelineEntry(DateTimeOffset At, string Action, string Who, string Description);
