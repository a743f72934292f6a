using Hanan.Ops.Domain.Appeals;

namespace Hanan.Ops.Contracts.Appeals;

/// <summary>One bureau's part of a case, as the read model keeps it.</summary>
[GenerateSerializer, Immutable, Alias("hanan.appeals.AssignmentSummary")]
public sealed record AssignmentSummary(
    [property: Id(0)] string BureauId,
    [property: Id(1)] AssignmentRole Role,
    [property: Id(2)] AssignmentStatus Status,
    [property: Id(3)] string? ClaimedBy,
    [property: Id(4)] DateTimeOffset? ClaimedAt,
    [property: Id(5)] DateTimeOffset ClaimDue,
    [property: Id(6)] DateTimeOffset? DoneAt,
    [property: Id(7)] DateTimeOffset? FirstClaimedAt = null);

/// <summary>
/// A case as lists, filters and statistics see it: one row of the read model, projected from case events.
/// <see cref="ResolveWarningAt"/> is the 75% warning (预警) of the resolution deadline (null in rows projected before it
/// was kept); <see cref="ExtensionPending"/> tells that an extension request waits for the supervision bureau.
/// <see cref="Version"/> grows with every change of the case; a writer keeps the highest version it has seen, so
/// late or repeated projections never overwrite newer ones.
/// </summary>
[GenerateSerializer, Immutable, Alias("hanan.appeals.CaseSummary")]
public sealed record CaseSummary(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Number,
    [property: Id(2)] long Version,
    [property: Id(3)] CaseStatus Status,
    [property: Id(4)] string CategoryCode,
    [property: Id(5)] string LeadBureau,
    [property: Id(6)] IReadOnlyList<AssignmentSummary> Assignments,
    [property: Id(7)] string GridCode,
    [property: Id(8)] string CommunityCode,
    [property: Id(9)] string StreetCode,
    [property: Id(10)] double Latitude,
    [property: Id(11)] double Longitude,
    [property: Id(12)] bool Hot,
    [property: Id(13)] bool Overdue,
    [property: Id(14)] string Channel,
    [property: Id(15)] string Description,
    [property: Id(16)] DateTimeOffset FiledAt,
    [property: Id(17)] DateTimeOffset ResolveDue,
    [property: Id(18)] DateTimeOffset? ResolvedAt,
    [property: Id(19)] DateTimeOffset? ClosedAt,
    [property: Id(20)] int? Rating,
    [property: Id(21)] int Returns,
    [property: Id(22)] int Reopenings,
    [property: Id(23)] int AffectedCitizens,
    [property: Id(24)] Guid? MergedInto,
    [property: Id(25)] DateTimeOffset UpdatedAt,
    [property: Id(26)] DateTimeOffset? ResolveWarningAt = null,
    [property: Id(27)] bool ExtensionPending = false);

/// <summary>
/// A filter over the read model. Every criterion is optional; they combine with AND. <c>OpenFor</c> keeps the cases
/// whose assignment for that bureau is still open (unclaimed): the bureau's queue. <c>ExtensionPending</c> keeps
/// the cases with (or without) an extension request waiting for a decision; <c>ResolvedFrom</c> the cases resolved at
/// or after that instant (whatever their status now). Results are ordered newest first
/// (FiledAt descending, then Id) and paged with an opaque cursor.
/// </summary>
public sealed record CaseQuery(
    IReadOnlyList<CaseStatus>? Statuses = null,
    string? Bureau = null,
    string? GridCode = null,
    string? StreetCode = null,
    string? CategoryCode = null,
    bool? Hot = null,
    bool? Overdue = null,
    DateTimeOffset? FiledFrom = null,
    DateTimeOffset? FiledTo = null,
    string? Text = null,
    int Limit = 50,
    string? After = null,
    string? OpenFor = null,
    bool? ExtensionPending = null,
    DateTimeOffset? ResolvedFrom = null,
    IReadOnlyList<string>? CategoryCodes = null,
    DateTimeOffset? UpdatedFrom = null,
    DateTimeOffset? UpdatedTo = null)
{
    public const int MaxLimit = 500;
}

public sealed record CasePage(IReadOnlyList<CaseSummary> Items, string? NextCursor);

/// <summary>
/// The case read model: PostgreSQL in durable mode, memory in the embedded mode. Both behave the same (one contract
/// test suite runs against both).
/// </summary>
/// <remarks>
/// Instants are kept to the microsecond (PostgreSQL's precision) and come back in UTC: the same instants as written,
/// not the same offsets. Convert to district time (Asia/Shanghai) for display.
/// </remarks>
public interface ICaseReadModel
{
    /// <summary>Stores each summary unless a row with the same id and a higher or equal version is already there.</summary>
    /// <exception cref="ArgumentException">A summary cannot be stored (a null text, a NUL character, an undefined enum value, coordinates outside WGS 84); nothing of the batch is stored.</exception>
    Task UpsertAsync(IReadOnlyList<CaseSummary> summaries, CancellationToken cancellationToken = default);

    Task<CaseSummary?> GetAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>Filters and pages. Text matches the description or the case number, case-insensitively, as a substring.</summary>
    /// <exception cref="ArgumentException">The cursor is malformed, the limit is outside 1..<see cref="CaseQuery.MaxLimit"/>, or a text criterion contains a NUL character.</exception>
    Task<CasePage> QueryAsync(CaseQuery query, CancellationToken cancellationToken = default);

    /// <summary>Every case filed in [from, to): the input of the 三率 figures.</summary>
    Task<IReadOnlyList<CaseSummary>> FiledBetweenAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default);
}
