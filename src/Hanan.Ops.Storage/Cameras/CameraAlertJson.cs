using System.Text.Json;
using System.Text.Json.Serialization;
using Hanan.Ops.Contracts.Cameras;
using Hanan.Ops.Domain.Cameras;

namespace Hanan.Ops.Storage.Cameras;

/// <summary>
/// The <c>camera_alert.alert</c> column: the whole alert as a JSON object, police note and full plate included. The
/// stored names are fixed here rather than taken from <see cref="CameraAlert"/>, so renaming a contract property does
/// not change the stored format; enumerations are stored by member name, instants with their offset.
/// </summary>
internal static class CameraAlertJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        Converters = { new JsonStringEnumConverter<AlertKind>(), new JsonStringEnumConverter<AlertStatus>() },
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    public static string Write(CameraAlert a) =>
        JsonSerializer.Serialize(
            new Stored(a.Id, a.Kind, a.RaisedAt, a.CameraId, a.Latitude, a.Longitude, a.GridCode, a.Plate, a.PersonRef, a.FenceId, a.Detail,
                a.Status, [.. a.Steps.Select(s => new StoredStep(s.Status, s.At, s.Actor, s.Note))], a.CaseId, a.PoliceNote),
            Options);

    /// <exception cref="JsonException">The column does not hold an alert.</exception>
    public static CameraAlert Read(string json)
    {
        var s = JsonSerializer.Deserialize<Stored>(json, Options) ?? throw new JsonException("camera_alert.alert is JSON null.");
        return new CameraAlert(s.Id, s.Kind, s.RaisedAt, s.CameraId, s.Latitude, s.Longitude, s.GridCode, s.Plate, s.PersonRef, s.FenceId, s.Detail,
            s.Status, [.. s.Steps.Select(t => new AlertStep(t.Status, t.At, t.Actor, t.Note))], s.CaseId, s.PoliceNote);
    }

    private sealed record Stored(
        [property: JsonPropertyName("id")] Guid Id,
        [property: JsonPropertyName("kind")] AlertKind Kind,
        [property: JsonPropertyName("raisedAt")] DateTimeOffset RaisedAt,
        [property: JsonPropertyName("cameraId")] string CameraId,
        [property: JsonPropertyName("latitude")] double Latitude,
        [property: JsonPropertyName("longitude")] double Longitude,
        [property: JsonPropertyName("gridCode")] string? GridCode,
        [property: JsonPropertyName("plate")] string? Plate,
        [property: JsonPropertyName("personRef")] string? PersonRef,
        [property: JsonPropertyName("fenceId")] string? FenceId,
        [property: JsonPropertyName("detail")] string Detail,
        [property: JsonPropertyName("status")] AlertStatus Status,
        [property: JsonPropertyName("steps")] StoredStep[] Steps,
        [property: JsonPropertyName("caseId")] Guid? CaseId,
        [property: JsonPropertyName("policeNote")] string? PoliceNote);

    private sealed record StoredStep(
        [property: JsonPropertyName("status")] AlertStatus Status,
        [property: JsonPropertyName("at")] DateTimeOffset At,
        [property: JsonPropertyName("actor")] string Actor,
        [property: JsonPropertyName("note")] string? Note);
}
