using Hanan.Ops.Contracts.Appeals;
using Hanan.Ops.Contracts.Grid;
using Hanan.Ops.Contracts.Residents;
using Hanan.Ops.Domain.Population;
using Hanan.Ops.Grains.Tests.Appeals;
using Hanan.Ops.Storage.Tests;
using Hanan.Ops.Storage.Tests.Residents;

namespace Hanan.Ops.Grains.Tests.Grid;

public sealed class GridGrainTests : IAsyncLifetime
{
    private const string GridA = ResidentReadModelContract.GridA;
    private const string GridB = ResidentReadModelContract.GridB;
    private static readonly TimeSpan WithinASecond = TimeSpan.FromSeconds(1);

    private readonly DistrictCluster _district = new();

    public Task InitializeAsync() => _district.InitializeAsync();

    public Task DisposeAsync() => _district.DisposeAsync();

    private IGridGrain Grid(string code) => _district.Client.GetGrain<IGridGrain>(code);

    [Fact]
    public async Task A_grid_starts_from_the_base_data_of_the_read_model()
    {
        await _district.Residents.UpsertResidentsAsync(
        [
            ResidentReadModelContract.NewResident(1, tags: ResidentTags.DrugUser),
            ResidentReadModelContract.NewResident(1001, registration: Registration.Floating), // same building and room as 1: one household
            ResidentReadModelContract.NewResident(2, tags: ResidentTags.LowIncome | ResidentTags.Disability),
            ResidentReadModelContract.NewResident(3, GridB),
        ]);
        await _district.Residents.UpsertPlacesAsync([new Place(Place.BuildingId(GridA, 1), PlaceKind.ResidentialBuilding, "1号楼", GridA, 126.6, 45.6, 2, 6, 2)]);
        await _district.Residents.UpsertComponentsAsync([new Component("2301080105000001", ComponentClass.PublicUtility, "路灯", GridA, 126.6, 45.6)]);

        var figures = await Grid(GridA).GetFigures();

        figures.Should().BeEquivalentTo(new
        {
            GridCode = GridA, Population = 3, Registered = 2, Floating = 1, SpecialGroups = 1, Disability = 1, LowIncome = 1,
            Households = 2, OpenCases = 0, Places = 1, Things = 1, Organisations = 0, Situations = 0,
        });
    }

    [Fact]
    public async Task Live_grid_figures_change_when_a_resident_moves()
    {
        var mover = ResidentReadModelContract.NewResident(1, tags: ResidentTags.CommunityCorrection);
        await _district.Residents.UpsertResidentsAsync([mover, ResidentReadModelContract.NewResident(2), ResidentReadModelContract.NewResident(3, GridB)]);
        (await Grid(GridA).GetFigures()).Should().BeEquivalentTo(new { Population = 2, Households = 2, SpecialGroups = 1 });
        (await Grid(GridB).GetFigures()).Should().BeEquivalentTo(new { Population = 1, Households = 1, SpecialGroups = 0 });

        var outcome = await _district.Client.GetGrain<IResidentGrain>(mover.Id)
            .Move(new MoveResident(Place.BuildingId(GridB, 3), 1, 101, 126.7, 45.7, "worker-1"));

        outcome.Result.Should().Be(MoveResult.Moved);
        outcome.Resident!.GridCode.Should().Be(GridB);
        outcome.Resident.Version.Should().Be(mover.Version + 1);
        await Eventually.HoldsAsync(async () => (await Grid(GridB).GetFigures()).Population == 2, WithinASecond, "the new grid counts the resident");
        (await Grid(GridA).GetFigures()).Should().BeEquivalentTo(new { Population = 1, Households = 1, SpecialGroups = 0 });
        (await Grid(GridB).GetFigures()).Should().BeEquivalentTo(new { Population = 2, Households = 1, SpecialGroups = 1 }, "the mover joined resident 3's household");
        (await _district.Residents.GetResidentAsync(mover.Id))!.GridCode.Should().Be(GridB);
    }

    [Fact]
    public async Task A_new_activation_of_both_grids_after_a_move_counts_the_resident_once()
    {
        var mover = ResidentReadModelContract.NewResident(1);
        await _district.Residents.UpsertResidentsAsync([mover]);

        // Neither grid is active yet: the move activates them after the read model has changed.
        await _district.Client.GetGrain<IResidentGrain>(mover.Id).Move(new MoveResident(Place.BuildingId(GridB, 3), 2, 202, 126.7, 45.7, "worker-1"));

        (await Grid(GridA).GetFigures()).Population.Should().Be(0);
        (await Grid(GridB).GetFigures()).Population.Should().Be(1);
    }

    [Fact]
    public async Task Moving_into_the_same_dwelling_is_refused_and_changes_nothing()
    {
        var resident = ResidentReadModelContract.NewResident(1);
        await _district.Residents.UpsertResidentsAsync([resident]);
        var grain = _district.Client.GetGrain<IResidentGrain>(resident.Id);

        var outcome = await grain.Move(new MoveResident(resident.BuildingId, resident.Unit, resident.Room, 126.7, 45.7, "worker-1"));

        outcome.Result.Should().Be(MoveResult.Refused);
        outcome.Refusal.Should().Contain("already lives");
        (await grain.History()).Should().BeEmpty();
        (await _district.Client.GetGrain<IResidentGrain>(Guid.NewGuid()).Move(new MoveResident(resident.BuildingId, 1, 102, 0, 0, "w")))
            .Result.Should().Be(MoveResult.NotFound);
    }

    [Fact]
    public async Task A_case_opening_and_closing_updates_the_grid_figures()
    {
        (await Grid(GridA).GetFigures()).OpenCases.Should().Be(0);
        var grain = _district.Client.GetGrain<ICaseGrain>(Guid.NewGuid());

        await grain.File(TestAppeals.Routed("grid-case-1"));
        await Eventually.HoldsAsync(async () => (await Grid(GridA).GetFigures()).OpenCases == 1, WithinASecond, "the filed case is counted open");

        await grain.Claim("urban-management", "lead-officer");
        await grain.Claim("housing", "co-officer");
        await grain.Report("housing", "co-officer", "已配合");
        (await grain.Resolve("urban-management", "lead-officer", "已办结")).Accepted.Should().BeTrue();

        await Eventually.HoldsAsync(async () => (await Grid(GridA).GetFigures()).OpenCases == 0, WithinASecond, "the resolved case is no longer open");
        (await Grid(GridB).GetFigures()).OpenCases.Should().Be(0);
    }

    [Fact]
    public async Task An_open_case_in_the_read_model_is_counted_on_activation_and_a_repeat_counts_once()
    {
        var open = Storage.Tests.ReadModels.CaseReadModelContract.NewCase(1, _district.Clock.GetUtcNow()) with { GridCode = GridA, Overdue = true };
        await _district.ReadModel.UpsertAsync([open]);

        (await Grid(GridA).GetFigures()).Should().BeEquivalentTo(new { OpenCases = 1, OverdueCases = 1 });

        await Grid(GridA).ApplyCases([new GridCase(open.Id, open.Version, Open: true, Overdue: true)]);
        (await Grid(GridA).GetFigures()).OpenCases.Should().Be(1);
    }

    [Fact]
    public async Task A_situation_report_is_stored_once_and_counted()
    {
        var report = new SituationReport(Guid.NewGuid(), "safety", "楼道堆放杂物", "worker-1", _district.Clock.GetUtcNow());

        (await Grid(GridA).ReportSituation(report)).Should().Be(1);
        (await Grid(GridA).ReportSituation(report)).Should().Be(1);

        (await Grid(GridA).GetFigures()).Situations.Should().Be(1);
        (await Grid(GridA).Situations(10)).Should().Equal(report);
    }
}
