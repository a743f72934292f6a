using Hanan.Ops.Storage.Delivery;

namespace Hanan.Ops.Storage.Tests.Delivery;

/// <summary>What every delivery store does, in PostgreSQL and in memory.</summary>
public abstract class CaseDeliveryStoreContract : IAsyncLifetime
{
    protected static readonly DateTimeOffset Now = new(2026, 12, 7, 9, 0, 0, TimeSpan.FromHours(8));
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    protected ICaseDeliveryStore Store { get; private set; } = null!;

    protected abstract Task<ICaseDeliveryStore> CreateEmptyAsync();

    public async Task InitializeAsync() => Store = await CreateEmptyAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private static DeliveryDue Due(int n, string bureau = "water", string mode = "open311") =>
        new(new Guid(n, 0, 0, [0, 0, 0, 0, 0, 0, 0, 0]), bureau, $"HN-2026-{n:D6}", mode);

    [Fact]
    public async Task A_row_is_created_once_and_due_at_once()
    {
        await Store.EnsureAsync([Due(1), Due(1, "housing", "webhook")], Now);
        await Store.EnsureAsync([Due(1)], Now.AddHours(1));

        var rows = await Store.ListAsync(failingOnly: false, Due(1).CaseId, 10);
        rows.Select(r => (r.BureauId, r.Mode, r.Attempts, r.NextAttemptAt, r.CreatedAt)).Should().BeEquivalentTo(
            [("housing", "webhook", 0, (DateTimeOffset?)Now, Now), ("water", "open311", 0, (DateTimeOffset?)Now, Now)]);
        rows[0].IdempotencyKey.Should().Be($"hanan-{Due(1).CaseId:N}-housing");
    }

    [Fact]
    public async Task A_leased_row_is_not_leased_again_until_its_lease_runs_out()
    {
        await Store.EnsureAsync([Due(1), Due(2)], Now);

        (await Store.LeaseDueAsync(Now, Lease, 1)).Should().ContainSingle();
        (await Store.LeaseDueAsync(Now, Lease, 10)).Should().ContainSingle("the other one is leased");
        (await Store.LeaseDueAsync(Now.AddSeconds(30), Lease, 10)).Should().BeEmpty();
        (await Store.LeaseDueAsync(Now + Lease, Lease, 10)).Should().HaveCount(2, "both leases ran out unsent");
    }

    [Fact]
    public async Task A_failure_counts_an_attempt_and_sets_the_next_and_a_sent_row_is_never_due_again()
    {
        var d = Due(3);
        await Store.EnsureAsync([d], Now);
        await Store.LeaseDueAsync(Now, Lease, 10);

        await Store.RecordFailureAsync(d.CaseId, d.BureauId, Now.AddSeconds(2), "HTTP 503", Now.AddMinutes(5));
        var failing = await Store.ListAsync(failingOnly: true, null, 10);
        failing.Should().ContainSingle().Which.Should().Match<CaseDelivery>(r =>
            r.Attempts == 1 && r.LastError == "HTTP 503" && r.NextAttemptAt == Now.AddMinutes(5) && r.LastAttemptAt == Now.AddSeconds(2));
        (await Store.LeaseDueAsync(Now.AddMinutes(4), Lease, 10)).Should().BeEmpty();

        (await Store.LeaseDueAsync(Now.AddMinutes(5), Lease, 10)).Should().ContainSingle();
        await Store.RecordSentAsync(d.CaseId, d.BureauId, Now.AddMinutes(5), "R-77");
        await Store.RecordFailureAsync(d.CaseId, d.BureauId, Now.AddMinutes(6), "late timeout", Now.AddMinutes(7));

        var sent = (await Store.ListAsync(false, d.CaseId, 10)).Single();
        sent.Should().Match<CaseDelivery>(r => r.SentAt == Now.AddMinutes(5) && r.Attempts == 2 && r.LastError == null && r.RemoteId == "R-77" && r.NextAttemptAt == null);
        (await Store.ListAsync(failingOnly: true, null, 10)).Should().BeEmpty();
        (await Store.LeaseDueAsync(Now.AddDays(1), Lease, 10)).Should().BeEmpty();
        (await Store.FindByRemoteIdAsync("water", "R-77"))!.CaseId.Should().Be(d.CaseId);
        (await Store.FindByRemoteIdAsync("housing", "R-77")).Should().BeNull("a remote id belongs to one bureau's system");
    }
}

public sealed class InMemoryCaseDeliveryStoreTests : CaseDeliveryStoreContract
{
    protected override Task<ICaseDeliveryStore> CreateEmptyAsync() => Task.FromResult<ICaseDeliveryStore>(new InMemoryCaseDeliveryStore());
}

public sealed class PostgresCaseDeliveryStoreTests(MigratedDatabase database) : CaseDeliveryStoreContract, IClassFixture<MigratedDatabase>
{
    protected override async Task<ICaseDeliveryStore> CreateEmptyAsync()
    {
        await Sql.ExecuteAsync(database.ConnectionString, "TRUNCATE case_delivery");
        return new PostgresCaseDeliveryStore(Npgsql.NpgsqlDataSource.Create(database.ConnectionString));
    }
}
