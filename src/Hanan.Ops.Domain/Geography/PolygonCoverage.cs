using NetTopologySuite.Algorithm;
using NetTopologySuite.Coverage;
using NetTopologySuite.Geometries;

namespace Hanan.Ops.Domain.Geography;

/// <summary>Helpers for polygons that form a coverage (shared borders with identical vertices).</summary>
internal static class PolygonCoverage
{
    /// <summary>
    /// Union of polygons that form a valid coverage; the result must be a single polygon.
    /// </summary>
    /// <exception cref="InvalidOperationException">The union falls apart into several polygons.</exception>
    public static Polygon UnionToPolygon(IReadOnlyList<Polygon> parts, string what)
    {
        if (parts.Count == 0)
        {
            throw new InvalidOperationException($"{what} has no parts to union.");
        }

        if (parts.Count == 1)
        {
            return OrientForGeoJson(parts[0]);
        }

        var union = CoverageUnion.Union([.. parts]);
        return union is Polygon polygon
            ? OrientForGeoJson(polygon)
            : throw new InvalidOperationException($"{what} is not a single polygon but a {union.GeometryType} of {union.NumGeometries} parts.");
    }

    /// <summary>
    /// Orients rings as RFC 7946 (GeoJSON) asks: exterior ring counter-clockwise, holes clockwise.
    /// Reversing a ring keeps its vertices, so shared borders stay identical.
    /// </summary>
    public static Polygon OrientForGeoJson(Polygon polygon)
    {
        var shellOk = Orientation.IsCCW(polygon.Shell.CoordinateSequence);
        var holesOk = polygon.Holes.All(h => !Orientation.IsCCW(h.CoordinateSequence));
        if (shellOk && holesOk)
        {
            return polygon;
        }

        var shell = shellOk ? polygon.Shell : (LinearRing)polygon.Shell.Reverse();
        var holes = polygon.Holes
            .Select(h => Orientation.IsCCW(h.CoordinateSequence) ? (LinearRing)h.Reverse() : h)
            .ToArray();
        return polygon.Factory.CreatePolygon(shell, holes);
    }
}
