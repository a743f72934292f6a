using System.Text.Json;

namespace Hanan.Ops.Domain.Cameras;

/// <summary>
/// Frigate's camera names (the keys of its <c>cameras:</c> configuration, such as <c>driveway_cam</c>) mapped to the
/// GB/T 28181 IDs (国标编码) of the district's cameras. Data, validated on load: every name is a Frigate camera name,
/// every ID a camera of the district's network, and no camera is given two names.
/// </summary>
public sealed class FrigateCameraMap
{
    private readonly Dictionary<string, string> _ids;

    private FrigateCameraMap(Dictionary<string, string> ids) => _ids = ids;

    public static FrigateCameraMap Empty { get; } = new(new Dictionary<string, string>(StringComparer.Ordinal));

    /// <summary>Frigate camera name → GB/T 28181 camera ID.</summary>
    public IReadOnlyDictionary<string, string> Cameras => _ids;

    /// <summary>The GB/T 28181 ID a Frigate camera name stands for, or null when the name is not mapped.</summary>
    public string? Find(string name) => _ids.GetValueOrDefault(name);

    /// <summary>
    /// Parses <c>{"cameras": {"driveway_cam": "23010800001320000001", …}}</c>. Every problem is reported with its
    /// JSON path; nothing partial is returned.
    /// </summary>
    /// <param name="isOnNetwork">Whether a camera ID belongs to the district's camera network.</param>
    /// <exception cref="FrigateCameraMapException">The file is malformed or names an unknown camera.</exception>
    public static FrigateCameraMap Parse(string json, Func<string, bool> isOnNetwork)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new FrigateCameraMapException([$"not valid JSON: {ex.Message}"]);
        }

        using (document)
        {
            var errors = new List<string>();
            var ids = new Dictionary<string, string>(StringComparer.Ordinal);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("cameras", out var cameras) || cameras.ValueKind != JsonValueKind.Object)
            {
                throw new FrigateCameraMapException(["cameras: an object of Frigate camera name → GB/T 28181 camera ID is required (it may be empty)."]);
            }

            var namedBy = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var entry in cameras.EnumerateObject())
            {
                var path = IsFrigateName(entry.Name) ? $"cameras.{entry.Name}" : $"cameras['{entry.Name}']";
                if (!IsFrigateName(entry.Name))
                {
                    errors.Add($"{path}: not a Frigate camera name (letters a–z, A–Z, digits, '_' and '-' only).");
                    continue;
                }

                if (ids.ContainsKey(entry.Name))
                {
                    errors.Add($"{path}: appears more than once.");
                    continue;
                }

                if (entry.Value.ValueKind != JsonValueKind.String)
                {
                    errors.Add($"{path}: a GB/T 28181 camera ID (20 digits, as a string) is required.");
                    continue;
                }

                if (!CameraId.TryParseCamera(entry.Value.GetString(), out var id, out var error))
                {
                    errors.Add($"{path}: {error}");
                    continue;
                }

                if (!isOnNetwork(id!.Value))
                {
                    errors.Add($"{path}: {id.Value} is not a camera of the district's network.");
                    continue;
                }

                if (namedBy.TryGetValue(id.Value, out var other))
                {
                    errors.Add($"{path}: {id.Value} is already the camera named '{other}'; a camera has one Frigate name.");
                    continue;
                }

                namedBy[id.Value] = entry.Name;
                ids[entry.Name] = id.Value;
            }

            return errors.Count > 0 ? throw new FrigateCameraMapException(errors) : new FrigateCameraMap(ids);
        }
    }

    /// <summary>Frigate's own rule for camera names: ASCII letters, digits, underscore and hyphen.</summary>
    public static bool IsFrigateName(string? name) =>
        !string.IsNullOrEmpty(name) && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');
}

/// <summary>The Frigate camera map could not be loaded; <see cref="Errors"/> lists every problem with its JSON path.</summary>
public sealed class FrigateCameraMapException(IReadOnlyList<string> errors)
    : Exception("The Frigate camera map is invalid:" + Environment.NewLine + string.Join(Environment.NewLine, errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
