using System.Diagnostics;
using System.Globalization;
using Hanan.Ops.Contracts.Appeals;
using Hanan.Ops.Domain.Appeals;
using Hanan.Ops.Domain.Audit;
using Hanan.Ops.Domain.Calendar;
using Hanan.Ops.Storage.Appeals;
using Hanan.Ops.Storage.Schema;
using Npgsql;
using NpgsqlTypes;
using Spectre.Console;

namespace Hanan.Ops.Bench;

/// <summary>
/// The PostgreSQL ceiling for what a filing writes, without the host, on a throw-away database of its own (created,
/// migrated with the host's schema and dropped here; the audit log refuses DELETE, so nothing of it may reach the host's
/// database).
/// <para>
/// <b>Case store</b> (the baseline of the intake target): N in-process callers (closed loop, the host's intake
/// concurrency) each commit one filing after the other through the host's own <see cref="PostgresCaseStore"/>, with the
/// group commit the host runs (<see cref="CaseStoreOptions"/> as <c>Hanan:CaseStore</c> configures it, the same pool
/// cap). A filing's commit is what the case grain commits when an appeal is filed: a ~2 KB state in <c>case_record</c>,
/// its <c>case_summary</c> row, its pending deadlines in <c>case_deadline</c> (from the domain's own
/// <see cref="CaseFile.Open"/> of a sanitation case), one <c>case_activity</c> row and one <c>audit_log</c> record.
/// </para>
/// <para>
/// <b>Unbatched two rows</b> (the figure of earlier sessions, kept for comparison): per appeal-equivalent one ~2 KB
/// row into <c>orleans_grain_state</c> and one into <c>case_summary</c>, each a single-row INSERT in its own commit,
/// from N connections.
/// </para>
/// </summary>
public static class RawPostgres
{
    private const string GrainState = """
        INSERT INTO orleans_grain_state (service_id, grain_id_hash, grain_id_n0, grain_id_n1, grain_type_hash, grain_type,
                                         grain_id_extension, payload, version)
        VALUES ('bench-raw', $1, $2, $3, 12345, 'case', NULL, $4, 1)
        """;

    private const string ReadModel = """
        INSERT INTO case_summary (id, version, number, status, category_code, lead_bureau, bureaus, assignments, grid_code,
                                  community_code, street_code, location, hot, overdue, channel, description, filed_at,
                                  resolve_due, returns, reopenings, affected_citizens, updated_at, search_number,
                                  search_description)
        VALUES ($1, 1, $2, 'Dispatched', 'sanitation', 'urban-management', ARRAY['urban-management'],
                '[{"bureau":"urban-management","role":"Lead","status":"Open","claimedBy":null,"claimedAt":null,"claimDue":"2030-01-01T00:00:00+00:00","doneAt":null}]'::jsonb, '230108001001001',
                '230108001001', '230108001', ST_SetSRID(ST_MakePoint(126.63, 45.61), 4326)::geography, false, false,
                'citizen', $3, now(), now() + interval '7 days', 0, 0, 1, now(), lower($2), $3)
        """;

    /// <summary>Rows one filing's commit writes besides its deadlines: record, summary, activity, audit.</summary>
    private const int RowsBesideDeadlines = 4;

    public static async Task<RawResult> RunAsync(string connectionString, int callers, TimeSpan duration, ProgressTask caseStoreProgress,
        ProgressTask unbatchedProgress, CancellationToken cancel)
    {
        var scratch = ScratchDatabase(connectionString);
        await DropAsync(scratch, cancel);
        await SchemaMigrator.EnsureDatabaseExistsAsync(scratch, cancel);
        try
        {
            await new SchemaMigrator(scratch).MigrateAsync(cancel);
            var caseStore = await CaseStoreAsync(scratch, callers, duration, caseStoreProgress, cancel);
            var unbatched = await UnbatchedAsync(scratch, callers, duration, unbatchedProgress, cancel);
            return new RawResult(new NpgsqlConnectionStringBuilder(scratch).Database!, caseStore, unbatched);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await DropAsync(scratch, CancellationToken.None);
        }
    }

    /// <summary>The baseline's own database beside the host's: its name with <c>_raw</c> appended (ops/bench.sh drops it too).</summary>
    public static string ScratchDatabase(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var name = builder.Database is { Length: > 0 } db ? db : throw new ArgumentException("--pg names no database (Database=...).");
        builder.Database = (name.Length > 59 ? name[..59] : name) + "_raw";
        return builder.ConnectionString;
    }

    private static async Task DropAsync(string scratch, CancellationToken cancel)
    {
        var builder = new NpgsqlConnectionStringBuilder(scratch);
        var name = builder.Database!;
        builder.Database = "postgres";
        builder.Pooling = false;
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(cancel);
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync(cancel);
    }

    private static async Task<CaseStoreBaseline> CaseStoreAsync(string scratch, int callers, TimeSpan duration, ProgressTask progress, CancellationToken cancel)
    {
        var options = HostCaseStore.Options();
        var poolSize = HostCaseStore.PoolSize();
        var builder = new NpgsqlConnectionStringBuilder(scratch) { MaxPoolSize = poolSize };
        await using var source = NpgsqlDataSource.Create(builder.ConnectionString);
        // Keyed audit records, as the host writes them (a key of this run alone: nobody verifies a scratch database).
        await using var store = new PostgresCaseStore(source, options, AuditKeyRing.Ephemeral());
        var filings = new Filings();

        // A short warm-up (not recorded): the first connections, the statements' first plans, the JIT.
        var warmup = TimeSpan.FromSeconds(Math.Min(2, duration.TotalSeconds / 4));
        await ClosedLoopAsync(store, filings, callers, warmup, null, null, null, cancel);

        progress.MaxValue = duration.TotalSeconds;
        var latency = new Latency();
        var errors = new Errors();
        var (batches0, changes0) = store.Committed;
        var (appeals, elapsed) = await ClosedLoopAsync(store, filings, callers, duration, latency, errors, progress, cancel);
        var (batches1, changes1) = store.Committed;
        var batches = batches1 - batches0;
        var changes = changes1 - changes0;
        progress.Value = progress.MaxValue;
        var rowsPerAppeal = RowsBesideDeadlines + filings.DeadlinesPerFiling;
        return new CaseStoreBaseline(callers, duration.TotalSeconds, appeals, Math.Round(appeals / elapsed, 1),
            Math.Round(rowsPerAppeal * appeals / elapsed, 1), latency.Summary(), batches, changes,
            batches > 0 ? Math.Round((double)changes / batches, 2) : 0, options.MaxBatch, options.Linger.TotalMilliseconds, options.Writers, poolSize,
            Filings.StateBytes, filings.DeadlinesPerFiling, rowsPerAppeal, errors.Snapshot());
    }

    private static async Task<(long Appeals, double Seconds)> ClosedLoopAsync(PostgresCaseStore store, Filings filings, int callers, TimeSpan duration,
        Latency? latency, Errors? errors, ProgressTask? progress, CancellationToken cancel)
    {
        long appeals = 0;
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var workers = Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
        {
            while (Stopwatch.GetTimestamp() < end && !cancel.IsCancellationRequested)
            {
                var commit = filings.Next();
                var t0 = Stopwatch.GetTimestamp();
                try
                {
                    await store.CommitAsync(commit, cancel);
                    latency?.RecordSince(t0, Stopwatch.GetTimestamp());
                    Interlocked.Increment(ref appeals);
                }
                catch (Exception e) when (e is CaseStoreUnavailableException or CaseStoreConflictException or ArgumentException)
                {
                    errors?.Add(e.GetType().Name + (e.InnerException is PostgresException p ? " " + p.SqlState : ""));
                }
            }
        }, cancel)).ToList();

        if (progress is not null)
        {
            await Waiting.WorkersAsync(workers, progress, start, duration.TotalSeconds, cancel);
        }
        else
        {
            await Task.WhenAll(workers);
        }

        return (Interlocked.Read(ref appeals), Stopwatch.GetElapsedTime(start).TotalSeconds);
    }

    private static async Task<UnbatchedBaseline> UnbatchedAsync(string scratch, int connections, TimeSpan duration, ProgressTask progress, CancellationToken cancel)
    {
        progress.MaxValue = duration.TotalSeconds;
        var latency = new Latency();
        var errors = new Errors();
        long appeals = 0;
        var builder = new NpgsqlConnectionStringBuilder(scratch) { MaxPoolSize = Math.Max(100, connections + 10) };
        await using var source = NpgsqlDataSource.Create(builder.ConnectionString);
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var workers = Enumerable.Range(0, connections).Select(w => Task.Run(async () =>
        {
            await using var connection = await source.OpenConnectionAsync(cancel);
            var payload = new byte[2048];
            var n = 0L;
            while (Stopwatch.GetTimestamp() < end && !cancel.IsCancellationRequested)
            {
                Random.Shared.NextBytes(payload);
                var t0 = Stopwatch.GetTimestamp();
                try
                {
                    await using (var state = new NpgsqlCommand(GrainState, connection))
                    {
                        state.Parameters.Add(new NpgsqlParameter { Value = Random.Shared.Next() });
                        state.Parameters.Add(new NpgsqlParameter { Value = Random.Shared.NextInt64() });
                        state.Parameters.Add(new NpgsqlParameter { Value = Random.Shared.NextInt64() });
                        state.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bytea, Value = payload });
                        await state.ExecuteNonQueryAsync(cancel);
                    }

                    await using (var row = new NpgsqlCommand(ReadModel, connection))
                    {
                        row.Parameters.Add(new NpgsqlParameter { Value = Guid.NewGuid() });
                        row.Parameters.Add(new NpgsqlParameter { Value = $"RAW-{w}-{n++}" });
                        row.Parameters.Add(new NpgsqlParameter { Value = "基准测试 raw PostgreSQL row: 垃圾未清运" });
                        await row.ExecuteNonQueryAsync(cancel);
                    }

                    latency.RecordSince(t0, Stopwatch.GetTimestamp());
                    Interlocked.Increment(ref appeals);
                }
                catch (NpgsqlException e)
                {
                    errors.Add(e.GetType().Name + (e is PostgresException p ? " " + p.SqlState : ""));
                }
            }
        }, cancel)).ToList();

        await Waiting.WorkersAsync(workers, progress, start, duration.TotalSeconds, cancel);
        var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
        progress.Value = progress.MaxValue;
        return new UnbatchedBaseline(connections, duration.TotalSeconds, appeals, Math.Round(appeals / elapsed, 1),
            Math.Round(2 * appeals / elapsed, 1), latency.Summary(), errors.Snapshot());
    }

    /// <summary>The server version and the settings that decide what a commit costs.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> SettingsAsync(string connectionString, CancellationToken cancel)
    {
        await using var source = NpgsqlDataSource.Create(connectionString);
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in new[] { "server_version", "synchronous_commit", "fsync", "wal_sync_method", "shared_buffers", "max_connections" })
        {
            await using var command = source.CreateCommand($"SHOW {name}");
            result[name] = (string?)await command.ExecuteScalarAsync(cancel) ?? "";
        }

        return result;
    }

    /// <summary>
    /// What the host's case store runs with: <c>Hanan:CaseStore</c> and <c>Hanan:Storage:CaseStorePoolSize</c> as the
    /// environment sets them for the host (ops/bench.sh exports the host's settings before this runs), else the defaults
    /// (the host's appsettings set neither).
    /// </summary>
    private static class HostCaseStore
    {
        public static CaseStoreOptions Options()
        {
            var options = new CaseStoreOptions();
            if (Env("Hanan__CaseStore__MaxBatch") is { } maxBatch)
            {
                options.MaxBatch = int.Parse(maxBatch, CultureInfo.InvariantCulture);
            }

            if (Env("Hanan__CaseStore__Linger") is { } linger)
            {
                options.Linger = TimeSpan.Parse(linger, CultureInfo.InvariantCulture);
            }

            if (Env("Hanan__CaseStore__Writers") is { } writers)
            {
                options.Writers = int.Parse(writers, CultureInfo.InvariantCulture);
            }

            return options.Problem() is { } problem ? throw new ArgumentException(problem) : options;
        }

        /// <summary>The host's default cap of the case store's pool (StorageOptions.CaseStorePoolSize).</summary>
        public static int PoolSize() =>
            Env("Hanan__Storage__CaseStorePoolSize") is { } size ? int.Parse(size, CultureInfo.InvariantCulture) : 16;

        private static string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
    }

    /// <summary>Commits like the case grain's when an appeal is filed: a new case at version 1 of a sanitation appeal.</summary>
    private sealed class Filings
    {
        private const string Category = "sanitation";
        private const string Bureau = "urban-management";
        private static readonly TimeLimit ClaimLimit = TimeLimit.Parse("2wh");
        private static readonly TimeLimit ResolveLimit = TimeLimit.Parse("7wd");
        private static readonly Actor Citizen = new("unauthenticated", "citizen");
        private readonly WorkingCalendar _calendar = WorkingCalendar.FromEmbeddedData(provisionalYears: 1);
        private long _sequence;

        /// <summary>The size of the serialized case state stored per filing (random bytes: the store does not read it).</summary>
        public const int StateBytes = 2048;

        /// <summary>Pending deadlines of a freshly filed sanitation case (the next escalation step, the lead bureau's claim).</summary>
        public int DeadlinesPerFiling { get; private set; }

        public CaseCommit Next()
        {
            var id = Guid.NewGuid();
            var now = DateTimeOffset.UtcNow;
            var n = Interlocked.Increment(ref _sequence);
            var number = new CaseNumber(now.Year, n).ToString();
            var file = CaseFile.Open(id, number, Category, Bureau, [], false, now, ClaimLimit, ResolveLimit, _calendar);
            var description = $"基准测试 bench appeal {n}: 垃圾未清运";
            var summary = new CaseSummary(
                id, number, file.Version, CaseStatus.Dispatched, Category, Bureau,
                [new AssignmentSummary(Bureau, AssignmentRole.Lead, AssignmentStatus.Open, null, null, file.Lead.ClaimDue, null)],
                "230108001001001", "230108001001", "230108001", 45.61, 126.63, false, false, "citizen", description, now,
                file.ResolveSchedule.Due, null, null, null, 0, 0, 1, null, now, file.ResolveSchedule.Warning);
            var state = new byte[StateBytes];
            Random.Shared.NextBytes(state);
            var deadlines = file.PendingDeadlines;
            DeadlinesPerFiling = deadlines.Count;
            return new CaseCommit(id, 1, state, summary, deadlines,
                [new CaseActivity(id, number, file.Version, "filed", "市民上报，已派发至城市管理局（环境卫生）", now, Citizen, summary)],
                [new AuditEntry(now, Citizen.Id, Citizen.Role, "case.filed", number, "case", AuditOutcome.Success)]);
        }
    }
}

/// <summary>The raw PostgreSQL baselines, both run on <see cref="Database"/> (created and dropped by the run).</summary>
public sealed record RawResult(string Database, CaseStoreBaseline CaseStore, UnbatchedBaseline Unbatched);

/// <summary>
/// Filings committed through the host's case store with its group commit: appeal-equivalents per second, rows per
/// second (<see cref="RowsPerAppeal"/> each), commit latency, and the transactions (batches) they went in.
/// </summary>
public sealed record CaseStoreBaseline(
    int Callers,
    double Seconds,
    long Appeals,
    double AppealsPerSecond,
    double RowsPerSecond,
    Percentiles AppealMs,
    long Batches,
    long BatchedChanges,
    double MeanBatch,
    int MaxBatch,
    double LingerMs,
    int Writers,
    int PoolSize,
    int StateBytes,
    int DeadlinesPerAppeal,
    int RowsPerAppeal,
    IReadOnlyDictionary<string, long> Errors);

/// <summary>The baseline of earlier sessions: appeal-equivalents of two single-row commits each.</summary>
public sealed record UnbatchedBaseline(
    int Connections,
    double Seconds,
    long Appeals,
    double AppealsPerSecond,
    double RowsPerSecond,
    Percentiles AppealMs,
    IReadOnlyDictionary<string, long> Errors);
