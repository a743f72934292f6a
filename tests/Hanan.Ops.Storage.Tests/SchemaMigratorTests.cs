using Hanan.Ops.Storage.Schema;
using Npgsql;

namespace Hanan.Ops.Storage.Tests;

public sealed class SchemaMigratorTests
{
    private static readonly int[] AllVersions = [.. MigrationScript.Embedded.Select(s => s.Version)];

    [Fact]
    public void The_embedded_scripts_are_numbered_without_gaps_within_each_block_of_ten()
    {
        // 0001-0009 is the foundation; each capability owns a block of ten and numbers it from its start: 0010 the unified
        // grid, 0020 base data, 0030 cameras, 0040 the audit log.
        foreach (var block in AllVersions.GroupBy(v => v / 10))
        {
            block.Should().Equal(Enumerable.Range(block.Key == 0 ? 1 : block.Key * 10, block.Count()), $"block {block.Key * 10:D4} has no gaps");
        }

        MigrationScript.Embedded.Select(s => s.Name).Should().StartWith(
            ["extensions", "orleans_clustering", "orleans_persistence", "orleans_reminders", "case_read_model"]);
    }

    [Fact]
    public async Task Migrating_an_empty_database_applies_every_script_in_order_and_records_it()
    {
        await using var db = await TestDatabase.CreateAsync();

        var report = await new SchemaMigrator(db.ConnectionString).MigrateAsync();

        report.Applied.Should().Equal(AllVersions);
        report.Skipped.Should().BeEmpty();
        var journal = await Sql.ListAsync(
            db.ConnectionString,
            "SELECT version, name, checksum FROM schema_migrations ORDER BY version",
            r => (r.GetInt32(0), r.GetString(1), r.GetString(2)));
        journal.Should().Equal(MigrationScript.Embedded.Select(s => (s.Version, s.Name, s.Checksum)));
        (await Sql.ScalarAsync<bool>(db.ConnectionString, "SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'postgis')"))
            .Should().BeTrue();
    }

    [Fact]
    public async Task Applying_the_migrations_twice_changes_nothing()
    {
        await using var db = await TestDatabase.CreateAsync();
        var migrator = new SchemaMigrator(db.ConnectionString);
        await migrator.MigrateAsync();
        var before = await Sql.CatalogueAsync(db.ConnectionString);

        var second = await migrator.MigrateAsync();

        second.Applied.Should().BeEmpty();
        second.Skipped.Should().Equal(AllVersions);
        (await Sql.CatalogueAsync(db.ConnectionString)).Should().Equal(before);
        before.Should().Contain(line => line.StartsWith("query WriteToStorageKey ", StringComparison.Ordinal))
            .And.Contain(line => line.StartsWith("function ", StringComparison.Ordinal) && line.Contains("orleans_grain_state_write", StringComparison.Ordinal))
            .And.Contain(line => line.StartsWith("relation ", StringComparison.Ordinal) && line.EndsWith(" case_summary r", StringComparison.Ordinal))
            .And.Contain(line => line.StartsWith("index case_summary_search ", StringComparison.Ordinal) && line.Contains("gin_trgm_ops", StringComparison.Ordinal))
            .And.Contain(line => line.StartsWith("extension pg_trgm ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Running_every_script_again_outside_the_journal_changes_nothing()
    {
        await using var db = await TestDatabase.CreateAsync();
        await new SchemaMigrator(db.ConnectionString).MigrateAsync();
        var before = await Sql.CatalogueAsync(db.ConnectionString);

        foreach (var script in MigrationScript.Embedded)
        {
            await Sql.ExecuteAsync(db.ConnectionString, script.Sql);
        }

        (await Sql.CatalogueAsync(db.ConnectionString)).Should().Equal(before);
    }

    [Fact]
    public async Task A_script_edited_after_it_was_applied_stops_the_run_before_anything_is_applied()
    {
        await using var db = await TestDatabase.CreateAsync();
        var scripts = MigrationScript.Embedded;
        await new SchemaMigrator(db.ConnectionString, scripts.Take(2).ToList(), logger: null).MigrateAsync();
        var edited = scripts[1] with { Sql = scripts[1].Sql + "\n-- an afterthought\n" };

        var run = () => new SchemaMigrator(db.ConnectionString, [scripts[0], edited, .. scripts.Skip(2)], logger: null).MigrateAsync();

        (await run.Should().ThrowAsync<InvalidOperationException>())
            .WithMessage($"*0002_orleans_clustering (applied with checksum {scripts[1].Checksum}, embedded script now has {edited.Checksum})*new script*");
        (await Sql.ScalarAsync<long>(db.ConnectionString, "SELECT count(*) FROM schema_migrations")).Should().Be(2);
        (await Sql.ScalarAsync<bool>(db.ConnectionString, "SELECT to_regclass('orleans_grain_state') IS NULL")).Should().BeTrue();
    }

    [Fact]
    public async Task A_failing_script_leaves_no_trace_and_the_next_run_carries_on()
    {
        await using var db = await TestDatabase.CreateAsync();
        var scripts = MigrationScript.Embedded;
        var broken = new MigrationScript(2, "broken", "CREATE TABLE half_done (id integer);\nSELECT 1 / 0;\n");

        var run = () => new SchemaMigrator(db.ConnectionString, [scripts[0], broken], logger: null).MigrateAsync();

        (await run.Should().ThrowAsync<PostgresException>()).Which.SqlState.Should().Be(PostgresErrorCodes.DivisionByZero);
        (await Sql.ScalarAsync<bool>(db.ConnectionString, "SELECT to_regclass('half_done') IS NULL")).Should().BeTrue();
        var journal = await Sql.ListAsync(db.ConnectionString, "SELECT version FROM schema_migrations", r => r.GetInt32(0));
        journal.Should().Equal(1);

        var next = await new SchemaMigrator(db.ConnectionString).MigrateAsync();
        next.Skipped.Should().Equal(1);
        next.Applied.Should().Equal(AllVersions.Skip(1));
    }

    [Fact]
    public async Task Silos_migrating_at_the_same_time_apply_each_script_exactly_once()
    {
        await using var db = await TestDatabase.CreateAsync();

        var reports = await Task.WhenAll(Enumerable.Range(0, 4)
            .Select(_ => Task.Run(() => new SchemaMigrator(db.ConnectionString).MigrateAsync())));

        reports.SelectMany(r => r.Applied).Should().BeEquivalentTo(AllVersions);
        reports.Should().AllSatisfy(r => r.Applied.Concat(r.Skipped).Should().BeEquivalentTo(AllVersions));
        (await Sql.ScalarAsync<long>(db.ConnectionString, "SELECT count(*) FROM schema_migrations")).Should().Be(AllVersions.Length);
    }

    [Fact]
    public async Task EnsureDatabaseExistsAsync_creates_a_database_whose_name_needs_quoting_and_accepts_an_existing_one()
    {
        var name = $"Hanan \"Ops\" {Guid.NewGuid():N}";
        var connectionString = new NpgsqlConnectionStringBuilder(TestDatabase.ServerConnectionString) { Database = name }.ConnectionString;
        try
        {
            await SchemaMigrator.EnsureDatabaseExistsAsync(connectionString, CancellationToken.None);
            await SchemaMigrator.EnsureDatabaseExistsAsync(connectionString, CancellationToken.None);

            (await Sql.ScalarAsync<string>(connectionString, "SELECT current_database()")).Should().Be(name);
        }
        finally
        {
            await using (var pooled = new NpgsqlConnection(connectionString))
            {
                NpgsqlConnection.ClearPool(pooled);
            }

            await Sql.ExecuteAsync(
                TestDatabase.ServerConnectionString,
                $"DROP DATABASE IF EXISTS {SchemaMigrator.QuoteIdentifier(name)} WITH (FORCE)");
        }
    }

    [Fact]
    public async Task EnsureDatabaseExistsAsync_refuses_a_name_postgres_would_truncate()
    {
        var connectionString = new NpgsqlConnectionStringBuilder(TestDatabase.ServerConnectionString) { Database = new string('d', 64) }.ConnectionString;

        var create = () => SchemaMigrator.EnsureDatabaseExistsAsync(connectionString, CancellationToken.None);

        await create.Should().ThrowAsync<ArgumentException>().WithMessage("*63-byte*");
    }
}
