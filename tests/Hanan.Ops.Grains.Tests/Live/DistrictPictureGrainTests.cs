using Hanan.Ops.Contracts.Appeals;
using Hanan.Ops.Contracts.Live;
using Hanan.Ops.Domain.Appeals;
using Hanan.Ops.Grains.Live;
using Hanan.Ops.Storage.Tests;
using Hanan.Ops.Storage.Tests.ReadModels;

namespace Hanan.Ops.Grains.Tests.Live;

public sealed class DistrictPictureGrainTests : IAsyncLifetime
{
    private readonly DistrictCluster _district = new();

    public Task InitializeAsync() => _district.InitializeAsync();

    public Task DisposeAsync() => _district.DisposeAsync();

    private IDistrictPictureGrain Picture => _district.Client.GetGrain<IDistrictPictureGrain>(0);

    /// <summary>Wednesday 30 September 2026, 16:00 in Harbin (the cluster's clock).</summary>
    private DateTimeOffset Now => _district.Clock.GetUtcNow();

    [Fact]
    public async Task A_new_activation_rebuilds_the_picture_from_the_read_model()
    {
        // Stored before the picture grain ever ran (a restart, or a late start): no case grain announces these.
        var open = CaseReadModelContract.NewCase(1, Now.AddHours(-2));
        var overdue = CaseReadModelContract.NewCase(2, Now.AddDays(-3)) with { Status = CaseStatus.InProgress, Overdue = true };
        var resolvedToday = CaseReadModelContract.NewCase(3, Now.AddDays(-20)) with { Status = CaseStatus.Resolved, ResolvedAt = Now.AddHours(-1), Version = 5 };
        var closedLongAgo = CaseReadModelContract.NewCase(4, Now.AddDays(-10)) with { Status = CaseStatus.Closed, ResolvedAt = Now.AddDays(-9) };
        var closedRecently = CaseReadModelContract.NewCase(5, Now.AddDays(-2)) with { Status = CaseStatus.Closed, ResolvedAt = Now.AddDays(-1) };
        var openForAMonth = CaseReadModelContract.NewCase(6, Now.AddDays(-30)) with { GridCode = "G-002" };
        var closedToday = CaseReadModelContract.NewCase(7, Now.AddDays(-12)) with { Status = CaseStatus.Closed, ResolvedAt = Now.AddHours(-3), GridCode = "G-003" };
        await _district.ReadModel.UpsertAsync([open, overdue, resolvedToday, closedLongAgo, closedRecently, openForAMonth, closedToday]);

        var snapshot = await Picture.GetSnapshot();

        // Open 1, 2, 6; overdue 2; filed today 1 (14:00); claimed 2; resolved today 3 (filed 20 days ago, found as
        // unfinished) and 7 (filed 12 days ago and already closed, found as resolved today).
        snapshot.District.Should().Be(new PictureCounts(Open: 3, Overdue: 1, Hot: 0, FiledToday: 1, Claimed: 1, ResolvedToday: 2));
        snapshot.Grids.Should().BeEquivalentTo(new[]
        {
            new GridCounts("G-001", new PictureCounts(Open: 2, Overdue: 1, Hot: 0, FiledToday: 1, Claimed: 1, ResolvedToday: 1)),
            new GridCounts("G-002", new PictureCounts(Open: 1, Overdue: 0, Hot: 0, FiledToday: 0, Claimed: 0, ResolvedToday: 0)),
            new GridCounts("G-003", new PictureCounts(Open: 0, Overdue: 0, Hot: 0, FiledToday: 0, Claimed: 0, ResolvedToday: 1)),
        });
        snapshot.GridHeat.Should().BeEquivalentTo(new[]
        {
            new GridHeat("G-001", "C-LIGHT", "open", 2), // 1, 2
            new GridHeat("G-001", "C-LIGHT", "24h", 1), // 1
            new GridHeat("G-001", "C-LIGHT", "7d", 3), // 1, 2, 5 (4 is 10 days old)
            new GridHeat("G-002", "C-LIGHT", "open", 1), // 6
        });
        snapshot.Levels.Select(l => (l.Level, l.Meters)).Should().Equal(("250m", 250.0), ("1km", 1000.0));
    }

    [Fact]
    public async Task A_change_is_published_once_as_the_next_sequence_and_an_older_version_changes_nothing()
    {
        var filed = CaseReadModelContract.NewCase(1, Now.AddMinutes(-10));
        await _district.ReadModel.UpsertAsync([filed]);
        var before = await Picture.GetSnapshot();
        before.District.Open.Should().Be(1);

        await Picture.Apply([filed with { Version = 2, Status = CaseStatus.Resolved, ResolvedAt = Now }]);

        await Eventually.HoldsAsync(async () => (await Picture.GetSnapshot()).Sequence > before.Sequence, TimeSpan.FromSeconds(5), "a delta is published");
        var after = await Picture.GetSnapshot();
        after.Sequence.Should().Be(before.Sequence + 1);
        after.District.Should().Be(new PictureCounts(Open: 0, Overdue: 0, Hot: 0, FiledToday: 1, Claimed: 0, ResolvedToday: 1));

        await Picture.Apply([filed]);
        await Task.Delay(DistrictPictureGrain.PushEvery * 3);
        (await Picture.GetSnapshot()).Should().BeEquivalentTo(after, "version 1 arrived after version 2");
    }
}
