using Hanan.Ops.Contracts.Roster;
using Hanan.Ops.Domain.Identity;
using Hanan.Ops.Domain.Privacy;

namespace Hanan.Ops.Storage.Tests.Roster;

/// <summary>The behaviour every <see cref="IGridWorkerRoster"/> must show; each implementation runs it with an empty roster per test.</summary>
public abstract class GridWorkerRosterContract : IAsyncLifetime
{
    public const string GridA = "230108001001001";
    public const string GridB = "230108001001002";
    protected static readonly DateTimeOffset At = new(2026, 11, 26, 9, 0, 0, 123, TimeSpan.FromHours(8));

    private IGridWorkerRoster? roster;

    protected IGridWorkerRoster Roster => roster ?? throw new InvalidOperationException("The test is not initialised.");

    protected abstract Task<IGridWorkerRoster> CreateEmptyAsync();

    public async Task InitializeAsync() => roster = await CreateEmptyAsync();

    public async Task DisposeAsync()
    {
        if (roster is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
    }

    protected static GridWorkerRecord Worker(string id, bool active = true, params string[] grids)
    {
        var phone = MobilePhoneNumber.Parse("1390000" + id.GetHashCode(StringComparison.Ordinal).ToString("D4", System.Globalization.CultureInfo.InvariantCulture)[^4..]);
        return new GridWorkerRecord(id, "网格员" + id, CitizenIdProtector.Development.Seal(phone), phone.Masked, grids, active, At);
    }

    [Fact]
    public async Task An_empty_roster_is_at_version_zero_and_seeding_stores_every_worker_once()
    {
        var empty = await Roster.ReadAsync();
        empty.Version.Should().Be(0);
        empty.Workers.Should().BeEmpty();

        (await Roster.SeedAsync([Worker("w1", true, GridA), Worker("w2", true, GridB)])).Should().BeTrue();
        (await Roster.SeedAsync([Worker("w3", true, GridA)])).Should().BeFalse("a roster that is there is not seeded again");

        var snapshot = await Roster.ReadAsync();
        snapshot.Version.Should().Be(1);
        snapshot.Workers.Select(w => w.Id).Should().Equal("w1", "w2");
    }

    [Fact]
    public async Task A_worker_reads_back_as_stored_with_the_phone_sealed_and_masked()
    {
        var worker = Worker("w1", true, GridA, GridB);
        await Roster.SeedAsync([worker]);

        var stored = (await Roster.GetAsync("w1"))!;

        stored.Should().BeEquivalentTo(worker, o => o.Excluding(w => w.UpdatedAt));
        stored.UpdatedAt.Should().Be(At);
        CitizenIdProtector.Development.OpenPhone(stored.SealedPhone).Masked.Should().Be(stored.PhoneMasked);
        (await Roster.GetAsync("nobody")).Should().BeNull();
    }

    [Fact]
    public async Task The_workers_of_a_grid_are_those_who_have_it_among_theirs()
    {
        await Roster.SeedAsync([Worker("w1", true, GridA, GridB), Worker("w2", false, GridB), Worker("w3", true, GridA)]);

        (await Roster.WorkersOfGridAsync(GridB)).Select(w => w.Id).Should().Equal("w1", "w2");
        (await Roster.WorkersOfGridAsync("230108001001009")).Should().BeEmpty();
    }

    [Fact]
    public async Task A_save_on_the_current_version_moves_it_on_and_a_save_on_an_old_one_writes_nothing()
    {
        await Roster.SeedAsync([Worker("w1", true, GridA)]);

        (await Roster.SaveAsync(Worker("w1", true, GridB), 1)).Should().Be(2);
        (await Roster.SaveAsync(Worker("w2", true, GridA), 1)).Should().BeNull("another change got in first");

        var snapshot = await Roster.ReadAsync();
        snapshot.Version.Should().Be(2);
        snapshot.Workers.Should().ContainSingle().Which.Grids.Should().Equal(GridB);
    }
}
