namespace Hanan.Ops.Domain.Geography.Consolidation;

/// <summary>
/// When a crosswalk row is a sliver: a departmental grid that reaches into a unified grid by less than
/// <see cref="MinOverlapSquareMeters"/>, or by less than <see cref="MinShare"/> of its own part in the district, only
/// grazes it (borders drawn a few metres apart). Naming that unified grid for the departmental grid would send people
/// to the wrong place, so the row is dropped and reported. A departmental grid's largest row is always kept: every
/// departmental grid in the district names at least one unified grid.
/// </summary>
/// <param name="MinOverlapSquareMeters">Rows with a smaller overlap are slivers (100 m² by default).</param>
/// <param name="MinShare">Rows with a smaller share of the departmental grid are slivers (0.01, 1 %, by default).</param>
public sealed record CrosswalkSliverRule(double MinOverlapSquareMeters = 100, double MinShare = 0.01)
{
    public static CrosswalkSliverRule Standard { get; } = new();

    /// <summary>Keeps every row: nothing is a sliver.</summary>
    public static CrosswalkSliverRule KeepAll { get; } = new(0, 0);

    /// <summary>
    /// Splits one departmental grid's overlaps into the rows kept, with shares of what is kept (adding up to 1), and
    /// the slivers, with their share of the departmental grid's whole part in the district.
    /// </summary>
    /// <param name="overlaps">Unified grid code and overlap in m² for each unified grid the departmental grid reaches into.</param>
    public (IReadOnlyList<(string Unified, double Overlap, double Share)> Kept, IReadOnlyList<(string Unified, double Overlap, double Share)> Slivers)
        Split(IReadOnlyList<(string Unified, double Overlap)> overlaps)
    {
        ArgumentNullException.ThrowIfNull(overlaps);
        var inside = overlaps.Sum(o => o.Overlap);
        var largest = overlaps.Count == 0 ? -1 : Enumerable.Range(0, overlaps.Count).MaxBy(i => overlaps[i].Overlap);
        var kept = new List<(string, double, double)>();
        var slivers = new List<(string, double, double)>();
        var keptArea = Enumerable.Range(0, overlaps.Count).Where(i => i == largest || !IsSliver(overlaps[i].Overlap, inside)).Sum(i => overlaps[i].Overlap);
        for (var i = 0; i < overlaps.Count; i++)
        {
            var (unified, overlap) = overlaps[i];
            if (i == largest || !IsSliver(overlap, inside))
            {
                kept.Add((unified, overlap, overlap / keptArea));
            }
            else
            {
                slivers.Add((unified, overlap, overlap / inside));
            }
        }

        return (kept, slivers);
    }

    /// <summary>Whether an overlap of a departmental grid whose part in the district is <paramref name="inside"/> m² is a sliver.</summary>
    public bool IsSliver(double overlap, double inside) => overlap < MinOverlapSquareMeters || overlap < MinShare * inside;
}
