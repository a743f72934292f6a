using System.Globalization;
using System.Text.Json;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Valid;

namespace Hanan.Ops.Domain.Geography.Layers;

/// <summary>Limits and conventions for reading a departmental layer.</summary>
public sealed record LayerReadOptions
{
    /// <summary>Feature property holding the department's grid code; the feature's <c>id</c> is used when absent.</summary>
    public string CodeProperty { get; init; } = "code";

    /// <summary>Feature property holding the display name (optional in the file).</summary>
    public string NameProperty { get; init; } = "name";

    /// <summary>Most positions one ring may have.</summary>
    public int MaxPositionsPerRing { get; init; } = 50_000;

    /// <summary>Most positions the whole layer may have.</summary>
    public int MaxPositions { get; init; } = 2_000_000;

    /// <summary>Most errors collected before reading stops.</summary>
    public int MaxErrors { get; init; } = 100;

    /// <summary>
    /// Where coordinates may plausibly lie (lon/lat). Anything outside is reported as a wrong CRS. Null: the whole
    /// longitude/latitude range.
    /// </summary>
    public Envelope? PlausibleArea { get; init; }

    /// <summary>Options for layers of a district: coordinates within half a degree of its boundary.</summary>
    public static LayerReadOptions ForDistrict(DistrictMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        var area = new Envelope(map.Boundary.EnvelopeInternal);
        area.ExpandBy(0.5);
        return new LayerReadOptions { PlausibleArea = area };
    }
}

/// <summary>Outcome of reading a layer: the layer when the file is sound, otherwise every located fault found.</summary>
public sealed record LayerReadResult(DepartmentLayer? Layer, IReadOnlyList<LayerError> Errors, bool ErrorsTruncated)
{
    public bool IsValid => Layer is not null && Errors.Count == 0;
}

/// <summary>
/// Reads a departmental grid layer from a GeoJSON FeatureCollection of Polygons/MultiPolygons (RFC 7946: WGS84
/// longitude/latitude). Never throws for bad input: every fault comes back as a <see cref="LayerError"/> naming
/// the feature, ring and position where it is.
/// </summary>
public static class GeoJsonLayerReader
{
    private static readonly string[] AcceptedCrsNames =
    [
        "urn:ogc:def:crs:OGC:1.3:CRS84",
        "urn:ogc:def:crs:OGC::CRS84",
        "urn:ogc:def:crs:EPSG::4326",
        "urn:ogc:def:crs:EPSG:4326",
        "EPSG:4326",
        "CRS84",
        "OGC:CRS84",
    ];

    private static ReadOnlySpan<byte> Utf8ByteOrderMark => [0xEF, 0xBB, 0xBF];

    /// <summary>Reads a layer from UTF-8 JSON bytes (a leading byte-order mark is allowed).</summary>
    public static LayerReadResult Read(ReadOnlyMemory<byte> utf8Json, Department department, LayerReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(department);
        var state = new ReadState(options ?? new LayerReadOptions());
        if (utf8Json.Span.StartsWith(Utf8ByteOrderMark))
        {
            utf8Json = utf8Json[Utf8ByteOrderMark.Length..];
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException e)
        {
            var line = e.LineNumber is { } l ? (l + 1).ToString(CultureInfo.InvariantCulture) : "?";
            var column = e.BytePositionInLine is { } b ? (b + 1).ToString(CultureInfo.InvariantCulture) : "?";
            state.Add(new LayerError(LayerErrorKind.MalformedJson, $"not valid JSON at line {line}, byte {column}: {e.Message}"));
            return state.Result(null);
        }

        using (document)
        {
            var grids = ReadCollection(document.RootElement, state);
            return state.Result(grids is null ? null : new DepartmentLayer(department, grids));
        }
    }

    /// <summary>Reads a layer from a JSON string.</summary>
    public static LayerReadResult Read(string json, Department department, LayerReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Read(System.Text.Encoding.UTF8.GetBytes(json), department, options);
    }

    private static List<DepartmentGrid>? ReadCollection(JsonElement root, ReadState state)
    {
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("type", out var type)
            || type.ValueKind != JsonValueKind.String
            || type.GetString() != "FeatureCollection")
        {
            state.Add(new LayerError(LayerErrorKind.NotAFeatureCollection, "the top level is not a GeoJSON object with \"type\": \"FeatureCollection\""));
            return null;
        }

        if (root.TryGetProperty("crs", out var crs) && !IsWgs84(crs, out var crsName))
        {
            state.Add(new LayerError(LayerErrorKind.WrongCrs, $"the layer declares CRS '{crsName}'; only WGS84 longitude/latitude (CRS84 / EPSG:4326) is accepted"));
            return null;
        }

        if (!root.TryGetProperty("features", out var features) || features.ValueKind != JsonValueKind.Array)
        {
            state.Add(new LayerError(LayerErrorKind.NotAFeatureCollection, "the FeatureCollection has no \"features\" array"));
            return null;
        }

        if (features.GetArrayLength() == 0)
        {
            state.Add(new LayerError(LayerErrorKind.EmptyLayer, "the layer has no features"));
            return null;
        }

        var grids = new List<DepartmentGrid>();
        var firstIndexOfCode = new Dictionary<string, int>(StringComparer.Ordinal);
        var index = -1;
        foreach (var feature in features.EnumerateArray())
        {
            index++;
            if (state.Stopped)
            {
                break;
            }

            var grid = ReadFeature(feature, index, state);
            if (grid is null)
            {
                continue;
            }

            if (!firstIndexOfCode.TryAdd(grid.Code, index))
            {
                state.Add(new LayerError(
                    LayerErrorKind.DuplicateCode,
                    $"grid code '{grid.Code}' is already used by feature {firstIndexOfCode[grid.Code].ToString(CultureInfo.InvariantCulture)}",
                    index,
                    grid.Code));
                continue;
            }

            grids.Add(grid);
        }

        return grids;
    }

    private static DepartmentGrid? ReadFeature(JsonElement feature, int index, ReadState state)
    {
        if (feature.ValueKind != JsonValueKind.Object
            || !feature.TryGetProperty("type", out var type)
            || type.ValueKind != JsonValueKind.String
            || type.GetString() != "Feature")
        {
            state.Add(new LayerError(LayerErrorKind.NotAFeatureCollection, "not a GeoJSON Feature object", index));
            return null;
        }

        var properties = feature.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;
        var code = ScalarText(properties, state.Options.CodeProperty)
            ?? (feature.TryGetProperty("id", out var id) ? ScalarText(id) : null);
        var name = ScalarText(properties, state.Options.NameProperty);
        var at = new Where(index, code);
        if (code is null)
        {
            state.Add(new LayerError(LayerErrorKind.MissingCode, $"the feature has no grid code (property \"{state.Options.CodeProperty}\" or the feature id)", index));
        }

        if (!feature.TryGetProperty("geometry", out var geometry) || geometry.ValueKind != JsonValueKind.Object)
        {
            state.Add(at.Error(LayerErrorKind.MissingGeometry, "the feature has no geometry"));
            return null;
        }

        var boundary = ReadGeometry(geometry, at, state);
        return boundary is null || code is null ? null : new DepartmentGrid(code, name, boundary);
    }

    private static Geometry? ReadGeometry(JsonElement geometry, Where at, ReadState state)
    {
        var type = geometry.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        if (type is not ("Polygon" or "MultiPolygon"))
        {
            state.Add(at.Error(LayerErrorKind.UnsupportedGeometry, $"geometry type '{type ?? "(none)"}' is not a Polygon or MultiPolygon"));
            return null;
        }

        if (!geometry.TryGetProperty("coordinates", out var coordinates) || coordinates.ValueKind != JsonValueKind.Array)
        {
            state.Add(at.Error(LayerErrorKind.MalformedCoordinates, "the geometry has no \"coordinates\" array"));
            return null;
        }

        if (type == "Polygon")
        {
            return ReadPolygon(coordinates, at, state);
        }

        var polygons = new List<Polygon>();
        var ok = true;
        var polygonIndex = 0;
        foreach (var polygonCoordinates in coordinates.EnumerateArray())
        {
            var polygon = ReadPolygon(polygonCoordinates, at with { Polygon = polygonIndex++ }, state);
            ok &= polygon is not null;
            if (polygon is not null)
            {
                polygons.Add(polygon);
            }
        }

        if (!ok)
        {
            return null;
        }

        if (polygons.Count == 0)
        {
            state.Add(at.Error(LayerErrorKind.TooFewPositions, "the MultiPolygon has no polygons"));
            return null;
        }

        var multi = Wgs84.FloatingFactory.CreateMultiPolygon([.. polygons]);
        return CheckValid(multi, at, state) ? multi : null;
    }

    private static Polygon? ReadPolygon(JsonElement rings, Where at, ReadState state)
    {
        if (rings.ValueKind != JsonValueKind.Array || rings.GetArrayLength() == 0)
        {
            state.Add(at.Error(LayerErrorKind.TooFewPositions, "the polygon has no rings"));
            return null;
        }

        var read = new List<LinearRing>();
        var ringIndex = 0;
        foreach (var ring in rings.EnumerateArray())
        {
            var linearRing = ReadRing(ring, at with { Ring = ringIndex++ }, state);
            if (state.Stopped)
            {
                return null;
            }

            if (linearRing is not null)
            {
                read.Add(linearRing);
            }
        }

        if (read.Count != rings.GetArrayLength())
        {
            return null;
        }

        var polygon = Wgs84.FloatingFactory.CreatePolygon(read[0], [.. read.Skip(1)]);
        return at.Polygon is null && !CheckValid(polygon, at, state) ? null : polygon;
    }

    private static LinearRing? ReadRing(JsonElement ring, Where at, ReadState state)
    {
        if (ring.ValueKind != JsonValueKind.Array)
        {
            state.Add(at.Error(LayerErrorKind.MalformedCoordinates, "the ring is not an array of positions"));
            return null;
        }

        var count = ring.GetArrayLength();
        if (count > state.Options.MaxPositionsPerRing)
        {
            state.Add(at.Error(LayerErrorKind.TooManyCoordinates, Invariant($"the ring has {count} positions; at most {state.Options.MaxPositionsPerRing} are accepted")));
            return null;
        }

        state.Positions += count;
        if (state.Positions > state.Options.MaxPositions)
        {
            state.Add(at.Error(LayerErrorKind.TooManyCoordinates, Invariant($"the layer has more than {state.Options.MaxPositions} positions; reading stopped here")));
            state.Stopped = true;
            return null;
        }

        var coordinates = new Coordinate[count];
        var position = 0;
        foreach (var element in ring.EnumerateArray())
        {
            var coordinate = ReadPosition(element);
            if (coordinate is null)
            {
                state.Add(at.Error(LayerErrorKind.MalformedCoordinates, "a position must be an array of two or three finite numbers [longitude, latitude]", position));
                return null;
            }

            if (!CheckRange(coordinate, at, position, state))
            {
                return null;
            }

            coordinates[position++] = coordinate;
        }

        if (count < 4)
        {
            state.Add(at.Error(LayerErrorKind.TooFewPositions, Invariant($"the ring has {count} positions; a closed ring needs at least 4"), null, count > 0 ? coordinates[0] : null));
            return null;
        }

        if (!coordinates[0].Equals2D(coordinates[^1]))
        {
            state.Add(at.Error(
                LayerErrorKind.UnclosedRing,
                Invariant($"the ring is not closed: it starts at ({coordinates[0].X:0.#######}, {coordinates[0].Y:0.#######}) but ends elsewhere"),
                count - 1,
                coordinates[^1]));
            return null;
        }

        return Wgs84.FloatingFactory.CreateLinearRing(coordinates);
    }

    private static Coordinate? ReadPosition(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Array || element.GetArrayLength() is < 2 or > 4)
        {
            return null;
        }

        var x = element[0];
        var y = element[1];
        if (x.ValueKind != JsonValueKind.Number || y.ValueKind != JsonValueKind.Number
            || !x.TryGetDouble(out var lon) || !y.TryGetDouble(out var lat)
            || !double.IsFinite(lon) || !double.IsFinite(lat))
        {
            return null;
        }

        return new Coordinate(lon, lat);
    }

    private static bool CheckRange(Coordinate c, Where at, int position, ReadState state)
    {
        var area = state.Options.PlausibleArea;
        var inRange = c.X is >= -180 and <= 180 && c.Y is >= -90 and <= 90;
        if (inRange && (area is null || area.Contains(c)))
        {
            return true;
        }

        // Written [latitude, longitude]: the position read the other way round is a longitude/latitude (in the district,
        // when the reader knows it) while as written it is not.
        var swappedInRange = c.Y is >= -180 and <= 180 && c.X is >= -90 and <= 90;
        if (swappedInRange && (area is null ? !inRange : area.Contains(c.Y, c.X)))
        {
            state.Add(at.Error(
                LayerErrorKind.SwappedAxes,
                Invariant($"latitude and longitude are swapped: the position reads [{c.X:0.######}, {c.Y:0.######}], but GeoJSON positions are [longitude, latitude], i.e. [{c.Y:0.######}, {c.X:0.######}]"),
                position,
                c));
            return false;
        }

        if (!inRange)
        {
            state.Add(at.Error(LayerErrorKind.WrongCrs, "the position is not a WGS84 longitude/latitude (projected coordinates?); GeoJSON must be in CRS84", position, c));
            return false;
        }

        state.Add(at.Error(
            LayerErrorKind.CoordinatesOutOfRange,
            Invariant($"the position lies outside the plausible area lon {area!.MinX:0.###}..{area.MaxX:0.###}, lat {area.MinY:0.###}..{area.MaxY:0.###}"),
            position,
            c));
        return false;
    }

    private static bool CheckValid(Geometry geometry, Where at, ReadState state)
    {
        var error = new IsValidOp(geometry).ValidationError;
        if (error is null)
        {
            return true;
        }

        var (polygon, ring) = NearestRing(geometry, error.Coordinate);
        var kind = error.ErrorType is TopologyValidationErrors.SelfIntersection or TopologyValidationErrors.RingSelfIntersection
            ? LayerErrorKind.SelfIntersection
            : LayerErrorKind.InvalidGeometry;
        var where = at with { Polygon = geometry is MultiPolygon ? polygon : at.Polygon, Ring = ring };
        state.Add(where.Error(kind, $"invalid polygon: {error.Message}", null, error.Coordinate));
        return false;
    }

    /// <summary>The polygon and ring passing closest to a fault coordinate; on a tie the hole, as a hole touching
    /// or crossing its shell is the usual fault.</summary>
    private static (int Polygon, int Ring) NearestRing(Geometry geometry, Coordinate? at)
    {
        if (at is null)
        {
            return (0, 0);
        }

        var point = geometry.Factory.CreatePoint(at);
        var best = (Polygon: 0, Ring: 0, Distance: double.MaxValue);
        for (var p = 0; p < geometry.NumGeometries; p++)
        {
            var polygon = (Polygon)geometry.GetGeometryN(p);
            var rings = polygon.Holes.Prepend(polygon.Shell).ToArray();
            for (var r = 0; r < rings.Length; r++)
            {
                var distance = rings[r].Distance(point);
                if (distance < best.Distance || (distance == best.Distance && r > 0))
                {
                    best = (p, r, distance);
                }
            }
        }

        return (best.Polygon, best.Ring);
    }

    private static bool IsWgs84(JsonElement crs, out string name)
    {
        name = crs.ValueKind == JsonValueKind.Object
            && crs.TryGetProperty("properties", out var properties)
            && properties.ValueKind == JsonValueKind.Object
            && properties.TryGetProperty("name", out var n)
            && n.ValueKind == JsonValueKind.String
                ? n.GetString() ?? string.Empty
                : crs.ToString();
        if (crs.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        var declared = name;
        return AcceptedCrsNames.Any(a => string.Equals(a, declared, StringComparison.OrdinalIgnoreCase));
    }

    private static string? ScalarText(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) ? ScalarText(value) : null;

    private static string? ScalarText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String when !string.IsNullOrWhiteSpace(value.GetString()) => value.GetString()!.Trim(),
        JsonValueKind.Number => value.GetRawText(),
        _ => null,
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>Where in the file the reader is.</summary>
    private sealed record Where(int Feature, string? Code, int? Polygon = null, int? Ring = null)
    {
        public LayerError Error(LayerErrorKind kind, string message, int? position = null, Coordinate? location = null) =>
            new(kind, message, Feature, Code, Polygon, Ring, position, location);
    }

    private sealed class ReadState(LayerReadOptions options)
    {
        private readonly List<LayerError> _errors = [];
        private bool _truncated;

        public LayerReadOptions Options { get; } = options;

        public long Positions { get; set; }

        public bool Stopped { get; set; }

        public void Add(LayerError error)
        {
            if (_errors.Count >= Options.MaxErrors)
            {
                _truncated = true;
                Stopped = true;
                return;
            }

            _errors.Add(error);
        }

        public LayerReadResult Result(DepartmentLayer? layer) =>
            new(_errors.Count == 0 ? layer : null, _errors.AsReadOnly(), _truncated);
    }
}
