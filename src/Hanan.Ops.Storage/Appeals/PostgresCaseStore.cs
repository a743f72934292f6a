using System.Threading.Channels;
using Hanan.Ops.Contracts.Appeals;
using Hanan.Ops.Domain.Appeals;
using Hanan.Ops.Domain.Audit;
using Hanan.Ops.Storage.Audit;
using Hanan.Ops.Storage.ReadModels;
using Npgsql;
using NpgsqlTypes;

namespace Hanan.Ops.Storage.Appeals;

/// <summary>
/// The case store in PostgreSQL (schema script 0050), with group commit: changes that arrive while a transaction is
/// being written queue up and go together in the next one, up to <see cref="CaseStoreOptions.MaxBatch"/>. One
/// transaction writes, for every change of the batch, the case record (version-guarded), the case_summary row, the
/// pending deadlines, the activity rows and the audit records, the last taking the audit chain's lock once per batch.
/// </summary>
/// <remarks>
/// A change whose record version does not follow the stored one fails alone with <see cref="CaseStoreConflictException"/>
/// and the rest of its batch is written again without it. A failed transaction fails every change of the batch with
/// <see cref="CaseStoreUnavailableException"/>: none of them is acknowledged, and after a lost connection the pool is
/// cleared so that no stale connection fails a later batch.
/// </remarks>
public sealed class PostgresCaseStore : ICaseStore, IAsyncDisposable
{
    private const string StoreRecords = """
        INSERT INTO case_record AS r (id, version, state, stored_at)
        SELECT * FROM unnest(@id, @version, @state, @stored_at)
        ON CONFLICT (id) DO UPDATE
           SET version = EXCLUDED.version, state = EXCLUDED.state, stored_at = EXCLUDED.stored_at
         WHERE r.version = EXCLUDED.version - 1
        RETURNING id
        """;

    private const string DropDeadlines = "DELETE FROM case_deadline WHERE case_id = ANY(@ids)";

    private const string AddDeadlines = """
        INSERT INTO case_deadline (case_id, kind, due_at, partition)
        SELECT * FROM unnest(@case_id, @kind, @due_at, @partition)
        """;

    private const string AppendActivity = """
        INSERT INTO case_activity (case_id, version, partition, action, at, payload)
        SELECT u.case_id, u.version, u.partition, u.action, u.at, u.payload
          FROM unnest(@case_id, @version, @partition, @action, @at, @payload) WITH ORDINALITY
            AS u(case_id, version, partition, action, at, payload, ordinal)
         ORDER BY u.ordinal
        RETURNING position
        """;

    private readonly NpgsqlDataSource _dataSource;
    private readonly CaseStoreOptions _options;
    private readonly AuditKeyRing _auditKeys;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { AllowSynchronousContinuations = false });
    private readonly CancellationTokenSource _stop = new();
    private readonly Task[] _writers;
    private long _batches;
    private long _changes;

    /// <param name="auditKeys">The audit keys: each action's audit record is keyed with the current one.</param>
    public PostgresCaseStore(NpgsqlDataSource dataSource, CaseStoreOptions options, AuditKeyRing auditKeys)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(auditKeys);
        _auditKeys = auditKeys;
        if (options.Problem() is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        _dataSource = dataSource;
        _options = options;
        _writers = [.. Enumerable.Range(0, options.Writers).Select(_ => Task.Run(WriteLoop))];
    }

    /// <summary>Transactions committed so far, and the changes they held: the mean batch size is their ratio.</summary>
    public (long Batches, long Changes) Committed => (Interlocked.Read(ref _batches), Interlocked.Read(ref _changes));

    public async Task<StoredCase?> LoadAsync(Guid caseId, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = _dataSource.CreateCommand("SELECT version, state FROM case_record WHERE id = @id");
            command.Parameters.AddWithValue("id", caseId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken) ? new StoredCase(reader.GetInt64(0), reader.GetFieldValue<byte[]>(1)) : null;
        }
        catch (Exception ex) when (IsStoreFault(ex))
        {
            throw Unavailable(ex, "load a case");
        }
    }

    public Task<IReadOnlyList<long>> CommitAsync(CaseCommit commit, CancellationToken cancellationToken = default)
    {
        CaseCommits.Check(commit);
        if (commit.Summary is { } summary)
        {
            // A summary the read model would refuse fails this change alone, before it can fail a whole batch.
            CaseReadModelRules.PrepareBatch([summary]);
        }

        var pending = new Pending(commit);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new CaseStoreUnavailableException("The case store is shutting down.");
        }

        return pending.Done.Task.WaitAsync(cancellationToken);
    }

    public async Task ResetDeadlinesAsync(Guid caseId, long version, IReadOnlyList<PendingDeadline> deadlines, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using (var check = new NpgsqlCommand("SELECT version FROM case_record WHERE id = @id FOR SHARE", connection, transaction))
            {
                check.Parameters.AddWithValue("id", caseId);
                var stored = await check.ExecuteScalarAsync(cancellationToken);
                if (stored is not long storedVersion || storedVersion != version)
                {
                    throw new CaseStoreConflictException($"Case {caseId} is at another version than {version}; its deadlines were not reset.");
                }
            }

            await WriteDeadlinesAsync(connection, transaction, [(caseId, deadlines)], cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (Exception ex) when (IsStoreFault(ex))
        {
            throw Unavailable(ex, "reset the deadlines of a case");
        }
    }

    public async Task<IReadOnlyList<CaseDeadline>> PendingFromAsync(DateTimeOffset from, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        try
        {
            await using var command = _dataSource.CreateCommand(
                "SELECT case_id, kind, due_at FROM case_deadline WHERE due_at >= @from ORDER BY due_at, case_id, kind COLLATE \"C\" LIMIT @limit");
            command.Parameters.AddWithValue("from", from.UtcDateTime);
            command.Parameters.AddWithValue("limit", limit);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var deadlines = new List<CaseDeadline>();
            while (await reader.ReadAsync(cancellationToken))
            {
                deadlines.Add(new CaseDeadline(reader.GetGuid(0), reader.GetString(1), new DateTimeOffset(reader.GetFieldValue<DateTime>(2), TimeSpan.Zero)));
            }

            return deadlines;
        }
        catch (Exception ex) when (IsStoreFault(ex))
        {
            throw Unavailable(ex, "read the deadline index");
        }
    }

    public async Task<DueCases> DueAsync(int partition, DateTimeOffset now, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(partition);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        try
        {
            await using var command = _dataSource.CreateCommand("""
                SELECT case_id FROM case_deadline WHERE partition = @partition AND due_at <= @now
                 GROUP BY case_id ORDER BY min(due_at) LIMIT @limit
                """);
            command.Parameters.AddWithValue("partition", (short)partition);
            command.Parameters.AddWithValue("now", now.UtcDateTime);
            command.Parameters.AddWithValue("limit", limit);
            var due = new List<Guid>();
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    due.Add(reader.GetGuid(0));
                }
            }

            await using var next = _dataSource.CreateCommand("SELECT min(due_at) FROM case_deadline WHERE partition = @partition AND due_at > @now");
            next.Parameters.AddWithValue("partition", (short)partition);
            next.Parameters.AddWithValue("now", now.UtcDateTime);
            var nextDue = await next.ExecuteScalarAsync(cancellationToken);
            return new DueCases(due, nextDue is DateTime at ? new DateTimeOffset(at, TimeSpan.Zero) : null);
        }
        catch (Exception ex) when (IsStoreFault(ex))
        {
            throw Unavailable(ex, "read the deadline index");
        }
    }

    public async Task<IReadOnlyList<LoggedActivity>> ActivityAfterAsync(
        int partition, long afterPosition, int limit, TimeSpan settled, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        try
        {
            await using var command = _dataSource.CreateCommand("""
                SELECT position, payload::text FROM case_activity
                 WHERE partition = @partition AND position > @after AND written_at < clock_timestamp() - @settled
                 ORDER BY position LIMIT @limit
                """);
            command.Parameters.AddWithValue("partition", (short)partition);
            command.Parameters.AddWithValue("after", afterPosition);
            command.Parameters.AddWithValue("settled", settled);
            command.Parameters.AddWithValue("limit", limit);
            var entries = new List<LoggedActivity>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var position = reader.GetInt64(0);
                entries.Add(new LoggedActivity(position, CaseActivityJson.Read(reader.GetString(1)) with { Position = position }));
            }

            return entries;
        }
        catch (Exception ex) when (IsStoreFault(ex))
        {
            throw Unavailable(ex, "read the activity log");
        }
    }

    public async Task<long> LogEndAsync(int partition, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = _dataSource.CreateCommand("SELECT coalesce(max(position), 0) FROM case_activity WHERE partition = @partition");
            command.Parameters.AddWithValue("partition", (short)partition);
            return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }
        catch (Exception ex) when (IsStoreFault(ex))
        {
            throw Unavailable(ex, "read the end of the activity log");
        }
    }

    public async Task<long?> CursorAsync(string consumer, int partition, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(consumer);
        try
        {
            await using var command = _dataSource.CreateCommand("SELECT position FROM case_activity_cursor WHERE consumer = @consumer AND partition = @partition");
            command.Parameters.AddWithValue("consumer", consumer);
            command.Parameters.AddWithValue("partition", (short)partition);
            return await command.ExecuteScalarAsync(cancellationToken) is long position ? position : null;
        }
        catch (Exception ex) when (IsStoreFault(ex))
        {
            throw Unavailable(ex, "read a consumer's cursor");
        }
    }

    public async Task SaveCursorAsync(string consumer, int partition, long position, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(consumer);
        try
        {
            await using var command = _dataSource.CreateCommand("""
                INSERT INTO case_activity_cursor AS c (consumer, partition, position) VALUES (@consumer, @partition, @position)
                ON CONFLICT (consumer, partition) DO UPDATE SET position = greatest(c.position, EXCLUDED.position)
                """);
            command.Parameters.AddWithValue("consumer", consumer);
            command.Parameters.AddWithValue("partition", (short)partition);
            command.Parameters.AddWithValue("position", position);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (Exception ex) when (IsStoreFault(ex))
        {
            throw Unavailable(ex, "save a consumer's cursor");
        }
    }

    private async Task WriteLoop()
    {
        var reader = _queue.Reader;
        var batch = new List<Pending>(_options.MaxBatch);
        var cases = new HashSet<Guid>();
        var later = new List<Pending>();
        try
        {
            while (await reader.WaitToReadAsync(_stop.Token))
            {
                Take(reader, batch, cases, later);
                if (batch.Count < _options.MaxBatch && batch.Count > 0 && _options.Linger > TimeSpan.Zero)
                {
                    await Task.Delay(_options.Linger, _stop.Token);
                    Take(reader, batch, cases, later);
                }

                foreach (var p in later)
                {
                    // Two changes of one case never share a transaction: the next batch takes the later one.
                    _queue.Writer.TryWrite(p);
                }

                if (batch.Count > 0)
                {
                    await WriteAsync(batch);
                }

                batch.Clear();
                cases.Clear();
                later.Clear();
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            foreach (var p in batch.Concat(later))
            {
                p.Done.TrySetException(new CaseStoreUnavailableException("The case store is shutting down."));
            }
        }
    }

    private void Take(ChannelReader<Pending> reader, List<Pending> batch, HashSet<Guid> cases, List<Pending> later)
    {
        while (batch.Count < _options.MaxBatch && reader.TryRead(out var p))
        {
            if (cases.Add(p.Commit.CaseId))
            {
                batch.Add(p);
            }
            else
            {
                later.Add(p);
            }
        }
    }

    private async Task WriteAsync(List<Pending> batch)
    {
        while (batch.Count > 0)
        {
            List<Pending> conflicted;
            try
            {
                conflicted = await TryWriteAsync(batch);
            }
            catch (Exception ex)
            {
                if (IsConnectionLoss(ex))
                {
                    _dataSource.Clear();
                }

                foreach (var p in batch)
                {
                    p.Done.TrySetException(Unavailable(ex, "commit a change of a case"));
                }

                return;
            }

            if (conflicted.Count == 0)
            {
                return;
            }

            // Rolled back: the others are written again without the conflicting changes.
            foreach (var p in conflicted)
            {
                p.Done.TrySetException(new CaseStoreConflictException(
                    $"Case {p.Commit.CaseId} was stored by another writer; version {p.Commit.Version} was not stored."));
            }

            batch = [.. batch.Except(conflicted)];
        }
    }

    /// <summary>Writes the batch in one transaction; returns the changes refused by the version guard (then nothing was committed).</summary>
    private async Task<List<Pending>> TryWriteAsync(List<Pending> batch)
    {
        var commits = batch.Select(p => p.Commit).ToList();
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();

        var stored = new HashSet<Guid>();
        await using (var records = new NpgsqlCommand(StoreRecords, connection, transaction))
        {
            var now = DateTime.UtcNow;
            records.Parameters.Add(new NpgsqlParameter<Guid[]>("id", [.. commits.Select(c => c.CaseId)]));
            records.Parameters.Add(new NpgsqlParameter<long[]>("version", [.. commits.Select(c => c.Version)]));
            records.Parameters.Add(new NpgsqlParameter<byte[][]>("state", [.. commits.Select(c => c.State)]) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
            records.Parameters.Add(new NpgsqlParameter<DateTime[]>("stored_at", [.. commits.Select(_ => now)]));
            await using var reader = await records.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                stored.Add(reader.GetGuid(0));
            }
        }

        if (stored.Count < batch.Count)
        {
            await transaction.RollbackAsync();
            return [.. batch.Where(p => !stored.Contains(p.Commit.CaseId))];
        }

        var summaries = commits.Where(c => c.Summary is not null).Select(c => c.Summary!).ToList();
        await using (var upsert = PostgresCaseReadModel.UpsertCommand(summaries))
        {
            if (upsert is not null)
            {
                upsert.Connection = connection;
                upsert.Transaction = transaction;
                await upsert.ExecuteNonQueryAsync();
            }
        }

        await WriteDeadlinesAsync(connection, transaction, [.. commits.Select(c => (c.CaseId, c.Deadlines))], CancellationToken.None);

        // Late, so the chain's lock is held only for the last two inserts and the commit.
        var audit = commits.SelectMany(c => c.Audit).ToList();
        await PostgresAuditStore.AppendLockedAsync(connection, transaction, audit, _auditKeys.Current, CancellationToken.None);

        // Last before COMMIT: a position drawn here is visible a moment later at most (see ActivityAfterAsync).
        var activities = commits.SelectMany(c => c.Activities.Select(a => (c.CaseId, Activity: a))).ToList();
        var positions = new List<long>(activities.Count);
        if (activities.Count > 0)
        {
            await using var append = new NpgsqlCommand(AppendActivity, connection, transaction);
            append.Parameters.Add(new NpgsqlParameter<Guid[]>("case_id", [.. activities.Select(a => a.CaseId)]));
            append.Parameters.Add(new NpgsqlParameter<long[]>("version", [.. activities.Select(a => a.Activity.Version)]));
            append.Parameters.Add(new NpgsqlParameter<short[]>("partition", [.. activities.Select(a => (short)CasePartitions.Of(a.CaseId))]));
            append.Parameters.Add(new NpgsqlParameter<string[]>("action", [.. activities.Select(a => a.Activity.Action)]));
            append.Parameters.Add(new NpgsqlParameter<DateTime[]>("at", [.. activities.Select(a => a.Activity.At.UtcDateTime)]));
            append.Parameters.Add(new NpgsqlParameter<string[]>("payload", [.. activities.Select(a => CaseActivityJson.Write(a.Activity))]) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb });
            await using var reader = await append.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                positions.Add(reader.GetInt64(0));
            }

            // Identities are drawn in insertion order, which the ORDER BY fixed: ascending positions are the rows in order.
            positions.Sort();
        }

        await transaction.CommitAsync();

        Interlocked.Increment(ref _batches);
        Interlocked.Add(ref _changes, batch.Count);
        var offset = 0;
        foreach (var p in batch)
        {
            var count = p.Commit.Activities.Count;
            p.Done.TrySetResult(positions.GetRange(offset, count));
            offset += count;
        }

        return [];
    }

    private static async Task WriteDeadlinesAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<(Guid CaseId, IReadOnlyList<PendingDeadline> Deadlines)> cases, CancellationToken ct)
    {
        await using (var drop = new NpgsqlCommand(DropDeadlines, connection, transaction))
        {
            drop.Parameters.Add(new NpgsqlParameter<Guid[]>("ids", [.. cases.Select(c => c.CaseId)]));
            await drop.ExecuteNonQueryAsync(ct);
        }

        var rows = cases.SelectMany(c => c.Deadlines.Select(d => (c.CaseId, d))).ToList();
        if (rows.Count == 0)
        {
            return;
        }

        await using var add = new NpgsqlCommand(AddDeadlines, connection, transaction);
        add.Parameters.Add(new NpgsqlParameter<Guid[]>("case_id", [.. rows.Select(r => r.CaseId)]));
        add.Parameters.Add(new NpgsqlParameter<string[]>("kind", [.. rows.Select(r => r.d.Kind)]));
        add.Parameters.Add(new NpgsqlParameter<DateTime[]>("due_at", [.. rows.Select(r => r.d.Due.UtcDateTime)]));
        add.Parameters.Add(new NpgsqlParameter<short[]>("partition", [.. rows.Select(r => (short)CasePartitions.Of(r.CaseId))]));
        await add.ExecuteNonQueryAsync(ct);
    }

    private static bool IsStoreFault(Exception ex) => ex is NpgsqlException or TimeoutException or InvalidOperationException { InnerException: NpgsqlException };

    private static bool IsConnectionLoss(Exception ex) => ex switch
    {
        PostgresException pg => pg.SqlState.StartsWith("57P", StringComparison.Ordinal) || pg.SqlState.StartsWith("08", StringComparison.Ordinal),
        NpgsqlException => true,
        _ => ex.InnerException is { } inner && IsConnectionLoss(inner),
    };

    private CaseStoreUnavailableException Unavailable(Exception ex, string what)
    {
        if (IsConnectionLoss(ex))
        {
            _dataSource.Clear();
        }

        return new CaseStoreUnavailableException($"The case store could not {what}: {ex.GetType().Name}.", ex);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        try
        {
            await Task.WhenAll(_writers).WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            await _stop.CancelAsync();
        }

        _stop.Dispose();
    }

    private sealed class Pending(CaseCommit commit)
    {
        public CaseCommit Commit { get; } = commit;

        public TaskCompletionSource<IReadOnlyList<long>> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
