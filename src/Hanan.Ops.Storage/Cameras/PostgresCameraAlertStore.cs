using Hanan.Ops.Contracts.Cameras;
using Hanan.Ops.Domain.Cameras;
using Npgsql;
using NpgsqlTypes;

namespace Hanan.Ops.Storage.Cameras;

/// <summary>
/// Alerts in PostgreSQL (schema script 0031, table <c>camera_alert</c>): one row per alert, the columns the queries
/// need beside the whole alert as jsonb (<see cref="CameraAlertJson"/>). Every statement touches the rows it names
/// and no other. Uses the host's shared read-side data source; it opens no pool of its own.
/// </summary>
public sealed class PostgresCameraAlertStore(NpgsqlDataSource dataSource) : ICameraAlertStore
{
    private const string Insert = """
        INSERT INTO camera_alert (id, kind, status, camera_id, plate, raised_at, last_step_at, alert, version)
        VALUES (@id, @kind, @status, @camera_id, @plate, @raised_at, @last_step_at, @alert, @version)
        ON CONFLICT (id) DO NOTHING
        """;

    private const string Update = """
        UPDATE camera_alert
           SET kind = @kind, status = @status, camera_id = @camera_id, plate = @plate, raised_at = @raised_at,
               last_step_at = @last_step_at, alert = @alert, version = version + 1
         WHERE id = @id AND version = @version
        RETURNING version
        """;

    /// <summary>Every status but closed, for the working set's first half (served by the status index).</summary>
    private static readonly string[] OpenStatuses =
        [.. Enum.GetValues<AlertStatus>().Where(s => s != AlertStatus.Closed).Select(s => s.ToString())];

    public async Task<bool> InsertAsync(CameraAlert alert, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(Insert);
        Bind(command, alert, ICameraAlertStore.FirstVersion);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<long?> UpdateAsync(CameraAlert alert, long expectedVersion, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(Update);
        Bind(command, alert, expectedVersion);
        return await command.ExecuteScalarAsync(cancellationToken) is long version ? version : null;
    }

    public async Task<StoredAlert?> GetAsync(Guid alertId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT alert, version FROM camera_alert WHERE id = @id");
        command.Parameters.Add(new NpgsqlParameter<Guid>("id", alertId));
        return (await ReadAll(command, cancellationToken)).SingleOrDefault();
    }

    public async Task<IReadOnlyList<CameraAlert>> ListAsync(AlertStatus? status, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT alert, version FROM camera_alert
             WHERE @status::text IS NULL OR status = @status
             ORDER BY raised_at DESC, id
             LIMIT @limit
            """);
        command.Parameters.Add(new NpgsqlParameter<string?>("status", status?.ToString()));
        command.Parameters.Add(new NpgsqlParameter<int>("limit", limit));
        return [.. (await ReadAll(command, cancellationToken)).Select(r => r.Alert)];
    }

    public async Task<IReadOnlyList<StoredAlert>> WorkingSetAsync(DateTimeOffset closedSince, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT alert, version FROM camera_alert WHERE status = ANY(@open)
            UNION ALL
            SELECT alert, version FROM camera_alert WHERE status = @closed AND last_step_at >= @since
            """);
        command.Parameters.Add(new NpgsqlParameter<string[]>("open", OpenStatuses));
        command.Parameters.Add(new NpgsqlParameter<string>("closed", nameof(AlertStatus.Closed)));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("since", closedSince.ToUniversalTime()));
        return await ReadAll(command, cancellationToken);
    }

    public async Task<int> PurgeClosedAsync(DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM camera_alert WHERE status = @closed AND last_step_at < @before");
        command.Parameters.Add(new NpgsqlParameter<string>("closed", nameof(AlertStatus.Closed)));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("before", before.ToUniversalTime()));
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The row's columns from the alert; <paramref name="version"/> is the new row's, or the one an update expects.</summary>
    private static void Bind(NpgsqlCommand command, CameraAlert alert, long version)
    {
        command.Parameters.Add(new NpgsqlParameter<Guid>("id", alert.Id));
        command.Parameters.Add(new NpgsqlParameter<string>("kind", alert.Kind.ToString()));
        command.Parameters.Add(new NpgsqlParameter<string>("status", alert.Status.ToString()));
        command.Parameters.Add(new NpgsqlParameter<string>("camera_id", alert.CameraId));
        command.Parameters.Add(new NpgsqlParameter<string?>("plate", alert.Plate));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("raised_at", alert.RaisedAt.ToUniversalTime()));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("last_step_at", AlertRetention.LastStepAt(alert).ToUniversalTime()));
        command.Parameters.Add(new NpgsqlParameter<string>("alert", CameraAlertJson.Write(alert)) { NpgsqlDbType = NpgsqlDbType.Jsonb });
        command.Parameters.Add(new NpgsqlParameter<long>("version", version));
    }

    private static async Task<IReadOnlyList<StoredAlert>> ReadAll(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var rows = new List<StoredAlert>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new StoredAlert(CameraAlertJson.Read(reader.GetString(0)), reader.GetInt64(1)));
        }

        return rows;
    }
}
