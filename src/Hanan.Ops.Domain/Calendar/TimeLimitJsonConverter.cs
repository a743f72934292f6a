using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hanan.Ops.Domain.Calendar;

/// <summary>
/// Writes a <see cref="TimeLimit"/> as its text form (<c>"5wd"</c>, <c>"2wh"</c>, <c>"24h"</c>, <c>"30m"</c>) and reads
/// it back with <see cref="TimeLimit.TryParse"/>. Applies wherever a property is declared as <see cref="TimeLimit"/>.
/// </summary>
public sealed class TimeLimitJsonConverter : JsonConverter<TimeLimit>
{
    public override TimeLimit? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"A time limit must be a JSON string such as \"5wd\"; found {reader.TokenType}.");
        }

        return TimeLimit.TryParse(reader.GetString(), out var limit, out var error) ? limit : throw new JsonException(error);
    }

    public override void Write(Utf8JsonWriter writer, TimeLimit value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStringValue(value.ToString());
    }
}
