using Hanan.Ops.Domain.Audit;
using System.Threading.Channels;
using Npgsql;

namespace Hanan.Ops.Storage.Audit;

/// <summary>
/// The audit log in PostgreSQL: table <c>audit_log</c> (script 0040). Every writer takes the transaction-scoped
/// advisory lock (230108, 40), reads the chain's head and inserts the next records, so writers on every host of a
/// cluster form one linear chain. Appends are group-committed: the entries that queue while a transaction is written
/// go together in the next one (at most <see cref="MaxBatch"/>), so the chain's lock is taken once per batch, not once
/// per audited request. The case store appends its actions' records inside its own commits. Every record is keyed with
/// the key ring's current audit key (the key id is stored, never the key). The table refuses updates; deletes only as
/// the retention purge.
/// </summary>
public sealed class PostgresAuditStore : IAuditStore, IAsyncDisposable, IDisposable
{
    /// <summary>The most records one append transaction holds.</summary>
    public const int MaxBatch = 256;

    private const string Columns = "sequence, at, actor, role, action, target, source, outcome, detail, previous_hash, hash, key_id";
    private const string Lock = "SELECT pg_advisory_xact_lock(230108, 40)";
    private const string Head = "SELECT sequence, hash FROM audit_log ORDER BY sequence DESC LIMIT 1";

    private readonly NpgsqlDataSource _dataSource;
    private readonly AuditKeyRing _keys;
    private readonly Channel<(AuditEntry Entry, TaskCompletionSource<AuditRecord> Done)> _queue =
        Channel.CreateUnbounded<(AuditEntry, TaskCompletionSource<AuditRecord>)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    public PostgresAuditStore(string connectionString, AuditKeyRing keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        _keys = keys;
        _dataSource = NpgsqlDataSource.Create(connectionString);
        _writer = Task.Run(WriteLoop);
    }

    /// <summary>Appends the entry in the next batch; durable when the task completes.</summary>
    public Task<AuditRecord> AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var done = new TaskCompletionSource<AuditRecord>(TaskCreationOptions.RunContinuationsAsynchronously);
        ObjectDisposedException.ThrowIf(!_queue.Writer.TryWrite((entry, done)), this);
        return done.Task.WaitAsync(cancellationToken);
    }

    private async Task WriteLoop()
    {
        var batch = new List<(AuditEntry Entry, TaskCompletionSource<AuditRecord> Done)>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            try
            {
                await using var connection = await _dataSource.OpenConnectionAsync();
                await using var transaction = await connection.BeginTransactionAsync();
                var records = await AppendLockedAsync(connection, transaction, [.. batch.Select(b => b.Entry)], _keys.Current, CancellationToken.None);
                await transaction.CommitAsync();
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Done.TrySetResult(records[i]);
                }
            }
            catch (Exception ex)
            {
                // Nothing of the batch is in the log: each waiting request fails (a fault: 503), none is half-written.
                foreach (var (_, done) in batch)
                {
                    done.TrySetException(ex);
                }
            }

            batch.Clear();
        }
    }

    public async Task<ChainHead> HeadAsync(CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand(Head);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new ChainHead(reader.GetInt64(0), reader.GetString(1)) : ChainHead.Empty;
    }

    public async Task<IReadOnlyList<AuditRecord>> ReadAsync(long afterSequence, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand($"SELECT {Columns} FROM audit_log WHERE sequence > @after ORDER BY sequence LIMIT @limit");
        command.Parameters.AddWithValue("after", afterSequence);
        command.Parameters.AddWithValue("limit", limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var records = new List<AuditRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(new AuditRecord(
                reader.GetInt64(0),
                new AuditEntry(
                new DateTimeOffset(reader.GetFieldValue<DateTime>(1), TimeSpan.Zero),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                Enum.TryParse<AuditOutcome>(reader.GetString(7), out var outcome) ? outcome : (AuditOutcome)(-1),
                reader.IsDBNull(8) ? null : reader.GetString(8)),
                reader.GetString(9),
                reader.GetString(10),
                reader.IsDBNull(11) ? null : reader.GetString(11)));
        }

        return records;
    }

    public async Task<long> PurgeBeforeAsync(DateTimeOffset cutoff, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand(Lock, connection, transaction))
        {
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        // The purged prefix ends before the first record at or after the cutoff (or at the head).
        long? lastPurged;
        string? lastHash = null;
        await using (var find = new NpgsqlCommand(
                         """
                         SELECT sequence, hash FROM audit_log
                          WHERE sequence < coalesce((SELECT min(sequence) FROM audit_log WHERE at >= @cutoff), 9223372036854775807)
                          ORDER BY sequence DESC LIMIT 1
                         """, connection, transaction))
        {
            find.Parameters.AddWithValue("cutoff", cutoff.UtcDateTime);
            await using var reader = await find.ExecuteReaderAsync(cancellationToken);
            lastPurged = await reader.ReadAsync(cancellationToken) ? reader.GetInt64(0) : null;
            if (lastPurged is not null)
            {
                lastHash = reader.GetString(1);
            }
        }

        if (lastPurged is null)
        {
            return 0;
        }

        var checkpoint = AuditChain.Checkpoint(new ChainHead(lastPurged.Value, lastHash!), now, $"retention: records before {cutoff:O} purged");
        await AppendLockedAsync(connection, transaction, [checkpoint], _keys.Current, cancellationToken);
        await using var delete = new NpgsqlCommand("DELETE FROM audit_log WHERE sequence <= @last", connection, transaction);
        delete.Parameters.AddWithValue("last", lastPurged.Value);
        var removed = await delete.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return removed;
    }

    /// <summary>
    /// Appends <paramref name="entries"/> as the next records of the chain inside the caller's transaction: takes the
    /// chain lock (held until that transaction ends) once, reads the head once and inserts every record in one
    /// statement, each record keyed with <paramref name="key"/>. The case store calls this last in its commit, so the
    /// lock is held as briefly as possible.
    /// </summary>
    internal static async Task<IReadOnlyList<AuditRecord>> AppendLockedAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<AuditEntry> entries, AuditKey key, CancellationToken ct)
    {
        if (entries.Count == 0)
        {
            return [];
        }

        await using (var lockCommand = new NpgsqlCommand(Lock, connection, transaction))
        {
            await lockCommand.ExecuteNonQueryAsync(ct);
        }

        var head = ChainHead.Empty;
        await using (var read = new NpgsqlCommand(Head, connection, transaction))
        await using (var reader = await read.ExecuteReaderAsync(ct))
        {
            if (await reader.ReadAsync(ct))
            {
                head = new ChainHead(reader.GetInt64(0), reader.GetString(1));
            }
        }

        var records = new List<AuditRecord>(entries.Count);
        foreach (var entry in entries)
        {
            var record = AuditChain.Append(head, entry, key);
            records.Add(record);
            head = new ChainHead(record.Sequence, record.Hash);
        }

        await using var insert = new NpgsqlCommand(
            $"""
             INSERT INTO audit_log ({Columns})
             SELECT * FROM unnest(@sequence, @at, @actor, @role, @action, @target, @source, @outcome, @detail, @previous_hash, @hash, @key_id)
             """,
            connection, transaction);
        void Column<T>(string name, Func<AuditRecord, T> value) =>
            insert.Parameters.Add(new NpgsqlParameter<T[]>(name, [.. records.Select(value)]));
        Column("sequence", r => r.Sequence);
        Column("at", r => r.Entry.At.UtcDateTime);
        Column("actor", r => r.Entry.Actor);
        Column("role", r => r.Entry.Role);
        Column("action", r => r.Entry.Action);
        Column("target", r => r.Entry.Target);
        Column("source", r => r.Entry.Source);
        Column("outcome", r => r.Entry.Outcome.ToString());
        Column("detail", r => r.Entry.Detail);
        Column("previous_hash", r => r.PreviousHash);
        Column("hash", r => r.Hash);
        Column("key_id", r => r.KeyId);
        await insert.ExecuteNonQueryAsync(ct);
        return records;
    }

    /// <summary>Drops the pooled connections (after a lost connection, so that no dead one fails a later append).</summary>
    public void ClearPool() => _dataSource.Clear();

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await _dataSource.DisposeAsync();
    }

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _writer.Wait(TimeSpan.FromSeconds(10));
        _dataSource.Dispose();
    }
}
