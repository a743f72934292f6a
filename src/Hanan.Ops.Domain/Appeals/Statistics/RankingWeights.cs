namespace Hanan.Ops.Domain.Appeals;

/// <summary>
/// Weights of the ranking score. Only their proportions matter (the score divides by their sum), so (1, 1, 1, 0) and
/// (2, 2, 2, 0) rank alike.
/// </summary>
/// <remarks>
/// The 接诉即办 practice ranks units on the 三率 (response, resolution, satisfaction) but does not publish weights, so
/// they are configuration. <see cref="Default"/> weighs the 三率 equally and leaves the on-time closure rate out.
/// </remarks>
public sealed record RankingWeights(double Response, double Resolution, double Satisfaction, double OnTime)
{
    /// <summary>Equal weights for the 三率, 0 for on-time closure.</summary>
    public static RankingWeights Default { get; } = new(1, 1, 1, 0);

    /// <summary>Null when usable, otherwise a sentence saying what is wrong: every weight finite and ≥ 0, at least one &gt; 0.</summary>
    public string? Check()
    {
        if (!Usable(Response) || !Usable(Resolution) || !Usable(Satisfaction) || !Usable(OnTime))
        {
            return $"Ranking weights must be finite and not negative (got response {Response}, resolution {Resolution}, satisfaction {Satisfaction}, on-time {OnTime}).";
        }

        return Response + Resolution + Satisfaction + OnTime > 0 ? null : "At least one ranking weight must be greater than 0.";

        static bool Usable(double w) => double.IsFinite(w) && w >= 0;
    }
}
