using Hanan.Ops.Contracts.Grid;
using Hanan.Ops.Contracts.Residents;
using Hanan.Ops.Domain.Population;
using Hanan.Ops.Storage.Tests;
using Hanan.Ops.Storage.Tests.Residents;

namespace Hanan.Ops.Grains.Tests.Grid;

/// <summary>The grid workers' duties: visits that update records, notices with receipts, ratings of the bureaus.</summary>
public sealed class DutyTests : IAsyncLifetime
{
    private const string GridA = ResidentReadModelContract.GridA;
    private const string GridB = ResidentReadModelContract.GridB;

    private readonly DistrictCluster _district = new();

    public Task InitializeAsync() => _district.InitializeAsync();

    public Task DisposeAsync() => _district.DisposeAsync();

    [Fact]
    public async Task A_visit_updates_the_record_the_read_model_and_the_grid_figures()
    {
        var resident = ResidentReadModelContract.NewResident(1, tags: ResidentTags.LowIncome);
        await _district.Residents.UpsertResidentsAsync([resident]);
        var grid = _district.Client.GetGrain<IGridGrain>(GridA);
        (await grid.GetFigures()).Should().BeEquivalentTo(new { LowIncome = 1, SpecialGroups = 0, ElderlyLivingAlone = 0 });

        var outcome = await _district.Client.GetGrain<IResidentGrain>(resident.Id).RecordVisit(
            new ResidentVisit("worker-3", "独居，子女在外地", ResidentTags.ElderlyLivingAlone | ResidentTags.SevereMentalDisorder, ResidentTags.LowIncome, null, null));

        outcome.Result.Should().Be(MoveResult.Moved);
        outcome.Resident!.Tags.Should().Be(ResidentTags.ElderlyLivingAlone | ResidentTags.SevereMentalDisorder);
        (await _district.Residents.GetResidentAsync(resident.Id))!.Tags.Should().Be(outcome.Resident.Tags);
        await Eventually.HoldsAsync(async () => (await grid.GetFigures()).ElderlyLivingAlone == 1, TimeSpan.FromSeconds(1), "the grid follows the visit");
        (await grid.GetFigures()).Should().BeEquivalentTo(new { LowIncome = 0, SpecialGroups = 1, Population = 1 });
        (await _district.Client.GetGrain<IResidentGrain>(resident.Id).History()).Single().Kind.Should().Be("visit");
    }

    [Fact]
    public async Task A_visit_that_breaks_a_tag_rule_is_refused_and_stores_nothing()
    {
        // Test residents are born in 1950: key youth (6–25) does not fit.
        var resident = ResidentReadModelContract.NewResident(1);
        await _district.Residents.UpsertResidentsAsync([resident]);
        var grain = _district.Client.GetGrain<IResidentGrain>(resident.Id);

        var outcome = await grain.RecordVisit(new ResidentVisit("worker-3", null, ResidentTags.KeyYouth, ResidentTags.None, null, null));

        outcome.Result.Should().Be(MoveResult.Refused);
        (await grain.History()).Should().BeEmpty();
        (await grain.Get())!.Version.Should().Be(resident.Version);
    }

    [Fact]
    public async Task A_notice_reaches_the_residents_of_its_grids_and_tracks_receipts_and_reads()
    {
        var a1 = ResidentReadModelContract.NewResident(1);
        var a2 = ResidentReadModelContract.NewResident(2);
        var b3 = ResidentReadModelContract.NewResident(3, GridB);
        var elsewhere = ResidentReadModelContract.NewResident(4, "230108001001003");
        await _district.Residents.UpsertResidentsAsync([a1, a2, b3, elsewhere]);
        var notice = _district.Client.GetGrain<INoticeGrain>(Guid.NewGuid());

        var sent = await notice.Send(new NoticeDraft("冬季供暖通知", "11月20日起正式供暖。", [GridA, GridB], "worker-1", _district.Clock.GetUtcNow()));
        sent.Recipients.Should().Be(3);

        (await notice.Acknowledge(a1.Id, read: false)).Should().Be(AcknowledgeResult.Recorded);
        (await notice.Acknowledge(b3.Id, read: true)).Should().Be(AcknowledgeResult.Recorded);
        (await notice.Acknowledge(b3.Id, read: true)).Should().Be(AcknowledgeResult.Unchanged);
        (await notice.Acknowledge(elsewhere.Id, read: true)).Should().Be(AcknowledgeResult.NotARecipient);

        var view = await notice.Get();
        view!.Should().BeEquivalentTo(new { Recipients = 3, Received = 2, Read = 1 });
        view.ReadBy.Should().Equal(b3.Id);
        (await _district.Client.GetGrain<INoticeGrain>(Guid.NewGuid()).Acknowledge(a1.Id, true)).Should().Be(AcknowledgeResult.NoSuchNotice);
    }

    [Fact]
    public async Task A_notice_is_posted_on_the_boards_of_its_grids_and_each_recipient_sees_their_own_receipt()
    {
        var a1 = ResidentReadModelContract.NewResident(1);
        var b3 = ResidentReadModelContract.NewResident(3, GridB);
        var elsewhere = ResidentReadModelContract.NewResident(4, "230108001001003");
        await _district.Residents.UpsertResidentsAsync([a1, b3, elsewhere]);
        var at = _district.Clock.GetUtcNow();
        var older = _district.Client.GetGrain<INoticeGrain>(Guid.NewGuid());
        var newer = _district.Client.GetGrain<INoticeGrain>(Guid.NewGuid());
        await older.Send(new NoticeDraft("旧通知", "正文", [GridA], "worker-1", at));
        await newer.Send(new NoticeDraft("新通知", "正文", [GridA, GridB], "worker-1", at.AddMinutes(5)));
        await newer.Send(new NoticeDraft("新通知", "正文", [GridA, GridB], "worker-1", at.AddMinutes(5)));

        var boardA = await _district.Client.GetGrain<IGridNoticeBoardGrain>(GridA).Latest(10);
        boardA.Select(p => p.Id).Should().Equal([newer.GetPrimaryKey(), older.GetPrimaryKey()], "newest first, a repeated send posts once");
        (await _district.Client.GetGrain<IGridNoticeBoardGrain>(GridB).Latest(10)).Select(p => p.Id).Should().Equal(newer.GetPrimaryKey());
        (await _district.Client.GetGrain<IGridNoticeBoardGrain>(GridA).Latest(1)).Should().ContainSingle();

        await newer.Acknowledge(b3.Id, read: true);
        (await newer.ForResident(b3.Id)).Should().BeEquivalentTo(new { Title = "新通知", Received = true, Read = true });
        (await newer.ForResident(a1.Id)).Should().BeEquivalentTo(new { Received = false, Read = false });
        (await newer.ForResident(elsewhere.Id)).Should().BeNull("not a recipient");
        (await _district.Client.GetGrain<INoticeGrain>(Guid.NewGuid()).ForResident(a1.Id)).Should().BeNull("no such notice");
    }

    [Fact]
    public async Task Supervisors_ratings_of_the_bureaus_are_kept_per_grid()
    {
        var grid = _district.Client.GetGrain<IGridGrain>(GridA);
        var at = _district.Clock.GetUtcNow();

        await grid.RateBureau(new BureauRating("housing", 5, "supervisor-1", null, at));
        (await grid.RateBureau(new BureauRating("housing", 2, "supervisor-2", "回复慢", at))).Should().Be(2);
        await grid.RateBureau(new BureauRating("urban-management", 4, "supervisor-1", null, at));

        (await grid.BureauRatings()).Should().Equal(
            new BureauRatingSummary("housing", 2, 3.5),
            new BureauRatingSummary("urban-management", 1, 4));
        await grid.Invoking(g => g.RateBureau(new BureauRating("housing", 6, "s", null, at))).Should().ThrowAsync<ArgumentException>();
    }
}
