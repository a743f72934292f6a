using Hanan.Ops.Domain.Cameras;

namespace Hanan.Ops.Contracts.Cameras;

/// <summary>An alert as stored, with the version of its row (1 when inserted, one more at every update).</summary>
public sealed record StoredAlert(CameraAlert Alert, long Version);

/// <summary>
/// The alerts of the command centre, one row per alert, as the alert board needs them: PostgreSQL in durable mode
/// (table <c>camera_alert</c>, schema 0031), memory in the embedded mode; one contract test suite. A change writes the
/// one alert it changes. Updates name the version they were decided on, so a writer that did not see the latest row
/// changes nothing. Alerts are stored whole (police note and full plate included); masking is for the readers.
/// </summary>
public interface ICameraAlertStore
{
    /// <summary>The version of a row just inserted.</summary>
    const long FirstVersion = 1;

    /// <summary>Stores the alert unless an alert with its id is stored; true when it inserted it (nothing is changed otherwise).</summary>
    Task<bool> InsertAsync(CameraAlert alert, CancellationToken cancellationToken = default);

    /// <summary>Replaces the stored alert of the same id while its row is still at <paramref name="expectedVersion"/>.</summary>
    /// <returns>The row's new version, or null (nothing written) when the row is at another version or absent.</returns>
    Task<long?> UpdateAsync(CameraAlert alert, long expectedVersion, CancellationToken cancellationToken = default);

    Task<StoredAlert?> GetAsync(Guid alertId, CancellationToken cancellationToken = default);

    /// <summary>Newest raised first, then by id; optionally only one status; at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<CameraAlert>> ListAsync(AlertStatus? status, int limit, CancellationToken cancellationToken = default);

    /// <summary>What the board holds: every alert not closed, and the closed ones whose last step is at or after <paramref name="closedSince"/>.</summary>
    Task<IReadOnlyList<StoredAlert>> WorkingSetAsync(DateTimeOffset closedSince, CancellationToken cancellationToken = default);

    /// <summary>Deletes the closed alerts whose last step is before <paramref name="before"/>; returns how many.</summary>
    Task<int> PurgeClosedAsync(DateTimeOffset before, CancellationToken cancellationToken = default);
}

/// <summary>How long an alert is kept, by the one rule the stores and the board share.</summary>
public static class AlertRetention
{
    /// <summary>The instant of the alert's last step (its raising when it has none): what a closed alert's retention counts from.</summary>
    public static DateTimeOffset LastStepAt(CameraAlert alert) => alert.Steps.Count > 0 ? alert.Steps[^1].At : alert.RaisedAt;

    /// <summary>Not closed, or closed with its last step at or after <paramref name="closedSince"/>.</summary>
    public static bool IsKept(CameraAlert alert, DateTimeOffset closedSince) =>
        alert.Status != AlertStatus.Closed || LastStepAt(alert) >= closedSince;
}
