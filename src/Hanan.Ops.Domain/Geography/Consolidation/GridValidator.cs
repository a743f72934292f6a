using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;
using NetTopologySuite.Operation.OverlayNG;
using NetTopologySuite.Operation.Valid;
using SpatialFunction = NetTopologySuite.Operation.Overlay.SpatialFunction;

namespace Hanan.Ops.Domain.Geography.Consolidation;

/// <summary>A grid to validate: its code (unified or departmental) and outline (Polygon or MultiPolygon, WGS84).</summary>
public sealed record GridOutline(string Code, Geometry Boundary);

/// <summary>A gap, an overlap or a part outside the district: area in m², a point inside it, the grids involved.</summary>
public sealed record AreaFault(IReadOnlyList<string> Codes, double AreaSquareMeters, Coordinate Location);

/// <summary>A grid whose outline is not a valid polygon, and where.</summary>
public sealed record InvalidOutline(string Code, string Message, Coordinate? Location);

/// <summary>A grid carrying more than its capacity, with a proposed split into parts that each fit.</summary>
public sealed record OverCapacityGrid(string Code, GridLoad Load, IReadOnlyList<SplitPart> ProposedSplit);

/// <summary>Everything wrong with a set of grids measured against the district boundary, households and workers.</summary>
/// <param name="WithoutWorker">Grids with no worker assigned; null when no assignment was supplied.</param>
public sealed record ValidationReport(
    int Grids,
    IReadOnlyList<AreaFault> Gaps,
    IReadOnlyList<AreaFault> Overlaps,
    IReadOnlyList<AreaFault> Outside,
    IReadOnlyList<InvalidOutline> Invalid,
    IReadOnlyList<OverCapacityGrid> OverCapacity,
    IReadOnlyList<string>? WithoutWorker,
    int HouseholdsOutside)
{
    public bool HasProblems =>
        Gaps.Count + Overlaps.Count + Outside.Count + Invalid.Count + OverCapacity.Count + (WithoutWorker?.Count ?? 0) > 0;
}

/// <summary>
/// Validates a grid layer (the unified grid or a department's) against the district: gaps and overlaps with area
/// and location, parts outside the boundary, invalid outlines, over-capacity grids with a proposed split, and grids
/// without a worker. Areas under <see cref="MinReportedSquareMeters"/> are rounding noise and not reported.
/// </summary>
public static class GridValidator
{
    public const double MinReportedSquareMeters = 1.0;

    public static ValidationReport Validate(
        Polygon districtBoundary,
        IReadOnlyList<GridOutline> grids,
        IReadOnlyList<HouseholdPoint> households,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? workers = null,
        GridCapacity? capacity = null)
    {
        ArgumentNullException.ThrowIfNull(districtBoundary);
        ArgumentNullException.ThrowIfNull(grids);
        ArgumentNullException.ThrowIfNull(households);
        capacity ??= GridCapacity.Standard;

        var invalid = new List<InvalidOutline>();
        var usable = new List<GridOutline>();
        foreach (var grid in grids.OrderBy(g => g.Code, StringComparer.Ordinal))
        {
            var error = grid.Boundary is Polygon or MultiPolygon && !grid.Boundary.IsEmpty
                ? new IsValidOp(grid.Boundary).ValidationError
                : new TopologyValidationError(TopologyValidationErrors.InvalidCoordinate, null);
            if (error is null)
            {
                usable.Add(grid);
            }
            else
            {
                invalid.Add(new InvalidOutline(
                    grid.Code,
                    grid.Boundary is Polygon or MultiPolygon ? error.Message : $"a {grid.Boundary.GeometryType} is not a polygonal outline",
                    error.Coordinate));
            }
        }

        var union = usable.Count == 0
            ? districtBoundary.Factory.CreatePolygon()
            : OverlayNGRobust.Union(usable.Select(g => g.Boundary));
        var gaps = Faults(OverlayNGRobust.Overlay(districtBoundary, union, SpatialFunction.Difference), []).ToList();
        var outside = new List<AreaFault>();
        foreach (var grid in usable)
        {
            outside.AddRange(Faults(OverlayNGRobust.Overlay(grid.Boundary, districtBoundary, SpatialFunction.Difference), [grid.Code]));
        }

        var (over, householdsOutside) = Capacity(usable, households, capacity);
        IReadOnlyList<string>? withoutWorker = workers is null
            ? null
            : [.. grids.Select(g => g.Code).Where(c => !workers.TryGetValue(c, out var w) || w.Count == 0).Order(StringComparer.Ordinal)];
        return new ValidationReport(grids.Count, gaps, Overlaps(usable), outside, invalid, over, withoutWorker, householdsOutside);
    }

    private static List<AreaFault> Overlaps(List<GridOutline> grids)
    {
        var tree = new STRtree<int>();
        for (var i = 0; i < grids.Count; i++)
        {
            tree.Insert(grids[i].Boundary.EnvelopeInternal, i);
        }

        var faults = new List<AreaFault>();
        for (var i = 0; i < grids.Count; i++)
        {
            foreach (var j in tree.Query(grids[i].Boundary.EnvelopeInternal).Where(j => j > i).Order())
            {
                var shared = OverlayNGRobust.Overlay(grids[i].Boundary, grids[j].Boundary, SpatialFunction.Intersection);
                faults.AddRange(Faults(shared, [grids[i].Code, grids[j].Code]));
            }
        }

        return faults;
    }

    private static (List<OverCapacityGrid> Over, int Outside) Capacity(List<GridOutline> grids, IReadOnlyList<HouseholdPoint> households, GridCapacity capacity)
    {
        var index = new GridConsolidator.AreaIndex([.. grids.Select(g => g.Boundary)]);
        var byGrid = grids.Select(_ => new List<HouseholdPoint>()).ToArray();
        var outside = 0;
        foreach (var household in households)
        {
            // Borders belong to the grid with the smallest code, as in DistrictMap.Locate (grids are sorted).
            var grid = index.Covering(new Coordinate(household.Longitude, household.Latitude)).DefaultIfEmpty(-1).Min();
            if (grid < 0)
            {
                outside++;
            }
            else
            {
                byGrid[grid].Add(household);
            }
        }

        var over = new List<OverCapacityGrid>();
        for (var i = 0; i < grids.Count; i++)
        {
            var load = CapacitySplit.Load(byGrid[i]);
            if (!load.FitsIn(capacity))
            {
                over.Add(new OverCapacityGrid(grids[i].Code, load, CapacitySplit.Propose(grids[i].Boundary, byGrid[i], capacity)));
            }
        }

        return (over, outside);
    }

    /// <summary>
    /// Area in m² in a local plane centred on the part. The plane is affine, so a sliver between two nearly
    /// identical straight edges stays as thin as it is; <see cref="GeoMeasure.AreaSquareMeters"/> bends edges
    /// slightly (cos latitude per vertex) and would inflate micrometre slivers along long edges to square metres.
    /// </summary>
    private static double PlaneArea(Polygon part)
    {
        var centre = part.EnvelopeInternal.Centre;
        return new LocalPlane(centre.Y, centre.X).ToMeters(part).Area;
    }

    /// <summary>Each polygonal part of a geometry at least the reportable size, with its area and a point inside it.</summary>
    private static IEnumerable<AreaFault> Faults(Geometry geometry, string[] codes)
    {
        for (var i = 0; i < geometry.NumGeometries; i++)
        {
            if (geometry.GetGeometryN(i) is Polygon { IsEmpty: false } part)
            {
                var area = PlaneArea(part);
                if (area >= MinReportedSquareMeters)
                {
                    yield return new AreaFault(codes, area, part.InteriorPoint.Coordinate);
                }
            }
        }
    }
}
