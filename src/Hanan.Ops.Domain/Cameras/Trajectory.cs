using System.Text.Json.Nodes;

namespace Hanan.Ops.Domain.Cameras;

/// <summary>A point of a trajectory: a camera the vehicle passed, and when.</summary>
public sealed record TrajectoryPoint(string CameraId, DateTimeOffset At, double Latitude, double Longitude);

/// <summary>
/// The path of a vehicle across camera positions, in time order. Consecutive reads at the same camera are one point
/// (the first). As GeoJSON: a Feature whose geometry is a LineString (a Point when only one camera was passed) and
/// whose properties list the cameras and instants of each vertex.
/// </summary>
public sealed record Trajectory(string Plate, IReadOnlyList<TrajectoryPoint> Points)
{
    public static Trajectory Of(string plate, IEnumerable<PlateSighting> sightings)
    {
        var points = new List<TrajectoryPoint>();
        foreach (var s in sightings.OrderBy(s => s.At).ThenBy(s => s.CameraId, StringComparer.Ordinal))
        {
            if (points.Count == 0 || points[^1].CameraId != s.CameraId)
            {
                points.Add(new TrajectoryPoint(s.CameraId, s.At, s.Latitude, s.Longitude));
            }
        }

        return new Trajectory(plate, points);
    }

    /// <summary>GeoJSON (RFC 7946): positions are [longitude, latitude].</summary>
    public JsonObject ToGeoJson(string? displayPlate = null)
    {
        var coordinates = new JsonArray([.. Points.Select(p => (JsonNode)new JsonArray(p.Longitude, p.Latitude))]);
        JsonObject? geometry = Points.Count switch
        {
            0 => null,
            1 => new JsonObject { ["type"] = "Point", ["coordinates"] = coordinates[0]!.DeepClone() },
            _ => new JsonObject { ["type"] = "LineString", ["coordinates"] = coordinates },
        };
        return new JsonObject
        {
            ["type"] = "Feature",
            ["geometry"] = geometry,
            ["properties"] = new JsonObject
            {
                ["plate"] = displayPlate ?? Plate,
                ["cameras"] = new JsonArray([.. Points.Select(p => (JsonNode)JsonValue.Create(p.CameraId))]),
                ["times"] = new JsonArray([.. Points.Select(p => (JsonNode)JsonValue.Create(p.At))]),
            },
        };
    }
}
