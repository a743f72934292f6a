using System.Text.Json;
using NetTopologySuite.Geometries;

namespace Hanan.Ops.Domain.Geography.Layers;

/// <summary>One feature to write: outline plus flat properties (strings or numbers).</summary>
public sealed record GeoJsonFeature(Geometry Geometry, IReadOnlyDictionary<string, object?> Properties);

/// <summary>
/// Writes polygonal features as an RFC 7946 GeoJSON FeatureCollection (WGS84, exterior rings counter-clockwise,
/// 9 decimals ≈ 0.1 mm, the grid the consolidation nodes on), the format <see cref="GeoJsonLayerReader"/> reads back.
/// </summary>
public static class GeoJsonLayerWriter
{
    public static byte[] Write(IEnumerable<GeoJsonFeature> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", "FeatureCollection");
            writer.WriteStartArray("features");
            foreach (var feature in features)
            {
                WriteFeature(writer, feature);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>A departmental layer, with its codes in the <c>code</c> property.</summary>
    public static byte[] Write(DepartmentLayer layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        return Write(layer.Grids.Select(g => new GeoJsonFeature(g.Boundary, new Dictionary<string, object?>
        {
            ["code"] = g.Code,
            ["name"] = g.Name,
            ["department"] = layer.Department.Code,
        })));
    }

    private static void WriteFeature(Utf8JsonWriter writer, GeoJsonFeature feature)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "Feature");
        writer.WriteStartObject("properties");
        foreach (var (key, value) in feature.Properties)
        {
            switch (value)
            {
                case null:
                    writer.WriteNull(key);
                    break;
                case int i:
                    writer.WriteNumber(key, i);
                    break;
                case long l:
                    writer.WriteNumber(key, l);
                    break;
                case double d:
                    writer.WriteNumber(key, Math.Round(d, 6));
                    break;
                default:
                    writer.WriteString(key, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
                    break;
            }
        }

        writer.WriteEndObject();
        writer.WriteStartObject("geometry");
        if (feature.Geometry is MultiPolygon multi)
        {
            writer.WriteString("type", "MultiPolygon");
            writer.WriteStartArray("coordinates");
            for (var i = 0; i < multi.NumGeometries; i++)
            {
                WritePolygon(writer, (Polygon)multi.GetGeometryN(i));
            }

            writer.WriteEndArray();
        }
        else if (feature.Geometry is Polygon polygon)
        {
            writer.WriteString("type", "Polygon");
            writer.WritePropertyName("coordinates");
            WritePolygon(writer, polygon);
        }
        else
        {
            throw new ArgumentException($"Only polygonal features can be written, not a {feature.Geometry.GeometryType}.", nameof(feature));
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WritePolygon(Utf8JsonWriter writer, Polygon polygon)
    {
        var oriented = PolygonCoverage.OrientForGeoJson(polygon);
        writer.WriteStartArray();
        foreach (var ring in oriented.Holes.Prepend(oriented.Shell))
        {
            writer.WriteStartArray();
            var seq = ring.CoordinateSequence;
            for (var i = 0; i < seq.Count; i++)
            {
                writer.WriteStartArray();
                writer.WriteNumberValue(Math.Round(seq.GetX(i), 9));
                writer.WriteNumberValue(Math.Round(seq.GetY(i), 9));
                writer.WriteEndArray();
            }

            writer.WriteEndArray();
        }

        writer.WriteEndArray();
    }
}
