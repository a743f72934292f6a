namespace Hanan.Ops.Domain.Appeals;

/// <summary>A group's place in the ranking; <see cref="Rank"/> starts at 1 and every group has its own.</summary>
/// <param name="Score">The weighted score 0..1, or null when the group has no case or none of its weighted rates is defined.</param>
public sealed record RankedGroup(int Rank, double? Score, GroupFigures Figures);

/// <summary>Ranks groups on a weighted score of their rates.</summary>
/// <remarks>
/// <para>Score = Σ wᵢ·rᵢ ÷ Σ wᵢ over the rates rᵢ (response, resolution, satisfaction, on-time) that are defined and have a
/// weight wᵢ &gt; 0. An undefined rate (nothing to divide) neither rewards nor penalises: it drops out with its weight.</para>
/// <para>Order: groups with cases and a score, highest score first; then groups with cases but no score; then groups
/// with no cases. Within each, and between equal scores, by code (ordinal).</para>
/// </remarks>
public static class CaseRanking
{
    /// <exception cref="ArgumentException">The weights are not usable (<see cref="RankingWeights.Check"/>).</exception>
    public static IReadOnlyList<RankedGroup> Rank(IEnumerable<GroupFigures> groups, RankingWeights weights)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Check() is { } problem)
        {
            throw new ArgumentException(problem, nameof(weights));
        }

        var scored = new List<(GroupFigures Figures, double? Score)>();
        foreach (var g in groups)
        {
            ArgumentNullException.ThrowIfNull(g, nameof(groups));
            scored.Add((g, ScoreOf(g, weights)));
        }

        scored.Sort(static (x, y) =>
        {
            var byTier = Tier(x).CompareTo(Tier(y));
            if (byTier != 0)
            {
                return byTier;
            }

            var byScore = (y.Score ?? 0).CompareTo(x.Score ?? 0);
            return byScore != 0 ? byScore : string.CompareOrdinal(x.Figures.Code, y.Figures.Code);
        });

        var result = new RankedGroup[scored.Count];
        for (var i = 0; i < scored.Count; i++)
        {
            result[i] = new RankedGroup(i + 1, scored[i].Score, scored[i].Figures);
        }

        return result;

        static int Tier((GroupFigures Figures, double? Score) s) =>
            s.Figures.Cases == 0 ? 2 : s.Score is null ? 1 : 0;
    }

    /// <summary>The weighted score of one group, or null when it has no case or no weighted rate is defined.</summary>
    /// <exception cref="ArgumentException">The weights are not usable (<see cref="RankingWeights.Check"/>).</exception>
    public static double? Score(GroupFigures figures, RankingWeights weights)
    {
        ArgumentNullException.ThrowIfNull(figures);
        ArgumentNullException.ThrowIfNull(weights);
        return weights.Check() is { } problem ? throw new ArgumentException(problem, nameof(weights)) : ScoreOf(figures, weights);
    }

    private static double? ScoreOf(GroupFigures figures, RankingWeights weights)
    {
        if (figures.Cases == 0)
        {
            return null;
        }

        var sum = 0.0;
        var weight = 0.0;
        Add(figures.ResponseRate, weights.Response);
        Add(figures.ResolutionRate, weights.Resolution);
        Add(figures.SatisfactionRate, weights.Satisfaction);
        Add(figures.OnTimeRate, weights.OnTime);
        return weight > 0 ? sum / weight : null;

        void Add(double? rate, double w)
        {
            if (rate is { } r && w > 0)
            {
                sum += w * r;
                weight += w;
            }
        }
    }
}
