using System.Globalization;
using System.Text;
using NetTopologySuite.Geometries;

namespace Hanan.Ops.Domain.Geography.Layers;

/// <summary>What is wrong with a GeoJSON layer.</summary>
public enum LayerErrorKind
{
    MalformedJson,
    NotAFeatureCollection,
    EmptyLayer,
    WrongCrs,
    CoordinatesOutOfRange,
    TooManyCoordinates,
    MissingGeometry,
    UnsupportedGeometry,
    MalformedCoordinates,
    TooFewPositions,
    UnclosedRing,
    SelfIntersection,
    InvalidGeometry,
    MissingCode,
    DuplicateCode,

    /// <summary>Positions written [latitude, longitude]: GeoJSON's order is [longitude, latitude].</summary>
    SwappedAxes,
}

/// <summary>
/// One located fault of a layer: which feature (index in the file and its code, when known), which ring
/// (0 = exterior, 1.. = holes; in a MultiPolygon numbered within its polygon) and position, and the coordinate.
/// </summary>
public sealed record LayerError(
    LayerErrorKind Kind,
    string Message,
    int? FeatureIndex = null,
    string? FeatureCode = null,
    int? PolygonIndex = null,
    int? RingIndex = null,
    int? PositionIndex = null,
    Coordinate? Location = null)
{
    /// <summary>"feature 3 (code MZ-0004), polygon 0, ring 1, position 17 at (126.61, 45.60)": where to look.</summary>
    public string Where
    {
        get
        {
            var parts = new List<string>();
            if (FeatureIndex is { } feature)
            {
                parts.Add(FeatureCode is null
                    ? Invariant($"feature {feature}")
                    : Invariant($"feature {feature} (code {FeatureCode})"));
            }

            if (PolygonIndex is { } polygon)
            {
                parts.Add(Invariant($"polygon {polygon}"));
            }

            if (RingIndex is { } ring)
            {
                parts.Add(ring == 0 ? "ring 0 (exterior)" : Invariant($"ring {ring} (hole)"));
            }

            if (PositionIndex is { } position)
            {
                parts.Add(Invariant($"position {position}"));
            }

            var where = new StringBuilder(string.Join(", ", parts));
            if (Location is not null)
            {
                where.Append(where.Length > 0 ? " " : string.Empty)
                    .Append(Invariant($"at ({Location.X:0.#######}, {Location.Y:0.#######})"));
            }

            return where.Length > 0 ? where.ToString() : "the file";
        }
    }

    public override string ToString() => $"{Where}: {Message}";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
