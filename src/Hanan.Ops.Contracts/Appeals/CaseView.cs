using Hanan.Ops.Domain.Appeals;
using Hanan.Ops.Domain.Calendar;

namespace Hanan.Ops.Contracts.Appeals;

/// <summary>One entry of a case's timeline (留痕): who did what, when, and what changed.</summary>
[GenerateSerializer, Immutable, Alias("hanan.appeals.TimelineEntry")]
public sealed record TimelineEntry(
    [property: Id(0)] long Sequence,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] Actor Actor,
    [property: Id(3)] string Action,
    [property: Id(4)] string Description,
    [property: Id(5)] CaseStatus? StatusBefore,
    [property: Id(6)] CaseStatus StatusAfter);

/// <summary>The deadlines of a case, from its category's limits on the working-day calendar.</summary>
[GenerateSerializer, Immutable, Alias("hanan.appeals.CaseDeadlines")]
public sealed record CaseDeadlines(
    [property: Id(0)] DateTimeOffset ClaimDue,
    [property: Id(1)] DateTimeOffset FeedbackDue,
    [property: Id(2)] DateTimeOffset ResolveWarningAt,
    [property: Id(3)] DateTimeOffset ResolveDue);

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
    [property: Id(19)] IReadOnlyList<string> PhotoRefs);
