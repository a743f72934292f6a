using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace Hanan.Ops.Host.Tests.Frigate;

/// <summary>
/// Messages in the shapes Frigate 0.16 publishes (docs/integrations/mqtt.md and its publishers): the
/// <c>tracked_object_update</c> of type <c>lpr</c> and <c>face</c>, and <c>events</c> with <c>before</c>/<c>after</c>.
/// </summary>
internal static class FrigateShapes
{
    /// <summary>Camera names of the host's shipped camera map (data/frigate-cameras.json).</summary>
    public const string DrivewayCam = "driveway_cam";

    public const string GateCam = "gate_north_cam";

    public const string StreetCam = "xinjiang_street_cam";

    /// <summary>An object id as Frigate makes them: its start time in Unix seconds, a dash and six letters.</summary>
    public static string NewObjectId() =>
        string.Create(CultureInfo.InvariantCulture, $"{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0:0.000000}-{Guid.NewGuid().ToString("N")[..6]}");

    public static double Seconds(DateTimeOffset at) => at.ToUnixTimeMilliseconds() / 1000.0;

    public static JsonObject Lpr(string id, string camera, DateTimeOffset at, string plate, double score, string? name = null) => new()
    {
        ["type"] = "lpr", ["id"] = id, ["name"] = name, ["plate"] = plate, ["score"] = score, ["camera"] = camera, ["timestamp"] = Seconds(at),
    };

    public static JsonObject Face(string id, string camera, DateTimeOffset at, string? name, double score) => new()
    {
        ["type"] = "face", ["id"] = id, ["name"] = name, ["score"] = score, ["camera"] = camera, ["timestamp"] = Seconds(at),
    };

    /// <summary>A <c>frigate/events</c> message: <c>before</c> without the recognition, <c>after</c> with it.</summary>
    public static JsonObject Event(string id, string camera, DateTimeOffset at, string label, string? recognizedPlate = null, double? plateScore = null,
        (string Plate, double Score)? plateAsPair = null, (string Name, double Score)? subLabel = null, string type = "update")
    {
        JsonObject State(bool after)
        {
            var state = new JsonObject
            {
                ["id"] = id, ["camera"] = camera, ["frame_time"] = Seconds(at), ["label"] = label, ["sub_label"] = null, ["top_score"] = 0.84,
                ["false_positive"] = false, ["start_time"] = Seconds(at) - 2.5, ["end_time"] = null, ["score"] = 0.8, ["box"] = new JsonArray(424, 500, 536, 712),
                ["current_zones"] = new JsonArray("road"), ["entered_zones"] = new JsonArray("road"), ["has_snapshot"] = false, ["has_clip"] = false,
                ["active"] = true, ["stationary"] = false, ["recognized_license_plate"] = null,
            };
            if (!after)
            {
                return state;
            }

            if (recognizedPlate is not null)
            {
                state["recognized_license_plate"] = recognizedPlate;
                state["recognized_license_plate_score"] = plateScore;
            }

            if (plateAsPair is { } pair)
            {
                state["recognized_license_plate"] = new JsonArray(pair.Plate, pair.Score);
            }

            if (subLabel is { } s)
            {
                state["sub_label"] = new JsonArray(s.Name, s.Score);
            }

            return state;
        }

        return new JsonObject { ["type"] = type, ["before"] = State(false), ["after"] = State(true) };
    }
}

/// <summary>Adds up a counter of the host's meter from now on, by one tag's value.</summary>
internal sealed class MetricTotal : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _byTag = new(StringComparer.Ordinal);
    private long _sum;

    public MetricTotal(string instrument)
    {
        _listener.InstrumentPublished = (i, l) =>
        {
            if (i.Name == instrument)
            {
                l.EnableMeasurementEvents(i);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            Interlocked.Add(ref _sum, value);
            foreach (var tag in tags)
            {
                _byTag.AddOrUpdate($"{tag.Key}={tag.Value}", value, (_, n) => n + value);
            }
        });
        _listener.Start();
    }

    /// <summary>Every measurement, whatever its tags.</summary>
    public long Sum => Interlocked.Read(ref _sum);

    public long Total((string Key, string Value) tag) => _byTag.GetValueOrDefault($"{tag.Key}={tag.Value}");

    public void Dispose() => _listener.Dispose();
}
