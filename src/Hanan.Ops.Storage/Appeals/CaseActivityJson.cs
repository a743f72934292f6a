using System.Text.Json;
using System.Text.Json.Serialization;
using Hanan.Ops.Contracts.Appeals;

namespace Hanan.Ops.Storage.Appeals;

/// <summary>How a <see cref="CaseActivity"/> is written to the activity log: JSON an operator can read with SQL, enums by name.</summary>
internal static class CaseActivityJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public static string Write(CaseActivity activity) => JsonSerializer.Serialize(activity, Options);

    public static CaseActivity Read(string json) =>
        JsonSerializer.Deserialize<CaseActivity>(json, Options) ?? throw new JsonException("An activity log entry is null.");
}
