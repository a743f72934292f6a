using Hanan.Ops.Storage.Schema;

namespace Hanan.Ops.Storage.Tests;

/// <summary>xUnit class fixture: one test database with the full schema applied, shared by a test class.</summary>
public sealed class MigratedDatabase : IAsyncLifetime
{
    private TestDatabase? database;

    public string ConnectionString => (database ?? throw new InvalidOperationException("The fixture is not initialised.")).ConnectionString;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync();
        await new SchemaMigrator(database.ConnectionString).MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        if (database is not null)
        {
            await database.DisposeAsync();
        }
    }
}
