namespace Hanan.Ops.Domain.Appeals;

/// <summary>
/// What the case figures need to know about one case. The host maps read-model rows to it; nothing here is
/// looked up elsewhere.
/// </summary>
/// <param name="Rating">The citizen's 好差评 level, 1 (非常不满意) to 5 (非常满意), or null when not rated (yet).</param>
/// <param name="ClosedNotRated">The rating period ran out and the case closed without a rating (未评价).</param>
/// <param name="Reopenings">How often the case was reopened after a resolution (重办).</param>
public sealed record CaseFacts(
    Guid CaseId,
    string CategoryCode,
    string StreetCode,
    string GridCode,
    DateTimeOffset FiledAt,
    CaseStatus Status,
    DateTimeOffset ResolveDue,
    DateTimeOffset? ResolvedAt,
    int? Rating,
    bool ClosedNotRated,
    int Reopenings,
    IReadOnlyList<AssignmentFacts> Assignments)
{
    public const int LowestRating = 1;
    public const int HighestRating = 5;

    /// <summary>Lowest rating that counts as satisfied (好评): 基本满意 (3), 满意 (4), 非常满意 (5).</summary>
    public const int LowestSatisfiedRating = 3;

    /// <summary>
    /// Resolved (已解决) for the figures: the case is <see cref="CaseStatus.Resolved"/> or <see cref="CaseStatus.Closed"/>
    /// and has a resolution time. A case closed without a resolution time is not resolved; a reopened case is not
    /// resolved until it is resolved again, whatever <see cref="ResolvedAt"/> still says.
    /// </summary>
    public bool IsResolved => Status is CaseStatus.Resolved or CaseStatus.Closed && ResolvedAt is not null;

    /// <summary>Still being worked on: not resolved, closed or merged.</summary>
    public bool IsOpen => Status.IsOpen();

    /// <summary>A bureau's claim limit has passed at <paramref name="asOf"/> with its assignment still unclaimed in the queue (超时未签收).</summary>
    public bool ClaimOverdue(DateTimeOffset asOf) =>
        Assignments.Any(a => a.Status == AssignmentStatus.Open && asOf > a.ClaimDue);

    /// <summary>The lead assignment that currently owns the case: role lead and not returned. Null while none does.</summary>
    public AssignmentFacts? CurrentLead
    {
        get
        {
            foreach (var a in Assignments)
            {
                if (a.Role == AssignmentRole.Lead && a.Status != AssignmentStatus.Returned)
                {
                    return a;
                }
            }

            return null;
        }
    }

    /// <summary>Null when the facts are consistent, otherwise a sentence saying what is wrong.</summary>
    public string? Check()
    {
        if (string.IsNullOrEmpty(CategoryCode) || string.IsNullOrEmpty(StreetCode) || string.IsNullOrEmpty(GridCode))
        {
            return "category, street and grid codes are required.";
        }

        if (Rating is { } r && r is < LowestRating or > HighestRating)
        {
            return $"rating {r} is outside {LowestRating}..{HighestRating}.";
        }

        if (Rating is not null && ClosedNotRated)
        {
            return "a case cannot be both rated and closed as not rated.";
        }

        if (ResolvedAt < FiledAt)
        {
            return "resolved before it was filed.";
        }

        if (Reopenings < 0)
        {
            return "reopenings cannot be negative.";
        }

        if (Assignments is null)
        {
            return "assignments are required (an empty list when there are none).";
        }

        var currentLeads = 0;
        foreach (var a in Assignments)
        {
            if (a is null || string.IsNullOrEmpty(a.BureauId))
            {
                return "every assignment needs a bureau id.";
            }

            if (a.Status == AssignmentStatus.Returned && !a.Returned)
            {
                return $"the assignment of {a.BureauId} has status returned but is not marked returned.";
            }

            if (a.Role == AssignmentRole.Lead && a.Status != AssignmentStatus.Returned)
            {
                currentLeads++;
            }
        }

        return currentLeads > 1 ? $"{currentLeads} lead assignments are current; at most one may be." : null;
    }
}

/// <summary>One bureau's part of a case, as the figures see it.</summary>
/// <param name="FirstClaimedAt">When an officer of the bureau first claimed it (签收), or null if never.</param>
/// <param name="Returned">The bureau returned the assignment as wrongly assigned (退单), whatever its status is now.</param>
public sealed record AssignmentFacts(
    string BureauId,
    AssignmentRole Role,
    DateTimeOffset ClaimDue,
    DateTimeOffset? FirstClaimedAt,
    AssignmentStatus Status,
    bool Returned)
{
    /// <summary>Claimed at or before its claim due: counts as responded (响应).</summary>
    public bool ClaimedInTime => FirstClaimedAt <= ClaimDue;

    /// <summary>
    /// Whether the response is decided at <paramref name="asOf"/>: it was claimed, it was returned, or its claim due has
    /// passed. An assignment still waiting in the queue within its claim due is neither a success nor a failure yet.
    /// </summary>
    public bool ResponseDecided(DateTimeOffset asOf) => FirstClaimedAt is not null || Returned || asOf > ClaimDue;
}
