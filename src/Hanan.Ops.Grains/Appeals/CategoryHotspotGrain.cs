using Hanan.Ops.Contracts.Appeals;
using Hanan.Ops.Domain.Appeals;

namespace Hanan.Ops.Grains.Appeals;

/// <summary>
/// The hotspot watch of one category: a sliding cluster window and the open cases nearby, from the domain's
/// <see cref="ClusterWindow"/> and <see cref="DuplicateFinder"/>. Nothing is stored: on activation it reloads the
/// category's recent and open cases from the read model.
/// </summary>
public sealed class CategoryHotspotGrain(RoutingTable routing, ICaseReadModel readModel, DistrictClock clock) : Grain, ICategoryHotspotGrain
{
    private static readonly CaseStatus[] OpenStatuses = [CaseStatus.Dispatched, CaseStatus.InProgress, CaseStatus.AwaitingCitizen];
    private ClusterWindow _window = null!;
    private DuplicateFinder _open = null!;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var rule = routing.HotCluster;
        _window = new ClusterWindow(rule);
        _open = new DuplicateFinder(rule.RadiusMeters);
        var category = this.GetPrimaryKeyString();
        var now = clock.Now;
        var recent = await readModel.FiledBetweenAsync(now - TimeSpan.FromHours(rule.WindowHours), now.AddMinutes(1), cancellationToken);
        foreach (var s in recent.Where(s => s.CategoryCode == category).OrderBy(s => s.FiledAt))
        {
            _window.Add(new ClusterAppeal(s.Id, category, s.Latitude, s.Longitude, s.FiledAt));
        }

        string? after = null;
        do
        {
            var page = await readModel.QueryAsync(new CaseQuery(Statuses: OpenStatuses, CategoryCode: category, Limit: CaseQuery.MaxLimit, After: after), cancellationToken);
            foreach (var s in page.Items)
            {
                _open.Add(new OpenCaseLocation(s.Id, category, s.Latitude, s.Longitude, s.FiledAt));
            }

            after = page.NextCursor;
        }
        while (after is not null);
    }

    public Task<HotspotVerdict> Observe(Guid caseId, double latitude, double longitude, DateTimeOffset filedAt)
    {
        var category = this.GetPrimaryKeyString();
        var outcome = _window.Add(new ClusterAppeal(caseId, category, latitude, longitude, filedAt));
        var candidates = new List<Guid>();
        foreach (var near in _open.Find(category, latitude, longitude, except: caseId))
        {
            if (near.IsOriginalFor(caseId, filedAt))
            {
                candidates.Add(near.CaseId);
            }
            else
            {
                // Heard of out of filing order (two cases filed at nearly the same moment): the later one, already
                // observed, is the duplicate. One-way and not awaited: that case may be waiting on this grain.
                _ = GrainFactory.GetGrain<ICaseGrain>(near.CaseId).OfferDuplicate(caseId);
            }
        }

        _open.Add(new OpenCaseLocation(caseId, category, latitude, longitude, filedAt));
        IReadOnlyList<Guid> cluster = outcome.CompletesCluster ? [.. outcome.Members.Select(m => m.Id)] : [];
        return Task.FromResult(new HotspotVerdict(cluster, candidates));
    }

    public Task Forget(Guid caseId)
    {
        _open.Remove(caseId);
        return Task.CompletedTask;
    }
}
