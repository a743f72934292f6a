using Hanan.Ops.Domain.Audit;
using Hanan.Ops.Storage.Audit;
using Npgsql;

namespace Hanan.Ops.Storage.Tests.Audit;

/// <summary>
/// The audit store on a real PostgreSQL: the contract, the append-only table, and tampering by a superuser (who can
/// switch the trigger off) caught by verification, which names the record.
/// </summary>
public sealed class PostgresAuditStoreTests(MigratedDatabase database) : AuditStoreContract, IClassFixture<MigratedDatabase>
{
    /// <summary>As a superuser with triggers off (session_replication_role = replica): what an attacker with the database's keys can do.</summary>
    private Task AsSuperuserBypassingTriggers(string sql) =>
        Sql.ExecuteAsync(database.ConnectionString, "SET session_replication_role = replica; " + sql + "; SET session_replication_role = origin;");

    protected override async Task<IAuditStore> CreateEmptyAsync()
    {
        await AsSuperuserBypassingTriggers("TRUNCATE audit_log");
        return new PostgresAuditStore(database.ConnectionString);
    }

    private async Task WriteAsync(int count)
    {
        for (var i = 1; i <= count; i++)
        {
            await Store.AppendAsync(Entry(i));
        }
    }

    [Theory]
    [InlineData("UPDATE audit_log SET actor = 'someone-else' WHERE sequence = 2")]
    [InlineData("DELETE FROM audit_log WHERE sequence = 2")]
    [InlineData("TRUNCATE audit_log")]
    public async Task The_table_refuses_to_change_or_lose_a_record_even_for_its_owner(string sql)
    {
        await WriteAsync(3);

        var change = () => Sql.ExecuteAsync(database.ConnectionString, sql);

        (await change.Should().ThrowAsync<PostgresException>()).Which.SqlState.Should().Be(PostgresErrorCodes.InsufficientPrivilege);
        (await Store.ReadAsync(0, 10)).Should().HaveCount(3);
    }

    [Fact]
    public async Task A_recent_record_cannot_be_purged_even_behind_a_checkpoint()
    {
        await WriteAsync(3);
        var third = (await Store.ReadAsync(2, 1))[0];
        await Store.AppendAsync(AuditChain.Checkpoint(ChainHead.Of(third), Now, "an early purge"));

        var purge = () => Sql.ExecuteAsync(database.ConnectionString, "DELETE FROM audit_log WHERE sequence <= 3");

        (await purge.Should().ThrowAsync<PostgresException>("the table keeps six months whatever the application asks"))
            .Which.SqlState.Should().Be(PostgresErrorCodes.InsufficientPrivilege);
    }

    [Fact]
    public async Task A_record_altered_in_the_database_is_named()
    {
        await WriteAsync(6);

        await AsSuperuserBypassingTriggers("UPDATE audit_log SET outcome = 'Denied' WHERE sequence = 3");
        var verification = await Store.VerifyAsync();

        verification.IsIntact.Should().BeFalse();
        verification.BrokenAt.Should().Be(3);
        verification.Break.Should().Be(AuditBreak.Altered);
    }

    [Fact]
    public async Task A_record_deleted_from_the_database_is_named()
    {
        await WriteAsync(6);

        await AsSuperuserBypassingTriggers("DELETE FROM audit_log WHERE sequence = 4");
        var verification = await Store.VerifyAsync();

        verification.BrokenAt.Should().Be(4);
        verification.Break.Should().Be(AuditBreak.Missing);
    }

    [Fact]
    public async Task Two_records_swapped_in_the_database_are_named()
    {
        await WriteAsync(6);

        await AsSuperuserBypassingTriggers(
            "UPDATE audit_log SET sequence = -5 WHERE sequence = 5; UPDATE audit_log SET sequence = 5 WHERE sequence = 6; UPDATE audit_log SET sequence = 6 WHERE sequence = -5");
        var verification = await Store.VerifyAsync();

        verification.BrokenAt.Should().Be(5);
        verification.Break.Should().Be(AuditBreak.Reordered);
    }

    [Fact]
    public async Task The_newest_record_cannot_be_replaced_unnoticed_once_another_follows()
    {
        await WriteAsync(4);

        // Rewrites record 2 with a matching hash, as someone who knows the hashing would.
        var second = (await Store.ReadAsync(1, 1))[0];
        var forged = second with { Entry = second.Entry with { Actor = "nobody" } };
        var hash = AuditChain.HashOf(forged);
        await AsSuperuserBypassingTriggers($"UPDATE audit_log SET actor = 'nobody', hash = '{hash}' WHERE sequence = 2");
        var verification = await Store.VerifyAsync();

        verification.BrokenAt.Should().Be(2);
        verification.Break.Should().Be(AuditBreak.Altered);
    }
}

/// <summary>The command the CLI wires as <c>hanan audit verify</c>.</summary>
public sealed class AuditVerifyCommandTests
{
    [Fact]
    public async Task The_command_says_intact_or_names_the_broken_record_with_its_exit_code()
    {
        await using var db = await TestDatabase.CreateAsync();
        await new Hanan.Ops.Storage.Schema.SchemaMigrator(db.ConnectionString).MigrateAsync();
        await using (var store = new PostgresAuditStore(db.ConnectionString))
        {
            for (var i = 0; i < 3; i++)
            {
                await store.AppendAsync(new AuditEntry(DateTimeOffset.UnixEpoch.AddDays(20000 + i), "auditor-1", "auditor", "audit.verify", null, null, AuditOutcome.Success));
            }
        }

        using var intact = new StringWriter();
        (await AuditVerifyCommand.RunAsync(db.ConnectionString, intact)).Should().Be(AuditVerifyCommand.Intact);
        intact.ToString().Should().StartWith("audit log intact: 3 records");

        await Sql.ExecuteAsync(db.ConnectionString, "SET session_replication_role = replica; UPDATE audit_log SET role = 'administrator' WHERE sequence = 2");
        using var broken = new StringWriter();
        (await AuditVerifyCommand.RunAsync(db.ConnectionString, broken)).Should().Be(AuditVerifyCommand.Broken);
        broken.ToString().Should().StartWith("audit log BROKEN at record 2 (Altered)");
    }
}
