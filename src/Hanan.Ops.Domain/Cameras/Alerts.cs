using System.Security.Cryptography;
using System.Text;

namespace Hanan.Ops.Domain.Cameras;

/// <summary>What an alert (预警) is about.</summary>
public enum AlertKind
{
    /// <summary>套牌: one plate at two places no vehicle could link in time.</summary>
    ClonedPlate,
    FenceEnter,
    FenceExit,
    FenceDwell,

    /// <summary>布控车辆 read by a camera.</summary>
    WantedPlate,

    /// <summary>布控人员 recognised by a camera.</summary>
    PersonOfInterest,
    CameraOffline,
}

/// <summary>new → acknowledged → dispatched → closed; an alert may be closed early (a false alarm).</summary>
public enum AlertStatus
{
    New,
    Acknowledged,
    Dispatched,
    Closed,
}

public enum AlertAction
{
    Acknowledge,
    Dispatch,
    Close,
}

public static class AlertLifecycle
{
    /// <summary>The status after an action, or a refusal saying why the action does not apply.</summary>
    public static (AlertStatus? Next, string? Refusal) Apply(AlertStatus current, AlertAction action) => (current, action) switch
    {
        (AlertStatus.New, AlertAction.Acknowledge) => (AlertStatus.Acknowledged, null),
        (AlertStatus.Acknowledged, AlertAction.Dispatch) => (AlertStatus.Dispatched, null),
        (AlertStatus.New, AlertAction.Dispatch) => (null, "An alert is acknowledged before it is dispatched."),
        (AlertStatus.Closed, _) => (null, "The alert is closed."),
        (_, AlertAction.Close) => (AlertStatus.Closed, null),
        _ => (null, $"An alert that is {current.ToString().ToLowerInvariant()} cannot be {Past(action)} again."),
    };

    /// <summary>
    /// A stable id for what was detected, so a retried ingest or a re-evaluated read raises the same alert, not a
    /// second one.
    /// </summary>
    public static Guid IdFor(AlertKind kind, string subject, string cameraId, DateTimeOffset at, string? detail = null)
    {
        var text = string.Join('\u001f', kind.ToString(), subject, cameraId, at.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture), detail ?? "");
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        return new Guid(hash.AsSpan(0, 16));
    }

    private static string Past(AlertAction action) => action switch
    {
        AlertAction.Acknowledge => "acknowledged",
        AlertAction.Dispatch => "dispatched",
        _ => "closed",
    };
}
