namespace Hanan.Ops.Host.Appeals;

/// <summary>The body of <c>POST /api/appeals</c>. Everything is optional at the type level so that validation, not binding, names the field.</summary>
public sealed record FileAppealRequest(
    string? Category,
    string? Description,
    double? Latitude,
    double? Longitude,
    string? GridCode,
    string? Address,
    IReadOnlyList<string>? PhotoRefs,
    ContactRequest? Contact,
    bool? Anonymous,
    string? Channel,
    string? IdempotencyKey);

public sealed record ContactRequest(string? Name, string? Phone);

/// <summary>
/// The acknowledgement of a stored appeal (受理回执). <see cref="TrackingUrl"/> is the filer's tracking link
/// (<c>/track.html#{caseId}.{token}</c>): it opens the citizen's view of the case and its rating until the rating period ends.
/// </summary>
public sealed record AppealReceipt(
    Guid CaseId,
    string CaseNumber,
    string TrackingUrl,
    string Status,
    DateTimeOffset FiledAt,
    string GridCode,
    string LeadBureau,
    IReadOnlyList<string> CoHandlers,
    DateTimeOffset ResolveDue);
