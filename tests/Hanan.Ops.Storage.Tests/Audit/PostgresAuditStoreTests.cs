using Hanan.Ops.Domain.Audit;
using Hanan.Ops.Storage.Audit;
using Hanan.Ops.Storage.Schema;
using Npgsql;

namespace Hanan.Ops.Storage.Tests.Audit;

/// <summary>The audit store on a real PostgreSQL: the contract and the append-only table.</summary>
public sealed class PostgresAuditStoreTests(MigratedDatabase database) : AuditStoreContract, IClassFixture<MigratedDatabase>
{
    /// <summary>As a superuser with triggers off (session_replication_role = replica): what an attacker with the database's keys can do.</summary>
    private Task AsSuperuserBypassingTriggers(string sql) =>
        Sql.ExecuteAsync(database.ConnectionString, "SET session_replication_role = replica; " + sql + "; SET session_replication_role = origin;");

    protected override async Task<IAuditStore> CreateEmptyAsync()
    {
        await AsSuperuserBypassingTriggers("TRUNCATE audit_log");
        return new PostgresAuditStore(database.ConnectionString, Keys);
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
    [InlineData("UPDATE audit_log SET key_id = NULL WHERE sequence = 2")]
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
    public async Task The_key_id_is_stored_with_each_record_and_the_key_nowhere_in_the_database()
    {
        await WriteAsync(3);

        var keyIds = await Sql.ListAsync(database.ConnectionString, "SELECT key_id FROM audit_log ORDER BY sequence", r => r.GetString(0));
        var secretAnywhere = await Sql.ScalarAsync<long>(database.ConnectionString,
            $"SELECT count(*) FROM audit_log a WHERE position('{TestAuditKeys.Secret}' IN a::text) > 0");

        keyIds.Should().Equal(TestAuditKeys.KeyId, TestAuditKeys.KeyId, TestAuditKeys.KeyId);
        secretAnywhere.Should().Be(0);
    }

    [Fact]
    public async Task Records_of_an_earlier_version_without_a_key_still_verify_and_the_keyed_records_continue_from_them()
    {
        // Written as versions before the key wrote them: unkeyed, plain SHA-256.
        var head = ChainHead.Empty;
        for (var i = 1; i <= 3; i++)
        {
            var v1 = AuditChain.AppendUnkeyed(head, Entry(i));
            await Sql.ExecuteAsync(database.ConnectionString, AuditRows.Insert(v1));
            head = ChainHead.Of(v1);
        }

        var keyed = await Store.AppendAsync(Entry(4));
        var verification = await Store.VerifyAsync(Keys);

        verification.IsIntact.Should().BeTrue(verification.Problem);
        verification.UnkeyedRecords.Should().Be(3);
        keyed.PreviousHash.Should().Be(head.Hash);
        keyed.KeyId.Should().Be(TestAuditKeys.KeyId);
    }
}

/// <summary>
/// An insider with the database (a superuser, or the audit table's owner) tampers with the log in each way the issue
/// names; the verifier, holding the audit key and reading the anchors, names what was done.
/// </summary>
public sealed class AuditTamperingTests(TamperDatabase database) : IClassFixture<TamperDatabase>, IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 9, 0, 0, TimeSpan.FromHours(8));

    private readonly string _anchors = Path.Combine(Directory.CreateTempSubdirectory("hanan-anchors-").FullName, "ops.anchors");

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Directory.Delete(Path.GetDirectoryName(_anchors)!, recursive: true);
        return Task.CompletedTask;
    }

    public static TheoryData<string> Insiders => [TamperDatabase.Superuser, TamperDatabase.Owner];

    /// <summary>Six keyed records, with an anchor of the head in the anchor file.</summary>
    private async Task<IReadOnlyList<AuditRecord>> WriteAnchoredLogAsync()
    {
        await database.EmptyAsync();
        await using var store = new PostgresAuditStore(database.ConnectionString, TestAuditKeys.Ring);
        for (var i = 1; i <= 6; i++)
        {
            await store.AppendAsync(new AuditEntry(Start.AddMinutes(i), $"officer-{i}", "officer", "case.view", $"case-{i}", "10.0.0.1", AuditOutcome.Success));
        }

        var records = await store.ReadAsync(0, 100);
        await AuditAnchorFile.AppendAsync(_anchors, "ops-1", AuditAnchors.Line(await store.HeadAsync(), Start.AddMinutes(10), "ops-1", TestAuditKeys.Ring.Current));
        return records;
    }

    private async Task<AuditVerification> VerifyAsync()
    {
        await using var store = new PostgresAuditStore(database.ConnectionString, TestAuditKeys.Ring);
        var verification = await store.VerifyAsync(TestAuditKeys.Ring, await AuditAnchorFile.ReadAsync(_anchors));
        return verification;
    }

    private static IEnumerable<(AuditBreak, long?)> Named(AuditVerification v) => v.Findings.Select(f => (f.Kind, f.Sequence));

    [Theory]
    [MemberData(nameof(Insiders))]
    public async Task An_untampered_log_verifies_against_its_anchor(string insider)
    {
        await WriteAnchoredLogAsync();
        await database.TamperAsync(insider, "SELECT 1");

        var verification = await VerifyAsync();

        verification.IsIntact.Should().BeTrue(verification.Problem);
        verification.AnchorsChecked.Should().Be(1);
    }

    [Theory]
    [MemberData(nameof(Insiders))]
    public async Task A_record_altered_and_every_plain_hash_recomputed_with_sql_is_named(string insider)
    {
        await WriteAnchoredLogAsync();

        await database.TamperAsync(insider, TamperDatabase.RehashFunctions
            + "UPDATE audit_log SET outcome = 'Denied' WHERE sequence = 3; SELECT pg_temp.rehash(3);");
        var verification = await VerifyAsync();

        Named(verification).Should().StartWith([(AuditBreak.Altered, 3L), (AuditBreak.Altered, 4L), (AuditBreak.Altered, 5L), (AuditBreak.Altered, 6L)]);
        verification.Findings.Should().Contain(f => f.Kind == AuditBreak.Altered && f.Sequence == 6 && f.Anchor == "ops.anchors:1",
            "the anchor recorded record 6's true link");
    }

    [Theory]
    [MemberData(nameof(Insiders))]
    public async Task The_whole_log_rewritten_as_a_plain_hash_chain_is_named_by_the_anchor(string insider)
    {
        await WriteAnchoredLogAsync();

        await database.TamperAsync(insider, TamperDatabase.RehashFunctions + "UPDATE audit_log SET actor = 'nobody'; SELECT pg_temp.rehash(1);");
        var verification = await VerifyAsync();

        verification.UnkeyedRecords.Should().Be(6);
        verification.Findings.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Kind = AuditBreak.Altered, Sequence = 6L, Anchor = "ops.anchors:1" });
    }

    [Theory]
    [MemberData(nameof(Insiders))]
    public async Task A_deleted_record_is_named(string insider)
    {
        await WriteAnchoredLogAsync();

        await database.TamperAsync(insider, "DELETE FROM audit_log WHERE sequence = 4");
        var verification = await VerifyAsync();

        Named(verification).Should().Equal((AuditBreak.Missing, 4L));
    }

    [Theory]
    [MemberData(nameof(Insiders))]
    public async Task Swapped_records_are_named_as_reordered(string insider)
    {
        await WriteAnchoredLogAsync();

        await database.TamperAsync(insider,
            "UPDATE audit_log SET sequence = -5 WHERE sequence = 5; UPDATE audit_log SET sequence = 5 WHERE sequence = 6; UPDATE audit_log SET sequence = 6 WHERE sequence = -5");
        var verification = await VerifyAsync();

        Named(verification).Should().Equal((AuditBreak.Reordered, 5L), (AuditBreak.Altered, 6L));
        verification.Findings[1].Anchor.Should().Be("ops.anchors:1", "the anchored record 6 is another record now");
    }

    [Theory]
    [MemberData(nameof(Insiders))]
    public async Task A_forged_record_inserted_into_the_middle_is_named(string insider)
    {
        var records = await WriteAnchoredLogAsync();
        // The insider's best effort: a plausible record under the real key id, with a plain hash (the key is not theirs).
        var forged = AuditChain.AppendUnkeyed(ChainHead.Of(records[2]),
            new AuditEntry(Start.AddMinutes(3.5), "officer-9", "officer", "case.view", "case-9", "10.0.0.1", AuditOutcome.Success));

        await database.TamperAsync(insider, $"""
            UPDATE audit_log SET sequence = sequence + 100 WHERE sequence >= 4;
            UPDATE audit_log SET sequence = sequence - 99 WHERE sequence >= 104;
            {AuditRows.Insert(forged with { KeyId = TestAuditKeys.KeyId })}
            """);
        var verification = await VerifyAsync();

        // The records after it were only renumbered; the anchored record 6 is another record now.
        Named(verification).Should().Equal((AuditBreak.Inserted, 4L), (AuditBreak.Altered, 6L));
        verification.Findings[1].Anchor.Should().Be("ops.anchors:1");
    }

    [Theory]
    [MemberData(nameof(Insiders))]
    public async Task A_forged_checkpoint_is_named_and_does_not_excuse_the_records_deleted_before_it(string insider)
    {
        var records = await WriteAnchoredLogAsync();
        var checkpoint = AuditChain.AppendUnkeyed(ChainHead.Of(records[^1]), AuditChain.Checkpoint(ChainHead.Of(records[2]), Start.AddDays(1), "retention"));

        await database.TamperAsync(insider, $"""
            DELETE FROM audit_log WHERE sequence <= 3;
            {AuditRows.Insert(checkpoint with { KeyId = TestAuditKeys.KeyId })}
            """);
        var verification = await VerifyAsync();

        Named(verification).Should().Equal((AuditBreak.Missing, 1L), (AuditBreak.ForgedCheckpoint, 7L));
    }

    [Theory]
    [MemberData(nameof(Insiders))]
    public async Task Truncation_after_an_anchor_is_named(string insider)
    {
        await WriteAnchoredLogAsync();

        await database.TamperAsync(insider, "DELETE FROM audit_log WHERE sequence >= 5");
        var verification = await VerifyAsync();

        verification.Findings.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Kind = AuditBreak.Truncated, Sequence = 6L, Anchor = "ops.anchors:1" });
    }

    [Theory]
    [MemberData(nameof(Insiders))]
    public async Task A_truncation_covered_by_an_edited_anchor_line_is_named_by_the_line(string insider)
    {
        var records = await WriteAnchoredLogAsync();

        await database.TamperAsync(insider, "DELETE FROM audit_log WHERE sequence >= 5");
        var line = (await File.ReadAllTextAsync(_anchors)).Replace("seq=6", "seq=4", StringComparison.Ordinal).Replace(records[5].Hash, records[3].Hash, StringComparison.Ordinal);
        await File.WriteAllTextAsync(_anchors, line);
        var verification = await VerifyAsync();

        verification.Findings.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Kind = AuditBreak.AnchorForged, Sequence = 4L, Anchor = "ops.anchors:1" });
    }

    [Fact]
    public async Task The_tests_rehash_function_reproduces_the_plain_hash_chain_so_only_the_key_stops_it()
    {
        // Control for the rewrite tests: on records of the earlier, unkeyed scheme the insider's SQL produces a chain that verifies.
        await database.EmptyAsync();
        var head = ChainHead.Empty;
        for (var i = 1; i <= 3; i++)
        {
            var v1 = AuditChain.AppendUnkeyed(head, new AuditEntry(Start.AddMinutes(i), $"officer-{i}", "officer", "case.view", null, "10.0.0.1", AuditOutcome.Success, "detail"));
            await database.TamperAsync(TamperDatabase.Superuser, AuditRows.Insert(v1));
            head = ChainHead.Of(v1);
        }

        await database.TamperAsync(TamperDatabase.Owner, TamperDatabase.RehashFunctions + "UPDATE audit_log SET actor = 'nobody' WHERE sequence = 2; SELECT pg_temp.rehash(2);");
        var verification = await VerifyAsync();

        verification.IsIntact.Should().BeTrue(verification.Problem);
        (await Sql.ScalarAsync<string>(database.ConnectionString, "SELECT actor FROM audit_log WHERE sequence = 2")).Should().Be("nobody");
    }
}

/// <summary>
/// A migrated test database whose audit table belongs to a role of its own (not a superuser), beside the superuser
/// of the test server. Each tampers the way it can: the superuser with triggers off for the session, the owner by
/// disabling the table's triggers.
/// </summary>
public sealed class TamperDatabase : IAsyncLifetime
{
    public const string Superuser = "superuser";
    public const string Owner = "owner";

    /// <summary>
    /// What an insider writes in a few lines of SQL: the earlier version's plain SHA-256 link over the canonical
    /// encoding, recomputed for every record from a sequence on, the key id dropped.
    /// </summary>
    public const string RehashFunctions = """
        CREATE FUNCTION pg_temp.field(t text) RETURNS bytea LANGUAGE sql IMMUTABLE AS $f$
            SELECT CASE WHEN t IS NULL THEN '\xffffffff'::bytea ELSE int4send(octet_length(convert_to(t, 'UTF8'))) || convert_to(t, 'UTF8') END
        $f$;
        CREATE FUNCTION pg_temp.rehash(from_sequence bigint) RETURNS void LANGUAGE plpgsql AS $f$
        DECLARE
            r record;
            prev text;
        BEGIN
            SELECT hash INTO prev FROM audit_log WHERE sequence < from_sequence ORDER BY sequence DESC LIMIT 1;
            prev := coalesce(prev, repeat('0', 64));
            FOR r IN SELECT * FROM audit_log WHERE sequence >= from_sequence ORDER BY sequence LOOP
                UPDATE audit_log
                   SET key_id = NULL, previous_hash = prev,
                       hash = encode(sha256(pg_temp.field('hanan-audit-v1') || pg_temp.field(prev)
                           || pg_temp.field(((extract(epoch FROM r.at) * 1000000)::bigint * 10 + 621355968000000000)::text)
                           || pg_temp.field(r.actor) || pg_temp.field(r.role) || pg_temp.field(r.action) || pg_temp.field(r.target)
                           || pg_temp.field(r.source) || pg_temp.field(r.outcome) || pg_temp.field(r.detail)), 'hex')
                 WHERE sequence = r.sequence
                RETURNING hash INTO prev;
            END LOOP;
        END
        $f$;

        """;

    private readonly string _role = "hanan_audit_owner_" + Guid.NewGuid().ToString("N")[..12];
    private readonly string _password = Guid.NewGuid().ToString("N");
    private TestDatabase? _database;

    public string ConnectionString => _database!.ConnectionString;

    private string OwnerConnectionString =>
        new NpgsqlConnectionStringBuilder(ConnectionString) { Username = _role, Password = _password, Pooling = false }.ConnectionString;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        await new SchemaMigrator(ConnectionString).MigrateAsync();
        await Sql.ExecuteAsync(ConnectionString, $"""
            CREATE ROLE {_role} LOGIN NOSUPERUSER PASSWORD '{_password}';
            ALTER TABLE audit_log OWNER TO {_role};
            """);
        (await Sql.ScalarAsync<bool>(OwnerConnectionString, "SELECT rolsuper FROM pg_roles WHERE rolname = current_user")).Should().BeFalse();
    }

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
            await using var connection = new NpgsqlConnection(TestDatabase.ServerConnectionString);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP ROLE IF EXISTS {_role}", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }

    /// <summary>Empties the audit table (the superuser, triggers off).</summary>
    public Task EmptyAsync() => TamperAsync(Superuser, "TRUNCATE audit_log");

    /// <summary>Runs <paramref name="sql"/> as the insider, past the append-only trigger.</summary>
    public async Task TamperAsync(string insider, string sql)
    {
        if (insider == Superuser)
        {
            await Sql.ExecuteAsync(ConnectionString, "SET session_replication_role = replica;\n" + sql + ";\nSET session_replication_role = origin;");
            return;
        }

        await Sql.ExecuteAsync(OwnerConnectionString,
            "ALTER TABLE audit_log DISABLE TRIGGER USER;\n" + sql + ";\nALTER TABLE audit_log ENABLE TRIGGER USER;");
    }
}

/// <summary>The command the CLI wires as <c>hanan audit verify</c>.</summary>
public sealed class AuditVerifyCommandTests
{
    [Fact]
    public async Task The_command_says_intact_or_lists_the_findings_with_its_exit_code()
    {
        await using var db = await TestDatabase.CreateAsync();
        await new SchemaMigrator(db.ConnectionString).MigrateAsync();
        await using (var store = new PostgresAuditStore(db.ConnectionString, TestAuditKeys.Ring))
        {
            for (var i = 0; i < 3; i++)
            {
                await store.AppendAsync(new AuditEntry(DateTimeOffset.UnixEpoch.AddDays(20000 + i), "auditor-1", "auditor", "audit.verify", null, null, AuditOutcome.Success));
            }
        }

        using var intact = new StringWriter();
        (await AuditVerifyCommand.RunAsync(db.ConnectionString, TestAuditKeys.Ring, null, intact)).Should().Be(AuditVerifyCommand.Intact);
        intact.ToString().Should().StartWith("audit log intact: 3 records");

        await Sql.ExecuteAsync(db.ConnectionString, "SET session_replication_role = replica; UPDATE audit_log SET role = 'administrator' WHERE sequence = 2");
        using var broken = new StringWriter();
        (await AuditVerifyCommand.RunAsync(db.ConnectionString, TestAuditKeys.Ring, null, broken)).Should().Be(AuditVerifyCommand.Tampered);
        broken.ToString().Should().StartWith("audit log TAMPERED: 1 findings").And.Contain("Altered record 2:");
    }
}
