using Hanan.Ops.Contracts.Appeals;
using Hanan.Ops.Contracts.Grid;
using Hanan.Ops.Contracts.Residents;
using Hanan.Ops.Domain.Appeals;
using Hanan.Ops.Domain.Population;

namespace Hanan.Ops.Grains.Grid;

/// <summary>The persisted state of one grid (state name <c>grid</c>): the grid workers' reports, the one thing it alone knows.</summary>
[GenerateSerializer, Alias("hanan.grid.GridState")]
public sealed class GridState
{
    [Id(0)] public List<SituationReport> Situations { get; set; } = [];

    /// <summary>Supervisors' ratings of the bureaus' service in the grid (监督).</summary>
    [Id(1)] public List<BureauRating> Ratings { get; set; } = [];
}

/// <summary>
/// One grid (网格), keyed by its code: the live figures on 人、事、地、物、情、组织. Residents, places, components and
/// organisations come from the base-data read model on activation; open cases from the case read model; then residents'
/// moves and case activity keep them current. Counting is idempotent (<see cref="GridTally"/>), so the order of
/// activation and notices does not matter.
/// </summary>
public sealed class GridGrain(
    [PersistentState("grid", StorageProviders.District)] IPersistentState<GridState> state,
    IResidentReadModel residents,
    ICaseReadModel cases) : Grain, IGridGrain
{
    private const int MaxSituations = 1000;
    private static readonly IReadOnlyList<CaseStatus> OpenStatuses = [.. Enum.GetValues<CaseStatus>().Where(CaseStatusRules.IsOpen)];

    private readonly GridTally _tally = new();

    private string Code => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var resident in await residents.ResidentsInGridAsync(Code, cancellationToken))
        {
            _tally.Arrive(resident);
        }

        var counts = await residents.GridBaseCountsAsync(Code, cancellationToken);
        _tally.Places = counts.Places;
        _tally.Things = counts.Things;
        _tally.Organisations = counts.Organisations;
        _tally.Situations = state.State.Situations.Count;

        string? after = null;
        do
        {
            var page = await cases.QueryAsync(new CaseQuery(Statuses: OpenStatuses, GridCode: Code, Limit: CaseQuery.MaxLimit, After: after), cancellationToken);
            foreach (var c in page.Items)
            {
                _tally.ApplyCase(Facts(new GridCase(c.Id, c.Version, true, c.Overdue)));
            }

            after = page.NextCursor;
        }
        while (after is not null);
    }

    public Task<GridFiguresView> GetFigures() => Task.FromResult(GridFiguresView.From(Code, _tally.Figures()));

    public Task ResidentArrived(GridResident resident)
    {
        ArgumentNullException.ThrowIfNull(resident);
        _tally.Arrive(resident.Facts);
        return Task.CompletedTask;
    }

    public Task ResidentLeft(Guid residentId)
    {
        _tally.Leave(residentId);
        return Task.CompletedTask;
    }

    public Task ApplyCases(IReadOnlyList<GridCase> cases)
    {
        ArgumentNullException.ThrowIfNull(cases);
        foreach (var c in cases)
        {
            _tally.ApplyCase(Facts(c));
        }

        return Task.CompletedTask;
    }

    public async Task<int> ReportSituation(SituationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var list = state.State.Situations;
        if (list.Exists(s => s.Id == report.Id))
        {
            return list.Count;
        }

        await AppendAndStore(list, report);
        _tally.Situations = list.Count;
        return list.Count;
    }

    public async Task<int> RateBureau(BureauRating rating)
    {
        ArgumentNullException.ThrowIfNull(rating);
        if (DutyRules.CheckRating(rating.Score) is { } error)
        {
            throw new ArgumentException(error, nameof(rating));
        }

        await AppendAndStore(state.State.Ratings, rating);
        return state.State.Ratings.Count(r => r.BureauId == rating.BureauId);
    }

    public Task<IReadOnlyList<BureauRatingSummary>> BureauRatings() =>
        Task.FromResult<IReadOnlyList<BureauRatingSummary>>([.. state.State.Ratings
            .GroupBy(r => r.BureauId, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new BureauRatingSummary(g.Key, g.Count(), Math.Round(g.Average(r => r.Score), 2)))]);

    public Task<IReadOnlyList<SituationReport>> Situations(int limit) =>
        Task.FromResult<IReadOnlyList<SituationReport>>([.. state.State.Situations.AsEnumerable().Reverse().Take(Math.Clamp(limit, 1, MaxSituations))]);

    /// <summary>Appends to a list of the state (dropping the oldest beyond the cap) and stores it; on failure the list is as before.</summary>
    private async Task AppendAndStore<T>(List<T> list, T item)
    {
        var before = list.ToList();
        list.Add(item);
        if (list.Count > MaxSituations)
        {
            list.RemoveAt(0);
        }

        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            list.Clear();
            list.AddRange(before);
            throw;
        }
    }

    private static GridCaseFacts Facts(GridCase c) => new(c.Id, c.Version, c.Open, c.Overdue);
}
