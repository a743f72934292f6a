using Hanan.Ops.Domain.Geography.Consolidation;
using Hanan.Ops.Storage.Grid;

namespace Hanan.Ops.Host.Geography;

/// <summary>The crosswalk rows of one unified or departmental grid: the links, and the rows dropped as slivers.</summary>
public sealed record CrosswalkRows(IReadOnlyList<CrosswalkLink> Links, IReadOnlyList<CrosswalkLink> Slivers);

/// <summary>The crosswalk between the departments' own grids and the unified grid the host serves.</summary>
public interface IGridCrosswalk
{
    /// <summary>The departmental grids in a unified grid, by department and code.</summary>
    Task<CrosswalkRows> OfUnifiedAsync(string code, CancellationToken ct);

    /// <summary>The unified grids a departmental grid falls in, largest share first; null when the department has no such grid.</summary>
    Task<CrosswalkRows?> OfDepartmentGridAsync(string department, string code, CancellationToken ct);
}

/// <summary>The crosswalk stored with the unified grid in PostgreSQL.</summary>
internal sealed class StoredGridCrosswalk(GridLayerStore store) : IGridCrosswalk
{
    public async Task<CrosswalkRows> OfUnifiedAsync(string code, CancellationToken ct) =>
        new(await store.CrosswalkOfUnifiedAsync(code, ct), await store.SliversOfUnifiedAsync(code, ct));

    public async Task<CrosswalkRows?> OfDepartmentGridAsync(string department, string code, CancellationToken ct) =>
        await store.CrosswalkOfDepartmentGridAsync(department, code, ct) is { } links
            ? new CrosswalkRows(links, await store.SliversOfDepartmentGridAsync(department, code, ct))
            : null;
}

/// <summary>The crosswalk of a consolidation held in memory (the embedded host's demo consolidation).</summary>
internal sealed class ConsolidatedGridCrosswalk(CrosswalkIndex index) : IGridCrosswalk
{
    public Task<CrosswalkRows> OfUnifiedAsync(string code, CancellationToken ct)
    {
        var (links, slivers) = index.OfUnified(code);
        return Task.FromResult(new CrosswalkRows(Linked(links), Linked(slivers)));
    }

    public Task<CrosswalkRows?> OfDepartmentGridAsync(string department, string code, CancellationToken ct) =>
        Task.FromResult(index.OfDepartmentGrid(department, code) is var (links, slivers)
            ? new CrosswalkRows(Linked(links), Linked(slivers))
            : null);

    private List<CrosswalkLink> Linked(IEnumerable<CrosswalkEntry> entries) =>
        [.. entries.Select(e => new CrosswalkLink(index.DepartmentOf(e.DepartmentCode), e.DepartmentGridCode,
            index.GridName(e.DepartmentCode, e.DepartmentGridCode), e.UnifiedGridCode, e.OverlapSquareMeters, e.Fraction))];
}
