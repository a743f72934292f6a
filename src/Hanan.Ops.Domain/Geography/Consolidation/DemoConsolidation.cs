using System.Collections.Concurrent;
using Hanan.Ops.Domain.Geography.Layers;
using Hanan.Ops.Domain.Population;

namespace Hanan.Ops.Domain.Geography.Consolidation;

/// <summary>
/// The demo district's three departmental layers (<see cref="DemoDepartmentLayers"/>) consolidated into the unified grid
/// (一格多用) with the demo population's households for the capacity rule: what <c>hanan consolidate --demo</c> stores,
/// and what the embedded host serves. Deterministic, so it is computed once per process and options (a few seconds).
/// </summary>
public sealed class DemoConsolidation
{
    private static readonly ConcurrentDictionary<ConsolidationOptions, Lazy<DemoConsolidation>> Computed = new();

    private DemoConsolidation(ConsolidationOptions options)
    {
        District = DemoDistrict.Generate();
        Layers = DemoDepartmentLayers.Generate(District);
        Households = [.. DemoPopulation.Generate(District).HouseholdPoints()];
        Result = GridConsolidator.Consolidate(District, Layers, Households, options);
        Crosswalk = new CrosswalkIndex(Layers, Result);
    }

    /// <summary>The generated demo district whose streets and communities the unified grids nest in.</summary>
    public DistrictMap District { get; }

    public IReadOnlyList<DepartmentLayer> Layers { get; }

    public IReadOnlyList<HouseholdPoint> Households { get; }

    public ConsolidationResult Result { get; }

    public CrosswalkIndex Crosswalk { get; }

    /// <summary>The consolidation with these options (the standard ones when null), computed on first use.</summary>
    public static DemoConsolidation Of(ConsolidationOptions? options = null) =>
        Computed.GetOrAdd(options ?? new ConsolidationOptions(), o => new Lazy<DemoConsolidation>(() => new DemoConsolidation(o))).Value;
}

/// <summary>A consolidation's crosswalk, indexed both ways, with the departments' and their grids' names.</summary>
public sealed class CrosswalkIndex
{
    private readonly ILookup<string, CrosswalkEntry> _keptByUnified;
    private readonly ILookup<string, CrosswalkEntry> _sliversByUnified;
    private readonly ILookup<(string, string), CrosswalkEntry> _keptByDepartmentGrid;
    private readonly ILookup<(string, string), CrosswalkEntry> _sliversByDepartmentGrid;
    private readonly Dictionary<string, Department> _departments;
    private readonly Dictionary<(string, string), string?> _gridNames;

    public CrosswalkIndex(IReadOnlyList<DepartmentLayer> layers, ConsolidationResult result)
    {
        ArgumentNullException.ThrowIfNull(layers);
        ArgumentNullException.ThrowIfNull(result);
        _departments = layers.ToDictionary(l => l.Department.Code, l => l.Department, StringComparer.Ordinal);
        _gridNames = layers.SelectMany(l => l.Grids.Select(g => (Key: (l.Department.Code, g.Code), g.Name))).ToDictionary(x => x.Key, x => x.Name);
        _keptByUnified = result.Crosswalk.ToLookup(e => e.UnifiedGridCode, StringComparer.Ordinal);
        _sliversByUnified = result.CrosswalkSlivers.ToLookup(e => e.UnifiedGridCode, StringComparer.Ordinal);
        _keptByDepartmentGrid = result.Crosswalk.ToLookup(e => (e.DepartmentCode, e.DepartmentGridCode));
        _sliversByDepartmentGrid = result.CrosswalkSlivers.ToLookup(e => (e.DepartmentCode, e.DepartmentGridCode));
    }

    /// <summary>The rows of a unified grid, kept and dropped as slivers, by department and departmental code.</summary>
    public (IReadOnlyList<CrosswalkEntry> Kept, IReadOnlyList<CrosswalkEntry> Slivers) OfUnified(string code) =>
        (ByDepartmentGrid(_keptByUnified[code]), ByDepartmentGrid(_sliversByUnified[code]));

    /// <summary>The rows of a departmental grid, largest share first; null when the department has no such grid.</summary>
    public (IReadOnlyList<CrosswalkEntry> Kept, IReadOnlyList<CrosswalkEntry> Slivers)? OfDepartmentGrid(string department, string code) =>
        _gridNames.ContainsKey((department, code))
            ? (LargestFirst(_keptByDepartmentGrid[(department, code)]), LargestFirst(_sliversByDepartmentGrid[(department, code)]))
            : null;

    public Department DepartmentOf(string code) => _departments.GetValueOrDefault(code) ?? new Department(code, code);

    public string? GridName(string department, string code) => _gridNames.GetValueOrDefault((department, code));

    private static List<CrosswalkEntry> ByDepartmentGrid(IEnumerable<CrosswalkEntry> entries) =>
        [.. entries.OrderBy(e => e.DepartmentCode, StringComparer.Ordinal).ThenBy(e => e.DepartmentGridCode, StringComparer.Ordinal)];

    private static List<CrosswalkEntry> LargestFirst(IEnumerable<CrosswalkEntry> entries) =>
        [.. entries.OrderByDescending(e => e.Fraction).ThenBy(e => e.UnifiedGridCode, StringComparer.Ordinal)];
}
