using Hanan.Ops.Contracts.Roster;

namespace Hanan.Ops.Storage.Roster;

/// <summary>The grid-worker roster in memory, for the embedded mode; behaves like <see cref="PostgresGridWorkerRoster"/>.</summary>
public sealed class InMemoryGridWorkerRoster : IGridWorkerRoster
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<string, GridWorkerRecord> _workers = new(StringComparer.Ordinal);
    private long _version;

    public Task<RosterSnapshot> ReadAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(new RosterSnapshot(_version, [.. _workers.Values]));
        }
    }

    public Task<GridWorkerRecord?> GetAsync(string workerId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_workers.GetValueOrDefault(workerId));
        }
    }

    public Task<IReadOnlyList<GridWorkerRecord>> WorkersOfGridAsync(string gridCode, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<GridWorkerRecord>>([.. _workers.Values.Where(w => w.Grids.Contains(gridCode, StringComparer.Ordinal))]);
        }
    }

    public Task<long?> SaveAsync(GridWorkerRecord worker, long expectedVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(worker);
        lock (_gate)
        {
            if (_version != expectedVersion)
            {
                return Task.FromResult<long?>(null);
            }

            _workers[worker.Id] = Copy(worker);
            return Task.FromResult<long?>(++_version);
        }
    }

    public Task<bool> SeedAsync(IReadOnlyList<GridWorkerRecord> workers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workers);
        lock (_gate)
        {
            if (_workers.Count > 0)
            {
                return Task.FromResult(false);
            }

            foreach (var worker in workers)
            {
                _workers[worker.Id] = Copy(worker);
            }

            _version++;
            return Task.FromResult(true);
        }
    }

    /// <summary>What PostgreSQL would hand back: its own arrays and microsecond time in UTC.</summary>
    private static GridWorkerRecord Copy(GridWorkerRecord w) =>
        w with
        {
            SealedPhone = [.. w.SealedPhone],
            Grids = [.. w.Grids],
            UpdatedAt = new DateTimeOffset(w.UpdatedAt.UtcTicks - (w.UpdatedAt.UtcTicks % 10), TimeSpan.Zero),
        };
}
