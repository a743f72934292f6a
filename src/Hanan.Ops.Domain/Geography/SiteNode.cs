using NetTopologySuite.Geometries;

namespace Hanan.Ops.Domain.Geography;

/// <summary>
/// A unit of the demo layout: its seed points (one, or several for a rural street) and its cell, the union of
/// their Voronoi cells among the siblings' seed points, clipped to the parent's cell (local plane, metres).
/// </summary>
internal sealed class SiteNode(IReadOnlyList<Coordinate> sites, Geometry cell)
{
    public IReadOnlyList<Coordinate> Sites { get; } = sites;

    public Geometry Cell { get; } = cell;

    public List<SiteNode> Children { get; } = [];
}
