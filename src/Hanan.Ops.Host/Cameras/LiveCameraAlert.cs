using Hanan.Ops.Contracts.Cameras;

namespace Hanan.Ops.Host.Cameras;

/// <summary>
/// What a screen receives for a camera alert (<c>cameraAlert</c>): kind and status by name, as the HTTP API writes
/// them. Built from the full alert for the police group and from the masked one for the wall.
/// </summary>
public sealed record LiveCameraAlert(
    Guid Id,
    string Kind,
    string Status,
    DateTimeOffset RaisedAt,
    string CameraId,
    double Latitude,
    double Longitude,
    string? GridCode,
    string? Plate,
    string? PersonRef,
    string? FenceId,
    string Detail,
    Guid? CaseId,
    string? PoliceNote)
{
    public static LiveCameraAlert From(CameraAlert a) => new(
        a.Id, a.Kind.ToString(), a.Status.ToString(), a.RaisedAt, a.CameraId, a.Latitude, a.Longitude, a.GridCode, a.Plate, a.PersonRef,
        a.FenceId, a.Detail, a.CaseId, a.PoliceNote);
}
