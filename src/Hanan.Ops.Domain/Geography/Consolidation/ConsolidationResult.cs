namespace Hanan.Ops.Domain.Geography.Consolidation;

/// <summary>
/// Share of a departmental grid that lies in a unified grid. For each departmental grid the fractions of the rows the
/// crosswalk keeps add up to 1. A dropped sliver (<see cref="ConsolidationResult.CrosswalkSlivers"/>) keeps its share of
/// the departmental grid's part inside the district, before dropping.
/// </summary>
public sealed record CrosswalkEntry(
    string DepartmentCode,
    string DepartmentGridCode,
    string UnifiedGridCode,
    double OverlapSquareMeters,
    double Fraction);

/// <summary>Limits and tolerances of a consolidation.</summary>
public sealed record ConsolidationOptions
{
    public GridCapacity Capacity { get; init; } = GridCapacity.Standard;

    /// <summary>A piece narrower than this on average (2·area / perimeter) is a sliver and joins a neighbour.</summary>
    public double MinWidthMeters { get; init; } = 50;

    /// <summary>A piece smaller than this joins a neighbour.</summary>
    public double MinAreaSquareMeters { get; init; } = 5_000;

    /// <summary>How often over-capacity grids are split and the partition rebuilt.</summary>
    public int MaxSplitRounds { get; init; } = 4;

    /// <summary>Which crosswalk rows are slivers, dropped so that a departmental grid's name never points to where it barely reaches.</summary>
    public CrosswalkSliverRule CrosswalkSlivers { get; init; } = CrosswalkSliverRule.Standard;
}

/// <summary>What a consolidation produced.</summary>
/// <param name="Map">The district with the unified grids (streets and communities as given).</param>
/// <param name="Loads">Households and people per unified grid code.</param>
/// <param name="Crosswalk">Departmental grid → unified grids with overlap fractions, ordered.</param>
/// <param name="StillOverCapacity">Unified grids that could not be split below capacity (households at one spot).</param>
/// <param name="Faces">Number of atomic faces in the final overlay.</param>
/// <param name="Slivers">Pieces merged into a neighbour because they were slivers.</param>
/// <param name="Splits">Over-capacity pieces that were split.</param>
/// <param name="HouseholdsOutside">Household points outside the district boundary (ignored).</param>
/// <param name="CrosswalkSlivers">
/// Crosswalk rows dropped as slivers (<see cref="ConsolidationOptions.CrosswalkSlivers"/>), ordered like the crosswalk; each
/// keeps its overlap and its share of the departmental grid.
/// </param>
public sealed record ConsolidationResult(
    DistrictMap Map,
    IReadOnlyDictionary<string, GridLoad> Loads,
    IReadOnlyList<CrosswalkEntry> Crosswalk,
    IReadOnlyList<string> StillOverCapacity,
    int Faces,
    int Slivers,
    int Splits,
    int HouseholdsOutside,
    IReadOnlyList<CrosswalkEntry> CrosswalkSlivers);
