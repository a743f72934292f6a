using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json.Serialization;
using Hanan.Ops.Domain.Calendar;

namespace Hanan.Ops.Domain.Appeals;

/// <summary>
/// A case (案件) as pure state: its assignments, resolve deadline, extensions, ratings, returns and duplicates. Every
/// operation takes the current instant and returns a <see cref="Decision"/>; nothing here reads a clock or does I/O.
/// Immutable; round-trips through System.Text.Json (see <see cref="CaseFileJson"/>).
/// </summary>
/// <remarks>
/// <para>Statuses: <see cref="CaseStatus.Dispatched"/>, <see cref="CaseStatus.InProgress"/> and
/// <see cref="CaseStatus.AwaitingCitizen"/> are open for handling (<see cref="IsOpen"/>): only then may bureaus act
/// and only then do deadlines escalate. The case status follows the lead assignment: Dispatched while it is in the
/// lead bureau's queue, InProgress once claimed.</para>
/// <para>Rules the operations document where a choice was made:</para>
/// <list type="bullet">
/// <item><description>Officers act only on an assignment they claimed. A note, a question, an extension request, a
/// report, a resolution or a return counts as acting; a claim nobody acts on by its <see cref="Assignment.ActDue"/>
/// goes back to the queue (<see cref="EvaluateDeadlines"/>).</description></item>
/// <item><description>The resolve clock never pauses, also not while waiting for the citizen.</description></item>
/// <item><description>Re-routing and reopening restart the resolve clock from that instant with a fresh schedule and
/// no applied escalation steps.</description></item>
/// </list>
/// </remarks>
public sealed partial record CaseFile
{
    /// <summary>The longest note, question, reply, summary, reason or comment, in characters.</summary>
    public const int MaxTextLength = 4000;

    /// <summary>How long the citizen may rate a resolved case (wall-clock days) before it closes as not rated.</summary>
    public static readonly TimeSpan RatingPeriod = TimeSpan.FromDays(7);

    public required Guid Id { get; init; }

    /// <summary>The case number, e.g. <c>HN-2026-000123</c>.</summary>
    public required string Number { get; init; }

    public required string CategoryCode { get; init; }

    /// <summary>1 when opened; + 1 with every accepted change.</summary>
    public required long Version { get; init; }

    public required CaseStatus Status { get; init; }

    /// <summary>Why the case is hot; null when it is not.</summary>
    public HotReason? HotReason { get; init; }

    public required DateTimeOffset FiledAt { get; init; }

    /// <summary>The instant of the last accepted change.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The claim limit (签收时限) of the current routing: for claiming and for acting on a claim.</summary>
    public required TimeLimit ClaimLimit { get; init; }

    /// <summary>The lead assignment first, then one per co-handling bureau.</summary>
    public required ValueList<Assignment> Assignments { get; init; }

    /// <summary>The resolve deadline of the current round of handling, with any approved extensions.</summary>
    public required DeadlineSchedule ResolveSchedule { get; init; }

    /// <summary>The escalation steps of <see cref="ResolveSchedule"/> already applied.</summary>
    public EscalationStepSet AppliedSteps { get; init; }

    /// <summary>The extension request waiting for a supervisor, if any.</summary>
    public ExtensionRequest? PendingExtension { get; init; }

    /// <summary>Every decided extension request, oldest first.</summary>
    public ValueList<ExtensionDecision> Extensions { get; init; }

    /// <summary>When the current round of handling was resolved; null while not resolved.</summary>
    public DateTimeOffset? ResolvedAt { get; init; }

    /// <summary>Until when the citizen may rate (<see cref="ResolvedAt"/> + <see cref="RatingPeriod"/>).</summary>
    public DateTimeOffset? RatingDue { get; init; }

    public DateTimeOffset? ClosedAt { get; init; }

    public CaseClosure? Closure { get; init; }

    /// <summary>The rating of the current round of handling; null if not rated (also after closing as not rated).</summary>
    public int? Rating { get; init; }

    /// <summary>Every rating ever given, oldest first; bad ones count against the bureau even after reopening.</summary>
    public ValueList<RatingRecord> Ratings { get; init; }

    /// <summary>How often a bad rating or a review sent the case back for rectification.</summary>
    public int Reopenings { get; init; }

    /// <summary>Every return (退单), oldest first.</summary>
    public ValueList<ReturnRecord> ReturnLog { get; init; }

    /// <summary>The master case this duplicate was merged into.</summary>
    public Guid? MergedInto { get; init; }

    /// <summary>The duplicates merged into this master case.</summary>
    public ValueList<Guid> Duplicates { get; init; }

    /// <summary>
    /// The keys of updates from connected systems already taken (the filer's supplements, a bureau system's progress
    /// notes), so a redelivered one is taken once.
    /// </summary>
    public ValueList<string> ExternalKeys { get; init; }

    /// <summary>At most this many updates from connected systems are taken per case.</summary>
    public const int MaxExternalUpdates = 100;

    [JsonIgnore]
    public Assignment Lead => Assignments[0];

    [JsonIgnore]
    public string LeadBureau => Lead.BureauId;

    [JsonIgnore]
    public IEnumerable<Assignment> CoHandlers => Assignments.Items.Skip(1);

    [JsonIgnore]
    public bool Hot => HotReason is not null;

    /// <summary>Open for handling: dispatched, in progress or waiting for the citizen.</summary>
    [JsonIgnore]
    public bool IsOpen => IsHandlingStatus(Status);

    /// <summary>Closed or merged: nothing more happens to the case.</summary>
    [JsonIgnore]
    public bool IsFinished => Status is CaseStatus.Closed or CaseStatus.Merged;

    /// <summary>
    /// 超期: the current resolve deadline has passed (its <see cref="EscalationStep.Overdue"/> step is applied) and the
    /// case is not resolved (open for handling or returned and waiting to be re-routed); or the case is open and a
    /// bureau's claim limit has passed with its assignment still unclaimed in the queue (its
    /// <see cref="CaseEventKind.ClaimOverdue"/> was reported). The latter ends when the bureau claims it.
    /// </summary>
    [JsonIgnore]
    public bool Overdue =>
        (AppliedSteps.Contains(EscalationStep.Overdue) && (IsOpen || Status == CaseStatus.Returned))
        || (IsOpen && ClaimOverdue);

    /// <summary>A bureau's claim limit has passed and its assignment is still in the queue, unclaimed (超时未签收).</summary>
    [JsonIgnore]
    public bool ClaimOverdue => Assignments.Items.Any(a => a.Status == AssignmentStatus.Open && a.ClaimOverdueReported);

    /// <summary>The citizen of this case plus one per absorbed duplicate.</summary>
    [JsonIgnore]
    public int AffectedCitizens => 1 + Duplicates.Count;

    /// <summary>Returns (退单) by all bureaus.</summary>
    [JsonIgnore]
    public int Returns => ReturnLog.Count;

    /// <summary>Returns (退单) by one bureau.</summary>
    public int ReturnsBy(string bureauId) => ReturnLog.Items.Count(r => r.BureauId == bureauId);

    /// <summary>The bureau's assignment, or null when the bureau has no part in the case.</summary>
    public Assignment? AssignmentOf(string bureauId) => IndexOf(bureauId) is var i and >= 0 ? Assignments[i] : null;

    /// <summary>
    /// Opens a case at dispatch: an Open lead assignment and one Open co-handler assignment per co-handling bureau, all
    /// due to be claimed <paramref name="claimLimit"/> after <paramref name="filedAt"/>; the resolve schedule from
    /// <paramref name="filedAt"/>; status <see cref="CaseStatus.Dispatched"/>; version 1.
    /// </summary>
    /// <exception cref="ArgumentException">An empty number, category or bureau id, or co-handlers repeated or equal to the lead.</exception>
    public static CaseFile Open(
        Guid id,
        string number,
        string categoryCode,
        string leadBureau,
        IEnumerable<string> coHandlers,
        bool hot,
        DateTimeOffset filedAt,
        TimeLimit claimLimit,
        TimeLimit resolveLimit,
        WorkingCalendar calendar)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(number);
        ArgumentException.ThrowIfNullOrWhiteSpace(categoryCode);
        ArgumentNullException.ThrowIfNull(coHandlers);
        ArgumentNullException.ThrowIfNull(claimLimit);
        ArgumentNullException.ThrowIfNull(resolveLimit);
        ArgumentNullException.ThrowIfNull(calendar);
        var co = coHandlers.ToImmutableArray();
        if (CheckBureaus(leadBureau, co) is { } refusal)
        {
            throw new ArgumentException(refusal.Message, nameof(coHandlers));
        }

        return new CaseFile
        {
            Id = id,
            Number = number,
            CategoryCode = categoryCode,
            Version = 1,
            Status = CaseStatus.Dispatched,
            HotReason = hot ? Appeals.HotReason.Emergency : null,
            FiledAt = filedAt,
            UpdatedAt = filedAt,
            ClaimLimit = claimLimit,
            Assignments = QueuedAssignments(leadBureau, co, claimLimit.DueFrom(filedAt, calendar)),
            ResolveSchedule = DeadlineSchedule.Compute(filedAt, resolveLimit, calendar),
        };
    }

    private static bool IsHandlingStatus(CaseStatus status) =>
        status is CaseStatus.Dispatched or CaseStatus.InProgress or CaseStatus.AwaitingCitizen;

    private static ValueList<Assignment> QueuedAssignments(string lead, ImmutableArray<string> coHandlers, DateTimeOffset claimDue) =>
        [Assignment.Queued(lead, AssignmentRole.Lead, claimDue), .. coHandlers.Select(b => Assignment.Queued(b, AssignmentRole.CoHandler, claimDue))];

    private static Refusal? CheckBureaus(string? lead, ImmutableArray<string> coHandlers)
    {
        if (string.IsNullOrWhiteSpace(lead))
        {
            return new(RefusalReason.InvalidBureaus, "A lead bureau is required.");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal) { lead };
        foreach (var bureau in coHandlers)
        {
            if (string.IsNullOrWhiteSpace(bureau))
            {
                return new(RefusalReason.InvalidBureaus, "A co-handling bureau id is empty.");
            }

            if (!seen.Add(bureau))
            {
                return new(RefusalReason.InvalidBureaus, $"Bureau {bureau} is listed twice or is also the lead; each bureau has one part in a case.");
            }
        }

        return null;
    }

    private int IndexOf(string bureauId)
    {
        for (var i = 0; i < Assignments.Count; i++)
        {
            if (string.Equals(Assignments[i].BureauId, bureauId, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// Accepts a change: version + 1, <see cref="UpdatedAt"/> = <paramref name="now"/>. A pending extension lapses when
    /// the change takes the case out of handling; that is recorded as one more event.
    /// </summary>
    private Decision Commit(CaseFile next, DateTimeOffset now, params ReadOnlySpan<CaseEvent> events)
    {
        var all = ImmutableArray.CreateBuilder<CaseEvent>(events.Length + 1);
        all.AddRange(events);
        if (next.PendingExtension is { } pending && !next.IsOpen)
        {
            all.Add(Happened(CaseEventKind.ExtensionLapsed, CaseActor.System, now, next.Status, next.Status) with
            {
                BureauId = pending.BureauId,
                Limit = pending.Extra,
                Text = pending.Reason,
            });
            next = next with { PendingExtension = null };
        }

        return Decision.Accepted(next with { Version = Version + 1, UpdatedAt = now }, all.ToImmutable());
    }

    private static CaseEvent Happened(CaseEventKind kind, CaseActor actor, DateTimeOffset at, CaseStatus before, CaseStatus after) => new()
    {
        Kind = kind,
        At = at,
        Actor = actor,
        StatusBefore = before,
        StatusAfter = after,
    };

    private Decision Refuse(Refusal refusal) => Decision.Refused(this, refusal);

    private Decision Refuse(RefusalReason reason, string message) => Decision.Refused(this, new Refusal(reason, message));

    private Refusal WrongStatus(string operation) =>
        new(RefusalReason.WrongStatus, $"Cannot {operation}: case {Number} is {Describe(Status)}.") { Status = Status };

    /// <summary>Null when the text is acceptable; a missing optional text is acceptable.</summary>
    private static Refusal? CheckText(string? text, string name, RefusalReason whenMissing, bool required = true)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return required ? new(whenMissing, $"The {name} is required.") : null;
        }

        return text.Length > MaxTextLength
            ? new(RefusalReason.TextTooLong, string.Create(CultureInfo.InvariantCulture, $"The {name} has {text.Length} characters; at most {MaxTextLength} are allowed."))
            : null;
    }

    private static string? Optional(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

    private static string Describe(CaseStatus status) => status switch
    {
        CaseStatus.Dispatched => "dispatched and waiting to be claimed",
        CaseStatus.InProgress => "in progress",
        CaseStatus.AwaitingCitizen => "waiting for the citizen",
        CaseStatus.Returned => "returned and waiting to be re-routed",
        CaseStatus.Resolved => "resolved and waiting for the citizen's rating",
        CaseStatus.Closed => "closed",
        CaseStatus.UnderReview => "under review by the supervision bureau",
        CaseStatus.Merged => "merged into another case",
        _ => status.ToString(),
    };

    /// <summary>An instant as district local time, for messages.</summary>
    private static string Local(DateTimeOffset at) => string.Create(
        CultureInfo.InvariantCulture, $"{TimeZoneInfo.ConvertTime(at, District.TimeZone):yyyy-MM-dd HH:mm} Beijing time");
}
