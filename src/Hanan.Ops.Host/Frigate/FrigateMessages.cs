using System.Text.Json;

namespace Hanan.Ops.Host.Frigate;

/// <summary>What a Frigate message says that the district takes: a plate read or a face, of one tracked object.</summary>
/// <param name="Kind"><c>plate</c> or <c>face</c>.</param>
/// <param name="ObjectId">Frigate's tracked-object (event) id.</param>
/// <param name="Camera">Frigate's camera name.</param>
/// <param name="Fields">The ingest model's field names → where the value came from in the message, for error messages.</param>
internal sealed record FrigateRecognition(
    string Kind,
    string ObjectId,
    string Camera,
    DateTimeOffset At,
    double Score,
    string? Plate,
    string? PersonName,
    IReadOnlyDictionary<string, string> Fields)
{
    /// <summary>The key a recognition is taken once under, however often Frigate or the broker sends it: object id and kind.</summary>
    public string EventId => $"frigate:{ObjectId}:{Kind}";
}

/// <summary>A message read: a recognition, or why it carries none (ignored), or its faults by field.</summary>
internal sealed record FrigateReading(FrigateRecognition? Recognition, string? Ignored, IReadOnlyDictionary<string, string[]>? Errors)
{
    public static FrigateReading Fault(string field, string message) => new(null, null, new Dictionary<string, string[]> { [field] = [message] });
}

/// <summary>
/// Reads the two shapes Frigate 0.16 publishes (MQTT topics under <c>frigate/</c>):
/// <list type="bullet">
/// <item><c>tracked_object_update</c>: <c>{"type":"lpr","id","camera","timestamp","plate","score","name"}</c>, and
/// <c>"type":"face"</c> with <c>name</c> (the face library's person, or null) and <c>score</c>. Other types
/// (<c>description</c>, classification) carry nothing for the district and are ignored.</item>
/// <item><c>events</c>: <c>{"type":"new|update|end","before":{…},"after":{…}}</c>; the <c>after</c> state's
/// <c>recognized_license_plate</c> (a string with <c>recognized_license_plate_score</c>, or <c>[plate, score]</c>)
/// is a plate read; a <c>person</c>'s <c>sub_label</c> (<c>[name, score]</c>) is a recognised face. A car's
/// <c>sub_label</c> is the name Frigate's <c>known_plates</c> gives the plate: taken as the plate only when it is one.</item>
/// </list>
/// <c>timestamp</c> and <c>frame_time</c> are Unix seconds.
/// </summary>
internal static class FrigateMessages
{
    private static readonly TimeSpan District = TimeSpan.FromHours(8);

    public static FrigateReading Read(JsonElement message)
    {
        if (message.ValueKind != JsonValueKind.Object)
        {
            return FrigateReading.Fault("message", "A Frigate message is a JSON object (tracked_object_update or events).");
        }

        return message.TryGetProperty("after", out _) || message.TryGetProperty("before", out _) ? ReadEvent(message) : ReadUpdate(message);
    }

    private static FrigateReading ReadUpdate(JsonElement m)
    {
        var errors = new Errors();
        var type = errors.Text(m, "type", "type");
        if (errors.Any)
        {
            return errors.Reading();
        }

        if (type is null)
        {
            return FrigateReading.Fault("type", "The type of the tracked_object_update is required (lpr or face).");
        }

        if (type is not ("lpr" or "face"))
        {
            return new FrigateReading(null, $"a tracked_object_update of type '{Cut(type)}' carries no plate or face", null);
        }

        var id = errors.Required(errors.Text(m, "id", "id"), "id", "Frigate's tracked-object id is required.");
        var camera = errors.Required(errors.Text(m, "camera", "camera"), "camera", "The Frigate camera name is required.");
        var at = errors.Instant(m, "timestamp", "timestamp");
        var score = errors.Required(errors.Number(m, "score", "score"), "score", "The score (0–1) is required.");
        var name = errors.Text(m, "name", "name");
        string? plate = null;
        if (type == "lpr")
        {
            plate = errors.Required(errors.Text(m, "plate", "plate"), "plate", "The plate is required.");
        }

        if (errors.Any)
        {
            return errors.Reading();
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["eventId"] = "id", ["cameraId"] = "camera", ["at"] = "timestamp", ["confidence"] = "score", ["plate"] = "plate",
            ["personRef"] = "name", ["featureId"] = "id",
        };
        return type == "lpr"
            ? new FrigateReading(new FrigateRecognition("plate", id!, camera!, at!.Value, score!.Value, plate, null, fields), null, null)
            : new FrigateReading(new FrigateRecognition("face", id!, camera!, at!.Value, score!.Value, null, name, fields), null, null);
    }

    private static FrigateReading ReadEvent(JsonElement m)
    {
        if (!m.TryGetProperty("after", out var after) || after.ValueKind != JsonValueKind.Object)
        {
            return FrigateReading.Fault("after", "The tracked object's state after the change (an object) is required.");
        }

        var errors = new Errors();
        var falsePositive = after.TryGetProperty("false_positive", out var fp) && fp.ValueKind == JsonValueKind.True;
        var label = errors.Text(after, "label", "after.label");
        var (plateText, plateScore) = errors.Pair(after, "recognized_license_plate", "after.recognized_license_plate");
        plateScore ??= errors.Number(after, "recognized_license_plate_score", "after.recognized_license_plate_score");
        var (subLabel, subLabelScore) = errors.Pair(after, "sub_label", "after.sub_label");
        if (errors.Any)
        {
            return errors.Reading();
        }

        if (falsePositive)
        {
            return new FrigateReading(null, "a false positive", null);
        }

        string kind;
        string source;
        double? score;
        string? plate = null;
        string? person = null;
        if (plateText is not null)
        {
            (kind, source, plate, score) = ("plate", "after.recognized_license_plate", plateText, plateScore);
        }
        else if (subLabel is not null && label == "person")
        {
            (kind, source, person, score) = ("face", "after.sub_label", subLabel, subLabelScore);
        }
        else if (subLabel is not null && Domain.Cameras.LicencePlate.TryParse(subLabel, out _, out _))
        {
            (kind, source, plate, score) = ("plate", "after.sub_label", subLabel, subLabelScore);
        }
        else
        {
            return new FrigateReading(null, "no recognised plate or face on this tracked object", null);
        }

        var scoreField = source == "after.recognized_license_plate" && plateScore is not null && !IsPair(after, "recognized_license_plate")
            ? "after.recognized_license_plate_score"
            : source;
        var id = errors.Required(errors.Text(after, "id", "after.id"), "after.id", "Frigate's tracked-object id is required.");
        var camera = errors.Required(errors.Text(after, "camera", "after.camera"), "after.camera", "The Frigate camera name is required.");
        var at = after.TryGetProperty("frame_time", out _) || !after.TryGetProperty("start_time", out _)
            ? errors.Instant(after, "frame_time", "after.frame_time")
            : errors.Instant(after, "start_time", "after.start_time");
        errors.Required(score, scoreField, kind == "plate"
            ? "The plate's score is required: [plate, score] or recognized_license_plate_score."
            : "The face's score is required: sub_label as [name, score].");
        if (errors.Any)
        {
            return errors.Reading();
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["eventId"] = "after.id", ["cameraId"] = "after.camera", ["at"] = "after.frame_time", ["confidence"] = scoreField,
            ["plate"] = source, ["personRef"] = source, ["featureId"] = "after.id",
        };
        return new FrigateReading(new FrigateRecognition(kind, id!, camera!, at!.Value, score!.Value, plate, person, fields), null, null);
    }

    private static bool IsPair(JsonElement obj, string name) => obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array;

    private static string Cut(string text) => text.Length <= 32 ? text : text[..32] + "…";

    /// <summary>Reads fields of a message and collects what is wrong with them, by the field's path in the message.</summary>
    private sealed class Errors
    {
        private readonly Dictionary<string, string[]> _errors = new(StringComparer.Ordinal);

        public bool Any => _errors.Count > 0;

        public FrigateReading Reading() => new(null, null, _errors);

        public T? Required<T>(T? value, string field, string message)
        {
            if (value is null && !_errors.ContainsKey(field))
            {
                _errors[field] = [message];
            }

            return value;
        }

        public string? Text(JsonElement obj, string name, string field)
        {
            if (!obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (v.ValueKind != JsonValueKind.String)
            {
                _errors[field] = [$"A string is expected, not {Kind(v)}."];
                return null;
            }

            return string.IsNullOrWhiteSpace(v.GetString()) ? null : v.GetString()!.Trim();
        }

        public double? Number(JsonElement obj, string name, string field)
        {
            if (!obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (v.ValueKind != JsonValueKind.Number || !v.TryGetDouble(out var number))
            {
                _errors[field] = [$"A number is expected, not {Kind(v)}."];
                return null;
            }

            return number;
        }

        /// <summary>Unix seconds, as Frigate writes <c>timestamp</c> and <c>frame_time</c>; required.</summary>
        public DateTimeOffset? Instant(JsonElement obj, string name, string field)
        {
            var seconds = Number(obj, name, field);
            if (_errors.ContainsKey(field))
            {
                return null;
            }

            if (seconds is not { } s)
            {
                _errors[field] = ["The instant of the recognition is required (Unix seconds)."];
                return null;
            }

            if (!double.IsFinite(s) || s is <= 0 or >= 32_503_680_000)
            {
                _errors[field] = [$"{s} is not an instant in Unix seconds."];
                return null;
            }

            return DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(s * 1000)).ToOffset(District);
        }

        /// <summary><c>recognized_license_plate</c> and <c>sub_label</c>: null, a string, or <c>[text, score]</c>.</summary>
        public (string? Text, double? Score) Pair(JsonElement obj, string name, string field)
        {
            if (!obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
            {
                return (null, null);
            }

            if (v.ValueKind == JsonValueKind.String)
            {
                return (string.IsNullOrWhiteSpace(v.GetString()) ? null : v.GetString()!.Trim(), null);
            }

            if (v.ValueKind == JsonValueKind.Array && v.GetArrayLength() is 1 or 2 && v[0].ValueKind is JsonValueKind.String or JsonValueKind.Null
                && (v.GetArrayLength() == 1 || v[1].ValueKind is JsonValueKind.Number or JsonValueKind.Null))
            {
                var text = v[0].GetString();
                return (string.IsNullOrWhiteSpace(text) ? null : text.Trim(),
                    v.GetArrayLength() == 2 && v[1].ValueKind == JsonValueKind.Number ? v[1].GetDouble() : null);
            }

            _errors[field] = [$"A string or [text, score] is expected, not {Kind(v)}."];
            return (null, null);
        }

        private static string Kind(JsonElement v) => v.ValueKind switch
        {
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "an array of this shape",
            JsonValueKind.String => "a string",
            JsonValueKind.Number => "a number",
            JsonValueKind.True or JsonValueKind.False => "a boolean",
            _ => "null",
        };
    }
}
