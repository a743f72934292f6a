namespace Hanan.Ops.Domain.Appeals;

/// <summary>
/// The figures of one group (a bureau, street, grid or category) over the cases filed in a period. Merged cases are
/// never counted. Rates are fractions 0..1, and null when their denominator is 0.
/// </summary>
/// <param name="Code">The bureau id, street code, grid code or category code.</param>
/// <param name="Cases">Cases of the group (for a bureau: the cases it currently leads).</param>
/// <param name="Resolved">Cases resolved, or closed after a resolution (see <see cref="CaseFacts.IsResolved"/>).</param>
/// <param name="ResolvedOnTime">Resolved cases whose resolution was at or before their resolve due.</param>
/// <param name="Rated">Cases with a rating of 1..5. Cases closed as not rated are not rated.</param>
/// <param name="Satisfied">Rated cases with a rating of 3..5 (好评).</param>
/// <param name="ClosedNotRated">Cases that closed without a rating (未评价).</param>
/// <param name="OverdueOpen">Open cases overdue (超期) at the time the figures were taken: the resolve due had passed, or a bureau's claim limit had passed with its assignment still unclaimed.</param>
/// <param name="Reopened">Cases reopened at least once.</param>
/// <param name="Assignments">Assignments whose response is decided: the response rate's denominator.</param>
/// <param name="ClaimedOnTime">Of those, assignments first claimed at or before their claim due.</param>
/// <param name="AwaitingClaim">Assignments still unclaimed within their claim due: not yet in the response rate.</param>
/// <param name="Returns">Assignments returned as wrongly assigned (退单).</param>
/// <param name="MeanHandlingHours">Mean of filed → resolved in hours over resolved cases.</param>
/// <param name="P90HandlingHours">90th percentile (nearest rank, see <see cref="Percentile.NearestRank"/>) of the same.</param>
public sealed record GroupFigures(
    string Code,
    int Cases,
    int Resolved,
    int ResolvedOnTime,
    int Rated,
    int Satisfied,
    int ClosedNotRated,
    int OverdueOpen,
    int Reopened,
    int Assignments,
    int ClaimedOnTime,
    int AwaitingClaim,
    int Returns,
    double? MeanHandlingHours,
    double? P90HandlingHours)
{
    /// <summary>响应率: <see cref="ClaimedOnTime"/> ÷ <see cref="Assignments"/>.</summary>
    public double? ResponseRate => Rate(ClaimedOnTime, Assignments);

    /// <summary>解决率: <see cref="Resolved"/> ÷ <see cref="Cases"/>.</summary>
    public double? ResolutionRate => Rate(Resolved, Cases);

    /// <summary>满意率: <see cref="Satisfied"/> ÷ <see cref="Rated"/>.</summary>
    public double? SatisfactionRate => Rate(Satisfied, Rated);

    /// <summary>按期办结率: <see cref="ResolvedOnTime"/> ÷ <see cref="Resolved"/>.</summary>
    public double? OnTimeRate => Rate(ResolvedOnTime, Resolved);

    private static double? Rate(int numerator, int denominator) =>
        denominator == 0 ? null : (double)numerator / denominator;
}
