using Hanan.Ops.Domain.Appeals;
using Hanan.Ops.Domain.Calendar;

namespace Hanan.Ops.Contracts.Appeals;

/// <summary>
/// One entry of a case's timeline (留痕): who did what, in which role, through which channel (the appeal's channel for
/// the filing, <c>api</c> for actions over the HTTP API, <c>system</c> for the clock), when, and the status before and after.
/// <see cref="Public"/> entries are the citizen's progress (办理进展); <see cref="Unit"/> is the bureau an officer acted
/// for (null for the command centre, the supervision bureau, the citizen and the clock, and in entries written before
/// it was kept): the audiences' projections show staff by their unit, and keep a bureau's internal entries in it.
/// </summary>
[GenerateSerializer, Immutable, Alias("hanan.appeals.TimelineEntry")]
public sealed record TimelineEntry(
    [property: Id(0)] long Sequence,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] Actor Actor,
    [property: Id(3)] string Action,
    [property: Id(4)] string Description,
    [property: Id(5)] CaseStatus? StatusBefore,
    [property: Id(6)] CaseStatus StatusAfter,
    [property: Id(7)] bool Public = false,
    [property: Id(8)] string Channel = "api",
    [property: Id(9)] string? Unit = null);

/// <summary>The deadlines of a case: claim (签收), feedback (反馈) and resolution (办结) with its 75% warning.</summary>
[GenerateSerializer, Immutable, Alias("hanan.appeals.CaseDeadlines")]
public sealed record CaseDeadlines(
    [property: Id(0)] DateTimeOffset ClaimDue,
    [property: Id(1)] DateTimeOffset FeedbackDue,
    [property: Id(2)] DateTimeOffset ResolveWarningAt,
    [property: Id(3)] DateTimeOffset ResolveDue);

/// <summary>An extension request waiting for the supervision bureau (延期申请).</summary>
[GenerateSerializer, Immutable, Alias("hanan.appeals.ExtensionView")]
public sealed record ExtensionView(
    [property: Id(0)] string BureauId,
    [property: Id(1)] string OfficerId,
    [property: Id(2)] string Reason,
    [property: Id(3)] string Extra,
    [property: Id(4)] DateTimeOffset RequestedAt);

/// <summary>A case as the API shows it.</summary>
[GenerateSerializer, Immutable, Alias("hanan.appeals.CaseView")]
public sealed record CaseView(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Number,
    [property: Id(2)] CaseStatus Status,
    [property: Id(3)] string CategoryCode,
    [property: Id(4)] string Description,
    [property: Id(5)] GeoPoint Location,
    [property: Id(6)] string? Address,
    [property: Id(7)] string GridCode,
    [property: Id(8)] string CommunityCode,
    [property: Id(9)] string StreetCode,
    [property: Id(10)] AppealChannel Channel,
    [property: Id(11)] string LeadBureau,
    [property: Id(12)] IReadOnlyList<string> CoHandlers,
    [property: Id(13)] bool Hot,
    [property: Id(14)] DateTimeOffset FiledAt,
    [property: Id(15)] CaseDeadlines Deadlines,
    [property: Id(16)] IReadOnlyList<EscalationStep> Escalations,
    [property: Id(17)] IReadOnlyList<TimelineEntry> Timeline,
    [property: Id(18)] Contact? Contact,
    [property: Id(19)] IReadOnlyList<string> PhotoRefs,
    [property: Id(20)] long Version,
    [property: Id(21)] IReadOnlyList<AssignmentSummary> Assignments,
    [property: Id(22)] ExtensionView? PendingExtension,
    [property: Id(23)] int? Rating,
    [property: Id(24)] int Reopenings,
    [property: Id(25)] int Returns,
    [property: Id(26)] int AffectedCitizens,
    [property: Id(27)] Guid? MergedInto,
    [property: Id(28)] string? HotReason,
    [property: Id(29)] bool Overdue,
    [property: Id(30)] IReadOnlyList<Guid> DuplicateCandidates);
