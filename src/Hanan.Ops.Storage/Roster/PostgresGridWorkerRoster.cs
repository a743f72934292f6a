using Hanan.Ops.Contracts.Roster;
using Npgsql;
using NpgsqlTypes;

namespace Hanan.Ops.Storage.Roster;

/// <summary>
/// The grid-worker roster in PostgreSQL (schema script 0021): table <c>grid_worker</c> and the roster version in
/// <c>grid_roster</c>. Behaves like <see cref="InMemoryGridWorkerRoster"/> (one contract test suite).
/// </summary>
public sealed class PostgresGridWorkerRoster : IGridWorkerRoster, IAsyncDisposable, IDisposable
{
    private const string Columns = "id, name, phone_sealed, phone_masked, grids, active, updated_at";

    private const string Upsert = """
        INSERT INTO grid_worker (id, name, phone_sealed, phone_masked, grids, active, updated_at)
        VALUES (@id, @name, @sealed, @masked, @grids, @active, @at)
        ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, phone_sealed = EXCLUDED.phone_sealed,
            phone_masked = EXCLUDED.phone_masked, grids = EXCLUDED.grids, active = EXCLUDED.active, updated_at = EXCLUDED.updated_at
        """;

    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;

    public PostgresGridWorkerRoster(NpgsqlDataSource dataSource) => _dataSource = dataSource;

    public PostgresGridWorkerRoster(string connectionString)
    {
        _dataSource = NpgsqlDataSource.Create(connectionString);
        _ownsDataSource = true;
    }

    public async Task<RosterSnapshot> ReadAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        // One snapshot: the version and the rows as of the same moment.
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        long version;
        await using (var command = new NpgsqlCommand("SELECT version FROM grid_roster", connection, transaction))
        {
            version = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }

        var workers = await ListAsync(new NpgsqlCommand($"SELECT {Columns} FROM grid_worker ORDER BY id", connection, transaction), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new RosterSnapshot(version, workers);
    }

    public async Task<GridWorkerRecord?> GetAsync(string workerId, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand($"SELECT {Columns} FROM grid_worker WHERE id = @id");
        command.Parameters.AddWithValue("id", workerId);
        return (await ListAsync(command, cancellationToken)).SingleOrDefault();
    }

    public async Task<IReadOnlyList<GridWorkerRecord>> WorkersOfGridAsync(string gridCode, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand($"SELECT {Columns} FROM grid_worker WHERE grids @> ARRAY[@grid]::text[] ORDER BY id");
        command.Parameters.AddWithValue("grid", gridCode);
        return await ListAsync(command, cancellationToken);
    }

    public async Task<long?> SaveAsync(GridWorkerRecord worker, long expectedVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(worker);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var bump = new NpgsqlCommand("UPDATE grid_roster SET version = version + 1 WHERE version = @expected", connection, transaction))
        {
            bump.Parameters.AddWithValue("expected", expectedVersion);
            if (await bump.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                await transaction.RollbackAsync(cancellationToken);
                return null;
            }
        }

        await using (var write = new NpgsqlCommand(Upsert, connection, transaction))
        {
            Bind(write, worker);
            await write.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return expectedVersion + 1;
    }

    public async Task<bool> SeedAsync(IReadOnlyList<GridWorkerRecord> workers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workers);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // The version row is locked, so two hosts seeding at once write the roster once.
        await using (var lockRoster = new NpgsqlCommand("SELECT version FROM grid_roster FOR UPDATE", connection, transaction))
        {
            await lockRoster.ExecuteScalarAsync(cancellationToken);
        }

        await using (var any = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM grid_worker)", connection, transaction))
        {
            if ((bool)(await any.ExecuteScalarAsync(cancellationToken))!)
            {
                await transaction.RollbackAsync(cancellationToken);
                return false;
            }
        }

        var batch = new NpgsqlBatch(connection, transaction);
        await using (batch)
        {
            foreach (var worker in workers)
            {
                var command = new NpgsqlBatchCommand(Upsert);
                Bind(command.Parameters, worker);
                batch.BatchCommands.Add(command);
            }

            batch.BatchCommands.Add(new NpgsqlBatchCommand("UPDATE grid_roster SET version = version + 1"));
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public ValueTask DisposeAsync() => _ownsDataSource ? _dataSource.DisposeAsync() : ValueTask.CompletedTask;

    public void Dispose()
    {
        if (_ownsDataSource)
        {
            _dataSource.Dispose();
        }
    }

    private static void Bind(NpgsqlCommand command, GridWorkerRecord worker) => Bind(command.Parameters, worker);

    private static void Bind(NpgsqlParameterCollection p, GridWorkerRecord w)
    {
        p.AddWithValue("id", w.Id);
        p.AddWithValue("name", w.Name);
        p.AddWithValue("sealed", NpgsqlDbType.Bytea, w.SealedPhone);
        p.AddWithValue("masked", w.PhoneMasked);
        p.AddWithValue("grids", NpgsqlDbType.Array | NpgsqlDbType.Text, w.Grids.ToArray());
        p.AddWithValue("active", w.Active);
        p.AddWithValue("at", w.UpdatedAt.ToUniversalTime());
    }

    private static async Task<List<GridWorkerRecord>> ListAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using (command)
        {
            var rows = new List<GridWorkerRecord>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(new GridWorkerRecord(
                    reader.GetString(0), reader.GetString(1), reader.GetFieldValue<byte[]>(2), reader.GetString(3),
                    reader.GetFieldValue<string[]>(4), reader.GetBoolean(5), reader.GetFieldValue<DateTimeOffset>(6)));
            }

            return rows;
        }
    }
}
