using System.Text.Json;
using System.Text.Json.Serialization;
using Hanan.Ops.Contracts.Appeals;
using Hanan.Ops.Domain.Appeals;

namespace Hanan.Ops.Storage.ReadModels;

/// <summary>
/// The <c>case_summary.assignments</c> column: a JSON array with one object per assignment, in the case's order.
/// The stored names are fixed here rather than taken from <see cref="AssignmentSummary"/>, so renaming a contract
/// property does not change the stored format; enumerations are stored by member name.
/// </summary>
internal static class AssignmentsJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        Converters = { new JsonStringEnumConverter<AssignmentRole>(), new JsonStringEnumConverter<AssignmentStatus>() },
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    public static string Write(IReadOnlyList<AssignmentSummary> assignments) =>
        JsonSerializer.Serialize(
            assignments.Select(a => new Stored(a.BureauId, a.Role, a.Status, a.ClaimedBy, a.ClaimedAt, a.ClaimDue, a.DoneAt, a.FirstClaimedAt)),
            Options);

    /// <exception cref="JsonException">The column does not hold an assignment array.</exception>
    public static AssignmentSummary[] Read(string json) =>
        [
            .. (JsonSerializer.Deserialize<Stored[]>(json, Options) ?? throw new JsonException("case_summary.assignments is JSON null."))
                .Select(s => new AssignmentSummary(s.Bureau, s.Role, s.Status, s.ClaimedBy, s.ClaimedAt, s.ClaimDue, s.DoneAt, s.FirstClaimedAt)),
        ];

    private sealed record Stored(
        [property: JsonPropertyName("bureau")] string Bureau,
        [property: JsonPropertyName("role")] AssignmentRole Role,
        [property: JsonPropertyName("status")] AssignmentStatus Status,
        [property: JsonPropertyName("claimedBy")] string? ClaimedBy,
        [property: JsonPropertyName("claimedAt")] DateTimeOffset? ClaimedAt,
        [property: JsonPropertyName("claimDue")] DateTimeOffset ClaimDue,
        [property: JsonPropertyName("doneAt")] DateTimeOffset? DoneAt,
        [property: JsonPropertyName("firstClaimedAt")] DateTimeOffset? FirstClaimedAt = null);
}
