using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;
using Spectre.Console;

namespace Hanan.Ops.Bench;

/// <summary>
/// The PostgreSQL ceiling for one appeal's writes, without the host: per appeal, one ~2 KB grain-state row into
/// <c>orleans_grain_state</c> and one read-model row into <c>case_summary</c> (same schema and indexes as the host),
/// each its own committed single-row INSERT, from N concurrent connections.
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

    public static async Task<RawResult> RunAsync(string connectionString, int connections, TimeSpan duration, ProgressTask progress, CancellationToken cancel)
    {
        progress.MaxValue = duration.TotalSeconds;
        var latency = new Latency();
        var errors = new Errors();
        long appeals = 0;
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = Math.Max(100, connections + 10) };
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

        // The host starts on this database next: leave nothing of the baseline behind for it to read.
        await using (var cleanup = source.CreateCommand(
            "DELETE FROM case_summary WHERE number LIKE 'RAW-%'; DELETE FROM orleans_grain_state WHERE service_id = 'bench-raw'"))
        {
            await cleanup.ExecuteNonQueryAsync(cancel);
        }

        foreach (var table in new[] { "case_summary", "orleans_grain_state" })
        {
            await using var vacuum = source.CreateCommand($"VACUUM ANALYZE {table}");
            await vacuum.ExecuteNonQueryAsync(cancel);
        }

        progress.Value = progress.MaxValue;
        return new RawResult(connections, duration.TotalSeconds, appeals, Math.Round(appeals / elapsed, 1),
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
}

/// <summary>Raw PostgreSQL figures: appeal-equivalents (two committed rows each) per second.</summary>
public sealed record RawResult(
    int Connections,
    double Seconds,
    long Appeals,
    double AppealsPerSecond,
    double RowsPerSecond,
    Percentiles AppealMs,
    IReadOnlyDictionary<string, long> Errors);
