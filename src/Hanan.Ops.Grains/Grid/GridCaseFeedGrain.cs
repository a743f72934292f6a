using Hanan.Ops.Contracts.Appeals;
using Hanan.Ops.Contracts.Grid;
using Hanan.Ops.Domain.Appeals;
using Hanan.Ops.Grains.Appeals;
using Microsoft.Extensions.Options;

namespace Hanan.Ops.Grains.Grid;

/// <summary>
/// Listens to one partition of case activity and tells each grid, in small batches, the state of its cases, so the
/// grids' open and overdue figures follow cases opening and closing; what the stream missed comes from the activity
/// log (<see cref="ActivityConsumerGrain"/>).
/// </summary>
[ImplicitStreamSubscription(CaseActivityStream.Namespace)]
public sealed class GridCaseFeedGrain(ICaseStore store, IOptions<LiveStreamOptions> streams, IOptions<EscalationOptions> escalation)
    : ActivityConsumerGrain(store, streams, escalation), IGridCaseFeedGrain
{
    private static readonly TimeSpan FlushEvery = TimeSpan.FromMilliseconds(25);
    private readonly Dictionary<Guid, CaseSummary> _pending = [];
    private IGrainTimer? _timer;

    protected override string ConsumerName => "grid-feed";

    protected override void Accept(CaseActivity activity)
    {
        if (!_pending.TryGetValue(activity.CaseId, out var known) || known.Version < activity.Summary.Version)
        {
            _pending[activity.CaseId] = activity.Summary;
        }

        _timer ??= this.RegisterGrainTimer(static (grain, _) => grain.Flush(), this,
            new GrainTimerCreationOptions { DueTime = FlushEvery, Period = Timeout.InfiniteTimeSpan, Interleave = false });
    }

    private async Task Flush()
    {
        _timer?.Dispose();
        _timer = null;
        if (_pending.Count == 0)
        {
            return;
        }

        var batch = _pending.Values.ToArray();
        _pending.Clear();
        await Task.WhenAll(batch
            .GroupBy(s => s.GridCode, StringComparer.Ordinal)
            .Select(g => GrainFactory.GetGrain<IGridGrain>(g.Key).ApplyCases([.. g.Select(s => new GridCase(s.Id, s.Version, s.Status.IsOpen(), s.Overdue))])));
    }
}
