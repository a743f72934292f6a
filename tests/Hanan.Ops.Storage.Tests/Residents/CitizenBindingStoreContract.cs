using Hanan.Ops.Contracts.Residents;
using Hanan.Ops.Domain.Population;

namespace Hanan.Ops.Storage.Tests.Residents;

/// <summary>The behaviour every <see cref="ICitizenBindingStore"/> must show; each implementation runs it with an empty store per test.</summary>
public abstract class CitizenBindingStoreContract : IAsyncLifetime
{
    private static readonly DateTimeOffset At = new(2026, 11, 26, 9, 0, 0, 123, TimeSpan.FromHours(8));
    private static readonly Guid ResidentA = Guid.Parse("0b6f2d0e-4c1a-4a7e-9f10-000000000001");
    private static readonly Guid ResidentB = Guid.Parse("0b6f2d0e-4c1a-4a7e-9f10-000000000002");

    private ICitizenBindingStore? store;

    protected ICitizenBindingStore Store => store ?? throw new InvalidOperationException("The test is not initialised.");

    protected abstract Task<ICitizenBindingStore> CreateEmptyAsync();

    public async Task InitializeAsync() => store = await CreateEmptyAsync();

    public async Task DisposeAsync()
    {
        if (store is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_binding_is_found_by_account_and_by_resident()
    {
        (await Store.TryBindAsync(new CitizenBinding("citizen-1", ResidentA, At))).Should().BeTrue();

        (await Store.ForAccountAsync("citizen-1")).Should().Be(new CitizenBinding("citizen-1", ResidentA, At));
        (await Store.ForResidentAsync(ResidentA))!.Account.Should().Be("citizen-1");
        (await Store.ForAccountAsync("citizen-2")).Should().BeNull();
        (await Store.ForResidentAsync(ResidentB)).Should().BeNull();
    }

    [Fact]
    public async Task One_resident_per_account_and_one_account_per_resident()
    {
        await Store.TryBindAsync(new CitizenBinding("citizen-1", ResidentA, At));

        (await Store.TryBindAsync(new CitizenBinding("citizen-1", ResidentB, At))).Should().BeFalse();
        (await Store.TryBindAsync(new CitizenBinding("citizen-2", ResidentA, At))).Should().BeFalse();
        (await Store.ForResidentAsync(ResidentB)).Should().BeNull("a refused binding writes nothing");
    }

    [Fact]
    public async Task Unbinding_frees_both_the_account_and_the_resident()
    {
        await Store.TryBindAsync(new CitizenBinding("citizen-1", ResidentA, At));

        (await Store.UnbindAsync("citizen-1")).Should().BeTrue();
        (await Store.UnbindAsync("citizen-1")).Should().BeFalse();
        (await Store.TryBindAsync(new CitizenBinding("citizen-2", ResidentA, At))).Should().BeTrue();
        (await Store.TryBindAsync(new CitizenBinding("citizen-1", ResidentB, At))).Should().BeTrue();
    }

    [Fact]
    public async Task Failures_are_counted_per_account_from_a_point_in_time()
    {
        await Store.RecordFailureAsync("citizen-1", At.AddHours(-30));
        await Store.RecordFailureAsync("citizen-1", At.AddHours(-2));
        await Store.RecordFailureAsync("citizen-1", At);
        await Store.RecordFailureAsync("citizen-2", At);

        (await Store.FailuresSinceAsync("citizen-1", At.AddHours(-24))).Should().Be(2);
        (await Store.FailuresSinceAsync("citizen-1", At)).Should().Be(1, "the bound is inclusive");
        (await Store.FailuresSinceAsync("citizen-3", At.AddDays(-9))).Should().Be(0);
    }

    [Fact]
    public async Task Failures_older_than_the_retention_are_dropped_when_a_new_one_is_recorded()
    {
        await Store.RecordFailureAsync("citizen-1", At - ICitizenBindingStore.FailureRetention - TimeSpan.FromMinutes(1));
        await Store.RecordFailureAsync("citizen-1", At - ICitizenBindingStore.FailureRetention + TimeSpan.FromMinutes(1));
        (await Store.FailuresSinceAsync("citizen-1", At.AddYears(-1))).Should().Be(2);

        await Store.RecordFailureAsync("citizen-2", At);

        (await Store.FailuresSinceAsync("citizen-1", At.AddYears(-1))).Should().Be(1);
    }
}
