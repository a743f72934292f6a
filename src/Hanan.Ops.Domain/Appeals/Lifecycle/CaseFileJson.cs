using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hanan.Ops.Domain.Appeals;

/// <summary>
/// The stored form of a <see cref="CaseFile"/>: camel-case JSON with enums as names, so that stored cases stay
/// readable and survive reordered enum members. A case read back equals the case written.
/// </summary>
public static class CaseFileJson
{
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    public static string Serialize(CaseFile file) => JsonSerializer.Serialize(file, Options);

    /// <exception cref="JsonException">The text is not a stored case.</exception>
    public static CaseFile Deserialize(string json) =>
        JsonSerializer.Deserialize<CaseFile>(json, Options) ?? throw new JsonException("A stored case is null.");

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            Converters = { new JsonStringEnumConverter() },
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
