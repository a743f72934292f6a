using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hanan.Ops.Domain.Calendar;

/// <summary>
/// Writes an <see cref="EscalationStepSet"/> as a JSON array of step names in step order, e.g.
/// <c>["Warning","Overdue"]</c>, and reads such an array back (any order, repeats ignored). Unknown names are an error.
/// </summary>
public sealed class EscalationStepSetJsonConverter : JsonConverter<EscalationStepSet>
{
    public override EscalationStepSet Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException($"A set of escalation steps must be a JSON array of step names; found {reader.TokenType}.");
        }

        var set = EscalationStepSet.Empty;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var name = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            set = set.With(StepNamed(name) ?? throw new JsonException(
                $"\"{name ?? reader.TokenType.ToString()}\" is not an escalation step; expected one of {EscalationStepSet.All}."));
        }

        return set;
    }

    public override void Write(Utf8JsonWriter writer, EscalationStepSet value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartArray();
        foreach (var step in value)
        {
            writer.WriteStringValue(step.ToString());
        }

        writer.WriteEndArray();
    }

    // Matches the exact names only: Enum.TryParse would also take "1" or "warning".
    private static EscalationStep? StepNamed(string? name)
    {
        foreach (var step in EscalationStepSet.All)
        {
            if (string.Equals(step.ToString(), name, StringComparison.Ordinal))
            {
                return step;
            }
        }

        return null;
    }
}
