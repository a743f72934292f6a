using Hanan.Ops.Contracts.Appeals;
using Hanan.Ops.Domain.Appeals;
using Hanan.Ops.Domain.Audit;
using Hanan.Ops.Storage.Appeals;
using Hanan.Ops.Storage.Audit;
using Hanan.Ops.Storage.ReadModels;
using Hanan.Ops.Storage.Tests.Audit;
using Hanan.Ops.Storage.Tests.ReadModels;
using Npgsql;

namespace Hanan.Ops.Storage.Tests.Appeals;

/// <summary>What every case store does, held against the PostgreSQL one and the in-memory twin alike.</summary>
public abstract class CaseStoreContract : IAsyncLifetime
{
    protected static readonly DateTimeOffset Morning = new(2026, 12, 7, 9, 0, 0, TimeSpan.FromHours(8));

    private ICaseStore? _store;
    private long _auditBefore;

    protected ICaseStore Store => _store ?? throw new InvalidOperationException("Not initialised.");

    protected abstract ICaseReadModel ReadModel { get; }

    protected abstract IAuditStore Audit { get; }

    public async Task InitializeAsync()
    {
        _store = await CreateAsync();
        var head = await Audit.ReadAsync(long.MinValue, int.MaxValue);
        _auditBefore = head.Count == 0 ? 0 : head[^1].Sequence;
    }

    public virtual Task DisposeAsync() => Task.CompletedTask;

    protected abstract Task<ICaseStore> CreateAsync();

    /// <summary>The audit records appended since the test began.</summary>
    protected Task<IReadOnlyList<AuditRecord>> AuditSinceStart() => Audit.ReadAsync(_auditBefore, 10_000);

    /// <summary>A change of a new case (version 1), or of <paramref name="summary"/>'s case at <paramref name="version"/>.</summary>
    protected static CaseCommit Change(CaseSummary summary, long version = 1, params PendingDeadline[] deadlines) => new(
        summary.Id, version, [1, 2, (byte)version], summary with { Version = version }, deadlines,
        [new CaseActivity(summary.Id, summary.Number, version, version == 1 ? "filed" : "claimed", "受理", Morning, new Actor("citizen-1", "citizen"), summary with { Version = version })],
        [new AuditEntry(Morning, "citizen-1", "citizen", version == 1 ? "case.filed" : "case.claimed", summary.Number, "case", AuditOutcome.Success)]);

    protected static CaseSummary NewCase(int n) => CaseReadModelContract.NewCase(n, Morning);

    [Fact]
    public async Task A_commit_stores_the_case_its_list_row_its_deadlines_its_activity_and_its_audit_record()
    {
        var summary = NewCase(1);
        var positions = await Store.CommitAsync(Change(summary, 1, new PendingDeadline("claim:B-URBAN", Morning.AddHours(2))));

        var stored = await Store.LoadAsync(summary.Id);
        stored!.Version.Should().Be(1);
        stored.State.Should().Equal(1, 2, 1);
        (await ReadModel.GetAsync(summary.Id))!.Number.Should().Be(summary.Number);
        var due = await Store.DueAsync(CasePartitions.Of(summary.Id), Morning.AddHours(2), 1_000);
        due.Cases.Should().Contain(summary.Id);
        var log = (await Store.ActivityAfterAsync(CasePartitions.Of(summary.Id), 0, 10_000, TimeSpan.Zero)).Where(e => e.Activity.CaseId == summary.Id).ToList();
        log.Should().ContainSingle().Which.Should().Match<LoggedActivity>(e => e.Position == positions[0] && e.Activity.Action == "filed");
        log[0].Activity.Summary.Number.Should().Be(summary.Number);
        (await AuditSinceStart()).Should().ContainSingle().Which.Entry.Action.Should().Be("case.filed");
        (await Store.LoadAsync(Guid.NewGuid())).Should().BeNull();
    }

    [Fact]
    public async Task Pending_deadlines_from_an_instant_are_listed_earliest_first_across_partitions()
    {
        // Far in the future, so no other test's deadlines are among them.
        var from = new DateTimeOffset(2031, 3, 2, 0, 0, 0, TimeSpan.FromHours(8));
        var early = NewCase(40);
        var late = NewCase(41);
        await Store.CommitAsync(Change(early, 1, new PendingDeadline("escalation:Warning", from.AddDays(-1)), new PendingDeadline("escalation:Overdue", from.AddDays(3))));
        await Store.CommitAsync(Change(late, 1, new PendingDeadline("claim:B-URBAN", from.AddHours(5))));

        var pending = await Store.PendingFromAsync(from, 10);

        pending.Should().Equal(
            new CaseDeadline(late.Id, "claim:B-URBAN", from.AddHours(5)),
            new CaseDeadline(early.Id, "escalation:Overdue", from.AddDays(3)));
        (await Store.PendingFromAsync(from, 1)).Should().ContainSingle();
    }

    [Fact]
    public async Task A_commit_on_a_version_that_does_not_follow_the_stored_one_stores_nothing_of_itself()
    {
        var summary = NewCase(2);
        await Store.CommitAsync(Change(summary, 1, new PendingDeadline("claim:B-URBAN", Morning.AddHours(2))));

        var stale = async () => await Store.CommitAsync(Change(summary with { Description = "另一个写入者" }, 1, new PendingDeadline("rating", Morning)));
        var ahead = async () => await Store.CommitAsync(Change(summary, 3));

        await stale.Should().ThrowAsync<CaseStoreConflictException>();
        await ahead.Should().ThrowAsync<CaseStoreConflictException>();
        (await ReadModel.GetAsync(summary.Id))!.Description.Should().Be(summary.Description);
        (await Store.DueAsync(CasePartitions.Of(summary.Id), Morning, 1_000)).Cases.Should().NotContain(summary.Id, "the refused change's deadline was not stored");
        (await Store.ActivityAfterAsync(CasePartitions.Of(summary.Id), 0, 10_000, TimeSpan.Zero)).Where(e => e.Activity.CaseId == summary.Id).Should().ContainSingle();
        (await AuditSinceStart()).Should().ContainSingle();
    }

    [Fact]
    public async Task Each_commit_replaces_the_pending_deadlines_of_its_case()
    {
        var summary = NewCase(3);
        var partition = CasePartitions.Of(summary.Id);
        await Store.CommitAsync(Change(summary, 1, new PendingDeadline("claim:B-URBAN", Morning.AddHours(2)), new PendingDeadline("escalation:Warning", Morning.AddDays(3))));
        await Store.CommitAsync(Change(summary, 2, new PendingDeadline("escalation:Warning", Morning.AddDays(3))));

        var atNoon = await Store.DueAsync(partition, Morning.AddHours(3), 1_000);
        atNoon.Cases.Should().NotContain(summary.Id, "the claim deadline went with the second commit");
        atNoon.NextDue.Should().NotBeNull();
        (await Store.DueAsync(partition, Morning.AddDays(3), 1_000)).Cases.Should().Contain(summary.Id);

        await Store.CommitAsync(Change(summary, 3));
        (await Store.DueAsync(partition, Morning.AddDays(30), 1_000)).Cases.Should().NotContain(summary.Id, "a case with nothing pending leaves the index");
    }

    [Fact]
    public async Task Due_cases_come_earliest_first_from_their_own_partition_only()
    {
        // A year before every other test's deadlines, so the shared database's other rows are not due yet.
        var start = Morning.AddYears(-1);
        var cases = Enumerable.Range(10, 40).Select(NewCase).ToList();
        for (var i = 0; i < cases.Count; i++)
        {
            await Store.CommitAsync(Change(cases[i], 1, new PendingDeadline("claim:B-URBAN", start.AddMinutes(40 - i))));
        }

        var partition = CasePartitions.Of(cases[0].Id);
        var mine = cases.Where(c => CasePartitions.Of(c.Id) == partition).ToList();
        var due = await Store.DueAsync(partition, start.AddHours(1), 100);

        due.Cases.Should().Equal(mine.AsEnumerable().Reverse().Select(c => c.Id));
        (await Store.DueAsync(partition, start.AddHours(1), 1)).Cases.Should().Equal(mine[^1].Id);
        var early = await Store.DueAsync(partition, start, 100);
        early.Cases.Should().BeEmpty();
        early.NextDue.Should().Be(start.AddMinutes(40 - cases.IndexOf(mine[^1])));
    }

    [Fact]
    public async Task Resetting_deadlines_is_guarded_by_the_version()
    {
        var summary = NewCase(4);
        await Store.CommitAsync(Change(summary, 1, new PendingDeadline("upgrade", Morning)));

        var stale = async () => await Store.ResetDeadlinesAsync(summary.Id, 2, []);
        await stale.Should().ThrowAsync<CaseStoreConflictException>();
        (await Store.DueAsync(CasePartitions.Of(summary.Id), Morning, 1_000)).Cases.Should().Contain(summary.Id);

        await Store.ResetDeadlinesAsync(summary.Id, 1, [new PendingDeadline("rating", Morning.AddDays(7))]);
        (await Store.DueAsync(CasePartitions.Of(summary.Id), Morning, 1_000)).Cases.Should().NotContain(summary.Id);
    }

    [Fact]
    public async Task A_malformed_change_is_refused_before_anything_is_stored()
    {
        var summary = NewCase(5);
        var noState = async () => await Store.CommitAsync(Change(summary) with { State = [] });
        var twoOfAKind = async () => await Store.CommitAsync(Change(summary, 1, new PendingDeadline("rating", Morning), new PendingDeadline("rating", Morning)));
        var badRow = async () => await Store.CommitAsync(Change(summary with { Description = "bad\0row" }));

        await noState.Should().ThrowAsync<ArgumentException>();
        await twoOfAKind.Should().ThrowAsync<ArgumentException>();
        await badRow.Should().ThrowAsync<ArgumentException>();
        (await Store.LoadAsync(summary.Id)).Should().BeNull();
        (await AuditSinceStart()).Should().BeEmpty();
    }

    [Fact]
    public async Task Concurrent_changes_of_many_cases_are_all_stored_and_the_audit_chain_stays_one_line()
    {
        var cases = Enumerable.Range(100, 300).Select(NewCase).ToList();

        await Task.WhenAll(cases.Select(c => Store.CommitAsync(Change(c, 1, new PendingDeadline("claim:B-URBAN", Morning.AddHours(2))))));
        await Task.WhenAll(cases.Select(c => Store.CommitAsync(Change(c, 2))));

        foreach (var c in cases)
        {
            (await Store.LoadAsync(c.Id))!.Version.Should().Be(2);
        }

        (await AuditSinceStart()).Should().HaveCount(600);
        (await Audit.VerifyAsync(TestAuditKeys.Ring)).IsIntact.Should().BeTrue();
    }
}

public sealed class InMemoryCaseStoreTests : CaseStoreContract
{
    private readonly InMemoryCaseReadModel _readModel = new();
    private readonly InMemoryAuditStore _audit = new(TestAuditKeys.Ring);

    protected override ICaseReadModel ReadModel => _readModel;

    protected override IAuditStore Audit => _audit;

    protected override Task<ICaseStore> CreateAsync() => Task.FromResult<ICaseStore>(new InMemoryCaseStore(_readModel, _audit));
}

public sealed class PostgresCaseStoreTests(MigratedDatabase database) : CaseStoreContract, IClassFixture<MigratedDatabase>, IAsyncDisposable
{
    private NpgsqlDataSource? _dataSource;
    private PostgresCaseStore? _store;
    private PostgresCaseReadModel? _readModel;
    private PostgresAuditStore? _audit;

    protected override ICaseReadModel ReadModel => _readModel!;

    protected override IAuditStore Audit => _audit!;

    protected override Task<ICaseStore> CreateAsync()
    {
        _dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        _readModel = new PostgresCaseReadModel(_dataSource);
        _audit = new PostgresAuditStore(database.ConnectionString, TestAuditKeys.Ring);
        _store = new PostgresCaseStore(_dataSource, new CaseStoreOptions(), TestAuditKeys.Ring);
        return Task.FromResult<ICaseStore>(_store);
    }

    ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());

    public override async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        _audit?.Dispose();
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }

        await base.DisposeAsync();
    }

    [Fact]
    public async Task Concurrent_changes_share_transactions()
    {
        var before = _store!.Committed;
        var cases = Enumerable.Range(1_000, 400).Select(NewCase).ToList();

        await Task.WhenAll(cases.Select(c => Store.CommitAsync(Change(c))));

        var (batches, changes) = (_store.Committed.Batches - before.Batches, _store.Committed.Changes - before.Changes);
        changes.Should().Be(400);
        batches.Should().BeLessThan(400, "changes that queue while a transaction is written go together in the next one");
    }

    [Fact]
    public async Task A_conflicting_change_fails_alone_and_the_rest_of_its_batch_is_stored()
    {
        var taken = NewCase(2_000);
        await Store.CommitAsync(Change(taken));
        var others = Enumerable.Range(2_001, 100).Select(NewCase).ToList();

        var burst = others.Select(c => Store.CommitAsync(Change(c))).ToList();
        var conflicting = Store.CommitAsync(Change(taken));
        await Task.WhenAll(burst);
        var refused = async () => await conflicting;

        await refused.Should().ThrowAsync<CaseStoreConflictException>();
        foreach (var c in others)
        {
            (await Store.LoadAsync(c.Id)).Should().NotBeNull();
        }
    }

    [Fact]
    public async Task A_lost_connection_fails_the_batch_as_unavailable_and_the_next_commit_goes_through()
    {
        var summary = NewCase(3_000);
        await Store.CommitAsync(Change(summary));
        // Every connection of the store's pool is terminated by the administrator, as in a failover.
        await Sql.ExecuteAsync(database.ConnectionString,
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()");

        if (!await Stored(Change(summary, 2)))
        {
            // The first commit may meet a connection that died in the pool; its failure clears the pool, so the retry
            // gets a fresh connection and no stale one fails later.
            (await Stored(Change(summary, 2))).Should().BeTrue("a lost connection answers once, then the pool is fresh");
        }

        (await Store.LoadAsync(summary.Id))!.Version.Should().Be(2);
        await Store.CommitAsync(Change(summary, 3));
        (await Store.LoadAsync(summary.Id))!.Version.Should().Be(3);
    }

    private async Task<bool> Stored(CaseCommit change)
    {
        try
        {
            await Store.CommitAsync(change);
            return true;
        }
        catch (CaseStoreUnavailableException)
        {
            return false;
        }
    }
}
