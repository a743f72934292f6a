using Npgsql;

namespace Hanan.Ops.Storage.Tests;

public sealed class TestDatabaseTests
{
    [Fact]
    public async Task Each_test_database_is_new_and_empty()
    {
        await using var first = await TestDatabase.CreateAsync();
        await using var second = await TestDatabase.CreateAsync();

        first.Name.Should().NotBe(second.Name);
        (await Sql.ScalarAsync<string>(first.ConnectionString, "SELECT current_database()")).Should().Be(first.Name);
        (await Sql.ScalarAsync<long>(first.ConnectionString, "SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace"))
            .Should().Be(0);
    }

    [Fact]
    public async Task Disposing_drops_the_database_even_while_a_connection_is_open()
    {
        var db = await TestDatabase.CreateAsync();
        await using var open = new NpgsqlConnection(db.ConnectionString);
        await open.OpenAsync();

        await db.DisposeAsync();

        (await Sql.ScalarAsync<bool>(
                TestDatabase.ServerConnectionString,
                $"SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = '{db.Name}')"))
            .Should().BeFalse();
    }
}
