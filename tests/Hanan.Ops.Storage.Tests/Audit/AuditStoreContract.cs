using Hanan.Ops.Domain.Audit;
using Hanan.Ops.Storage.Audit;

namespace Hanan.Ops.Storage.Tests.Audit;

/// <summary>The behaviour every <see cref="IAuditStore"/> must show; each implementation supplies an empty store per test.</summary>
public abstract class AuditStoreContract : IAsyncLifetime
{
    protected static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 0, TimeSpan.FromHours(8));

    private IAuditStore? store;

    protected IAuditStore Store => store ?? throw new InvalidOperationException("The test is not initialised.");

    protected static AuditKeyRing Keys => TestAuditKeys.Ring;

    protected abstract Task<IAuditStore> CreateEmptyAsync();

    public async Task InitializeAsync() => store = await CreateEmptyAsync();

    public async Task DisposeAsync()
    {
        if (store is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
    }

    protected static AuditEntry Entry(int n, DateTimeOffset? at = null) =>
        new(at ?? Now.AddSeconds(n), $"officer-{n}", "officer", "case.view", $"case-{n}", "127.0.0.1", AuditOutcome.Success, n % 2 == 0 ? null : "with masked contact");

    [Fact]
    public async Task Concurrent_appends_each_get_their_own_place_in_one_intact_chain()
    {
        var records = await Task.WhenAll(Enumerable.Range(1, 500).Select(n => Store.AppendAsync(Entry(n))));

        records.Select(r => r.Sequence).Should().OnlyHaveUniqueItems().And.HaveCount(500);
        records.Select(r => r.Entry.Actor).Should().BeEquivalentTo(Enumerable.Range(1, 500).Select(n => $"officer-{n}"));
        (await Store.ReadAsync(0, 1_000)).Select(r => r.Sequence).Should().Equal(Enumerable.Range(1, 500).Select(n => (long)n));
        (await Store.VerifyAsync(Keys)).IsIntact.Should().BeTrue();
    }

    [Fact]
    public async Task Appended_records_are_read_back_exactly_and_form_a_chain_that_verifies()
    {
        var written = new List<AuditRecord>();
        for (var i = 1; i <= 5; i++)
        {
            written.Add(await Store.AppendAsync(Entry(i)));
        }

        var read = await Store.ReadAsync(0, 100);
        var verification = await Store.VerifyAsync(Keys);

        read.Should().Equal(written);
        read.Should().OnlyContain(r => r.KeyId == TestAuditKeys.KeyId);
        read.Select(r => r.Sequence).Should().Equal(1, 2, 3, 4, 5);
        verification.IsIntact.Should().BeTrue(verification.Problem);
        verification.HeadHash.Should().Be(written[^1].Hash);
    }

    [Fact]
    public async Task Concurrent_writers_form_one_linear_chain()
    {
        await Task.WhenAll(Enumerable.Range(1, 40).Select(i => Task.Run(() => Store.AppendAsync(Entry(i)))));

        var read = await Store.ReadAsync(0, 100);

        read.Select(r => r.Sequence).Should().Equal(Enumerable.Range(1, 40).Select(i => (long)i));
        (await Store.VerifyAsync(Keys)).IsIntact.Should().BeTrue();
    }

    [Fact]
    public async Task Reading_pages_after_a_sequence()
    {
        for (var i = 1; i <= 7; i++)
        {
            await Store.AppendAsync(Entry(i));
        }

        (await Store.ReadAsync(3, 2)).Select(r => r.Sequence).Should().Equal(4, 5);
    }

    [Fact]
    public async Task Retention_purges_the_old_prefix_behind_a_checkpoint_and_the_rest_still_verifies()
    {
        var old = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 1; i <= 4; i++)
        {
            await Store.AppendAsync(Entry(i, old.AddDays(i)));
        }

        await Store.AppendAsync(Entry(5));
        await Store.AppendAsync(Entry(6));

        var removed = await Store.PurgeBeforeAsync(old.AddDays(100), Now);

        removed.Should().Be(4);
        var read = await Store.ReadAsync(0, 100);
        read.Select(r => r.Sequence).Should().Equal(5, 6, 7);
        read[^1].Entry.Action.Should().Be(AuditChain.CheckpointAction);
        read[^1].KeyId.Should().Be(TestAuditKeys.KeyId, "a checkpoint is keyed like every record");
        var verification = await Store.VerifyAsync(Keys);
        verification.IsIntact.Should().BeTrue(verification.Problem);
        verification.FirstSequence.Should().Be(5);
    }

    [Fact]
    public async Task The_head_is_the_newest_record()
    {
        (await Store.HeadAsync()).Should().Be(ChainHead.Empty);
        await Store.AppendAsync(Entry(1));
        var second = await Store.AppendAsync(Entry(2));

        (await Store.HeadAsync()).Should().Be(ChainHead.Of(second));
    }

    [Fact]
    public async Task Retention_with_nothing_old_writes_nothing()
    {
        await Store.AppendAsync(Entry(1));

        (await Store.PurgeBeforeAsync(Now.AddYears(-1), Now)).Should().Be(0);

        (await Store.ReadAsync(0, 100)).Should().ContainSingle();
    }
}

public sealed class InMemoryAuditStoreTests : AuditStoreContract
{
    protected override Task<IAuditStore> CreateEmptyAsync() => Task.FromResult<IAuditStore>(new InMemoryAuditStore(Keys));
}
