using Hanan.Ops.Storage.Appeals;
using Hanan.Ops.Storage.Audit;
using Npgsql;

namespace Hanan.Ops.Host.Hosting;

/// <summary>
/// After a lost database connection (an administrator's pg_terminate_backend, a crash, a failover) the other pooled
/// connections are most likely dead too, and each would fail one later request. This clears every pool of the host at
/// most once per <see cref="MinimumInterval"/>: the pools opened by connection string (Orleans' clustering, grain state
/// and reminders, the readiness check) through <see cref="NpgsqlConnection.ClearAllPools"/>, and the data sources the
/// host built itself (the shared read side, the case store, the audit log), which that call does not reach.
/// </summary>
public sealed class ConnectionPoolReset
{
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromSeconds(5);

    private readonly TimeProvider _time;
    private readonly Action _clear;
    private long _lastClearedTicks = long.MinValue;

    public ConnectionPoolReset(TimeProvider time, Action clear)
    {
        _time = time;
        _clear = clear;
    }

    /// <summary>The host's pools: those by connection string, the read side's data source and the audit log's, when durable.</summary>
    public static ConnectionPoolReset ForHost(IServiceProvider services) => new(services.GetRequiredService<TimeProvider>(), () =>
    {
        NpgsqlConnection.ClearAllPools();
        services.GetService<NpgsqlDataSource>()?.Clear();
        services.GetKeyedService<NpgsqlDataSource>(CaseStoreOptions.Section)?.Clear();
        (services.GetService<IAuditStore>() as PostgresAuditStore)?.ClearPool();
    });

    /// <summary>Clears the pools unless they were cleared less than <see cref="MinimumInterval"/> ago; true when it cleared.</summary>
    public bool TryClear()
    {
        var now = _time.GetUtcNow().UtcTicks;
        var last = Interlocked.Read(ref _lastClearedTicks);
        if (last != long.MinValue && now - last < MinimumInterval.Ticks)
        {
            return false;
        }

        if (Interlocked.CompareExchange(ref _lastClearedTicks, now, last) != last)
        {
            return false; // another request is clearing right now
        }

        _clear();
        return true;
    }
}
