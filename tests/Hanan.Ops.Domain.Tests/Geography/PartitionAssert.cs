using Hanan.Ops.Domain.Geography;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;
using NetTopologySuite.Operation.OverlayNG;
using SpatialFunction = NetTopologySuite.Operation.Overlay.SpatialFunction;

namespace Hanan.Ops.Domain.Tests.Geography;

/// <summary>Checks that polygons partition a parent: no overlaps, no gaps, nothing outside.</summary>
internal static class PartitionAssert
{
    private const double RelativeTolerance = 1e-9;

    public static void Partitions(IReadOnlyList<IDistrictUnit> children, Polygon parent, string parentName)
    {
        children.Should().NotBeEmpty($"{parentName} must have children");

        // Unioned here with general-purpose overlay, not the coverage union the map is built with.
        var union = OverlayNGRobust.Union(children.Select(c => (Geometry)c.Boundary));
        var tolerance = RelativeTolerance * parent.Area;
        union.Area.Should().BeApproximately(parent.Area, tolerance, $"the children of {parentName} must add up to it");
        OverlayNGRobust.Overlay(union, parent, SpatialFunction.SymDifference).Area
            .Should().BeLessThanOrEqualTo(tolerance, $"the children of {parentName} must cover it and nothing else");

        NeighbourPairs(children).Should().AllSatisfy(pair =>
            pair.A.Boundary.Relate(pair.B.Boundary).Get(Location.Interior, Location.Interior)
                .Should().Be(Dimension.False, $"{pair.A.Code} and {pair.B.Code} must not overlap"));
    }

    /// <summary>Pairs whose envelopes touch, found with an STRtree rather than by trying all pairs.</summary>
    public static List<(IDistrictUnit A, IDistrictUnit B)> NeighbourPairs(IReadOnlyList<IDistrictUnit> units)
    {
        var tree = new STRtree<int>();
        for (var i = 0; i < units.Count; i++)
        {
            tree.Insert(units[i].Boundary.EnvelopeInternal, i);
        }

        var pairs = new List<(IDistrictUnit, IDistrictUnit)>();
        for (var i = 0; i < units.Count; i++)
        {
            foreach (var j in tree.Query(units[i].Boundary.EnvelopeInternal).Where(j => j > i))
            {
                pairs.Add((units[i], units[j]));
            }
        }

        return pairs;
    }
}
