using System.Data;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Hanan.Ops.Storage.Schema;

/// <summary>
/// Applies the embedded schema scripts (<c>Schema/NNNN_name.sql</c>) that a database has not seen yet,
/// in version order, each in its own transaction, and records them in <c>schema_migrations</c>.
/// </summary>
/// <remarks>
/// Safe to run from every silo at start-up: a session advisory lock makes concurrent runs wait for
/// each other, and a run finding everything applied changes nothing. A recorded script whose
/// checksum no longer matches the embedded one stops the run before anything is applied: applied
/// scripts are history and must not be edited; add a new script instead.
/// </remarks>
public sealed partial class SchemaMigrator
{
    /// <summary>Advisory lock key of schema migrations ("HananOps" in ASCII).</summary>
    private const long AdvisoryLockKey = 0x48616E616E4F7073;

    private const string MaintenanceDatabase = "postgres";

    // PostgreSQL truncates longer identifiers (NAMEDATALEN - 1).
    private const int MaxIdentifierBytes = 63;

    private readonly string connectionString;
    private readonly IReadOnlyList<MigrationScript> scripts;
    private readonly ILogger logger;

    /// <summary>Creates a migrator for the database named in <paramref name="connectionString"/>.</summary>
    public SchemaMigrator(string connectionString, ILogger<SchemaMigrator>? logger = null)
        : this(connectionString, MigrationScript.Embedded, logger)
    {
    }

    internal SchemaMigrator(string connectionString, IReadOnlyList<MigrationScript> scripts, ILogger<SchemaMigrator>? logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        this.connectionString = connectionString;
        this.scripts = scripts;
        this.logger = logger ?? NullLogger<SchemaMigrator>.Instance;
    }

    /// <summary>Brings the database schema up to the newest embedded script.</summary>
    /// <exception cref="InvalidOperationException">An applied script was edited afterwards.</exception>
    public async Task<MigrationReport> MigrateAsync(CancellationToken ct = default)
    {
        // Unpooled: a migration runs once, and a pooled connection would linger idle outside the host's connection budget.
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(ct);

        await ExecuteAsync(connection, "SELECT pg_advisory_lock(@key)", ct, ("key", AdvisoryLockKey));
        try
        {
            await ExecuteAsync(connection, """
                CREATE TABLE IF NOT EXISTS schema_migrations
                (
                    version    integer     PRIMARY KEY,
                    name       text        NOT NULL,
                    checksum   text        NOT NULL,
                    applied_at timestamptz NOT NULL
                )
                """, ct);

            var recorded = await ReadRecordedChecksumsAsync(connection, ct);
            EnsureUnchanged(recorded);

            var applied = new List<int>();
            var skipped = new List<int>();
            foreach (var script in scripts)
            {
                if (recorded.ContainsKey(script.Version))
                {
                    skipped.Add(script.Version);
                    continue;
                }

                await ApplyAsync(connection, script, ct);
                applied.Add(script.Version);
            }

            if (applied.Count > 0)
            {
                // Scripts may create types (extensions such as PostGIS); let Npgsql see them.
                await connection.ReloadTypesAsync(ct);
            }

            LogFinished(logger, applied, skipped);
            return new MigrationReport(applied, skipped);
        }
        finally
        {
            // A broken connection has lost its session and with it the lock.
            if (connection.FullState == ConnectionState.Open)
            {
                await ExecuteAsync(connection, "SELECT pg_advisory_unlock(@key)", CancellationToken.None, ("key", AdvisoryLockKey));
            }
        }
    }

    /// <summary>
    /// Creates the database named in <paramref name="connectionString"/> if it does not exist, connecting
    /// with the same credentials to the <c>postgres</c> maintenance database.
    /// </summary>
    public static async Task EnsureDatabaseExistsAsync(string connectionString, CancellationToken ct)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        var database = target.Database;
        if (string.IsNullOrWhiteSpace(database))
        {
            throw new ArgumentException("The connection string names no database (Database=...).", nameof(connectionString));
        }

        if (Encoding.UTF8.GetByteCount(database) > MaxIdentifierBytes)
        {
            throw new ArgumentException(
                $"Database name '{database}' is longer than PostgreSQL's {MaxIdentifierBytes}-byte identifier limit.",
                nameof(connectionString));
        }

        var maintenance = new NpgsqlConnectionStringBuilder(connectionString) { Database = MaintenanceDatabase, Pooling = false };
        await using var connection = new NpgsqlConnection(maintenance.ConnectionString);
        await connection.OpenAsync(ct);

        await using (var exists = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = @name)", connection))
        {
            exists.Parameters.AddWithValue("name", database);
            if (await exists.ExecuteScalarAsync(ct) is true)
            {
                return;
            }
        }

        try
        {
            // CREATE DATABASE takes no parameters: the name goes in as a quoted identifier.
            await ExecuteAsync(connection, $"CREATE DATABASE {QuoteIdentifier(database)}", ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase)
        {
            // Another process created it between our check and our CREATE: that is what we wanted.
        }
    }

    /// <summary>Quotes an identifier for PostgreSQL: wrapped in double quotes, inner quotes doubled.</summary>
    internal static string QuoteIdentifier(string identifier)
    {
        if (identifier.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("A PostgreSQL identifier cannot contain a NUL character.", nameof(identifier));
        }

        return "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    private static async Task<Dictionary<int, string>> ReadRecordedChecksumsAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var recorded = new Dictionary<int, string>();
        await using var command = new NpgsqlCommand("SELECT version, checksum FROM schema_migrations", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            recorded.Add(reader.GetInt32(0), reader.GetString(1));
        }

        return recorded;
    }

    private void EnsureUnchanged(Dictionary<int, string> recorded)
    {
        var changed = scripts
            .Where(s => recorded.TryGetValue(s.Version, out var checksum) && checksum != s.Checksum)
            .Select(s => $"{s} (applied with checksum {recorded[s.Version]}, embedded script now has {s.Checksum})")
            .ToList();
        if (changed.Count > 0)
        {
            throw new InvalidOperationException(
                "Schema scripts were edited after they had been applied to this database: "
                + string.Join("; ", changed)
                + ". Applied scripts must stay as they were; restore them and put the change in a new script.");
        }
    }

    private async Task ApplyAsync(NpgsqlConnection connection, MigrationScript script, CancellationToken ct)
    {
        LogApplying(logger, script.Version, script.Name);
        await using var transaction = await connection.BeginTransactionAsync(ct);

        await using (var command = new NpgsqlCommand(script.Sql, connection, transaction))
        {
            // A schema change may rewrite large tables: no timeout, the caller's token decides.
            command.CommandTimeout = 0;
            await command.ExecuteNonQueryAsync(ct);
        }

        await using (var record = new NpgsqlCommand(
            "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (@version, @name, @checksum, now())",
            connection,
            transaction))
        {
            record.Parameters.AddWithValue("version", script.Version);
            record.Parameters.AddWithValue("name", script.Name);
            record.Parameters.AddWithValue("checksum", script.Checksum);
            await record.ExecuteNonQueryAsync(ct);
        }

        await transaction.CommitAsync(ct);
    }

    private static async Task ExecuteAsync(
        NpgsqlConnection connection, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync(ct);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applying schema script {Version:D4}_{Name}")]
    private static partial void LogApplying(ILogger logger, int version, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "Schema migration finished: applied {Applied}, already present {Skipped}")]
    private static partial void LogFinished(ILogger logger, IReadOnlyList<int> applied, IReadOnlyList<int> skipped);
}
