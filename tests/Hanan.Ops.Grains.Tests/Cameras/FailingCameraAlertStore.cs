using Hanan.Ops.Contracts.Cameras;
using Hanan.Ops.Domain.Cameras;

namespace Hanan.Ops.Grains.Tests.Cameras;

/// <summary>An alert store that passes every call to <paramref name="inner"/>, or fails every call while <see cref="Down"/>, as a database that cannot be reached does.</summary>
public sealed class FailingCameraAlertStore(ICameraAlertStore inner) : ICameraAlertStore
{
    public bool Down { get; set; }

    public Task<bool> InsertAsync(CameraAlert alert, CancellationToken cancellationToken = default) => Up().InsertAsync(alert, cancellationToken);

    public Task<long?> UpdateAsync(CameraAlert alert, long expectedVersion, CancellationToken cancellationToken = default) =>
        Up().UpdateAsync(alert, expectedVersion, cancellationToken);

    public Task<StoredAlert?> GetAsync(Guid alertId, CancellationToken cancellationToken = default) => Up().GetAsync(alertId, cancellationToken);

    public Task<IReadOnlyList<CameraAlert>> ListAsync(AlertStatus? status, int limit, CancellationToken cancellationToken = default) =>
        Up().ListAsync(status, limit, cancellationToken);

    public Task<IReadOnlyList<StoredAlert>> WorkingSetAsync(DateTimeOffset closedSince, CancellationToken cancellationToken = default) =>
        Up().WorkingSetAsync(closedSince, cancellationToken);

    public Task<int> PurgeClosedAsync(DateTimeOffset before, CancellationToken cancellationToken = default) => Up().PurgeClosedAsync(before, cancellationToken);

    private ICameraAlertStore Up() => Down ? throw new InvalidOperationException("The alert store cannot be reached.") : inner;
}
