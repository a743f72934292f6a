using Hanan.Ops.Storage.Schema;
using Npgsql;

namespace Hanan.Ops.Storage.Tests;

/// <summary>
/// A fresh, uniquely named PostgreSQL database, dropped (WITH (FORCE)) on dispose. The server is the
/// one in the <c>HANAN_TEST_PG</c> environment variable, an admin connection string; unset, it is
/// <c>Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres</c>. The database starts empty:
/// run <see cref="SchemaMigrator"/> on it for the project's schema.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    /// <summary>Environment variable holding the admin connection string of the test server.</summary>
    public const string ServerVariable = "HANAN_TEST_PG";

    private const string DefaultServer = "Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres";

    private TestDatabase(string name, string connectionString)
    {
        Name = name;
        ConnectionString = connectionString;
    }

    /// <summary>Admin connection string of the test server (without a database of ours).</summary>
    public static string ServerConnectionString { get; } =
        Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } configured ? configured : DefaultServer;

    /// <summary>The database name, <c>hanan_test_</c> followed by a GUID.</summary>
    public string Name { get; }

    /// <summary>Connection string of this database, with the server's credentials.</summary>
    public string ConnectionString { get; }

    /// <summary>Creates a new empty database on the test server.</summary>
    /// <exception cref="InvalidOperationException">The server cannot be reached or refuses us.</exception>
    public static async Task<TestDatabase> CreateAsync()
    {
        var name = $"hanan_test_{Guid.NewGuid():N}";
        var connectionString = new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name }.ConnectionString;
        try
        {
            await SchemaMigrator.EnsureDatabaseExistsAsync(connectionString, CancellationToken.None);
        }
        catch (NpgsqlException e)
        {
            var server = new NpgsqlConnectionStringBuilder(ServerConnectionString);
            throw new InvalidOperationException(
                $"Cannot create a test database on PostgreSQL at {server.Host}:{server.Port}: {e.Message} "
                + $"Start the test server with ops/test.sh, or set {ServerVariable} to the admin connection string of a running server.",
                e);
        }

        return new TestDatabase(name, connectionString);
    }

    /// <summary>A database someone else created on the test server (a restore, say), to be dropped like ours.</summary>
    public static TestDatabase Adopt(string name) =>
        new(name, new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name }.ConnectionString);

    /// <summary>Drops the database, closing any connection still open on it.</summary>
    public async ValueTask DisposeAsync()
    {
        await using (var pooled = new NpgsqlConnection(ConnectionString))
        {
            NpgsqlConnection.ClearPool(pooled);
        }

        var admin = new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = "postgres" };
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand(
            $"DROP DATABASE IF EXISTS {SchemaMigrator.QuoteIdentifier(Name)} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
