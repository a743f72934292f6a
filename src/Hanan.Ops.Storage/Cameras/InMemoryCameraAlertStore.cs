using Hanan.Ops.Contracts.Cameras;
using Hanan.Ops.Domain.Cameras;

namespace Hanan.Ops.Storage.Cameras;

/// <summary>The alert store of the embedded mode: the same contract as <see cref="PostgresCameraAlertStore"/>, in memory.</summary>
public sealed class InMemoryCameraAlertStore : ICameraAlertStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, StoredAlert> _rows = [];

    /// <summary>How many rows inserts and updates have written so far (refused ones not counted).</summary>
    public int RowsWritten
    {
        get
        {
            lock (_gate)
            {
                return field;
            }
        }

        private set;
    }

    public Task<bool> InsertAsync(CameraAlert alert, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!_rows.TryAdd(alert.Id, new StoredAlert(alert, ICameraAlertStore.FirstVersion)))
            {
                return Task.FromResult(false);
            }

            RowsWritten++;
            return Task.FromResult(true);
        }
    }

    public Task<long?> UpdateAsync(CameraAlert alert, long expectedVersion, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!_rows.TryGetValue(alert.Id, out var row) || row.Version != expectedVersion)
            {
                return Task.FromResult<long?>(null);
            }

            _rows[alert.Id] = new StoredAlert(alert, expectedVersion + 1);
            RowsWritten++;
            return Task.FromResult<long?>(expectedVersion + 1);
        }
    }

    public Task<StoredAlert?> GetAsync(Guid alertId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_rows.GetValueOrDefault(alertId));
        }
    }

    public Task<IReadOnlyList<CameraAlert>> ListAsync(AlertStatus? status, int limit, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<CameraAlert>>([.. _rows.Values
                .Select(r => r.Alert)
                .Where(a => status is null || a.Status == status)
                .OrderByDescending(a => a.RaisedAt).ThenBy(a => a.Id)
                .Take(limit)]);
        }
    }

    public Task<IReadOnlyList<StoredAlert>> WorkingSetAsync(DateTimeOffset closedSince, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<StoredAlert>>([.. _rows.Values.Where(r => AlertRetention.IsKept(r.Alert, closedSince))]);
        }
    }

    public Task<int> PurgeClosedAsync(DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var expired = _rows.Values.Where(r => !AlertRetention.IsKept(r.Alert, before)).Select(r => r.Alert.Id).ToList();
            expired.ForEach(id => _rows.Remove(id));
            return Task.FromResult(expired.Count);
        }
    }
}
