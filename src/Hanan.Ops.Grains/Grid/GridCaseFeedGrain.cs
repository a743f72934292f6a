using Hanan.Ops.Contracts.Appeals;
using Hanan.Ops.Contracts.Grid;
using Hanan.Ops.Domain.Appeals;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace Hanan.Ops.Grains.Grid;

/// <summary>
/// Listens to one partition of the case-activity stream and tells each grid, in small batches, the state of its cases,
/// so the grids' open and overdue figures follow cases opening and closing.
/// </summary>
[ImplicitStreamSubscription(CaseActivityStream.Namespace)]
public sealed class GridCaseFeedGrain : Grain, IGrainWithStringKey, IStreamSubscriptionObserver, IAsyncObserver<CaseActivity>
{
    private static readonly TimeSpan FlushEvery = TimeSpan.FromMilliseconds(25);
    private readonly Dictionary<Guid, CaseSummary> _pending = [];
    private IGrainTimer? _timer;

    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        await handleFactory.Create<CaseActivity>().ResumeAsync(this);

    public Task OnNextAsync(CaseActivity item, StreamSequenceToken? token = null)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (!_pending.TryGetValue(item.CaseId, out var known) || known.Version < item.Summary.Version)
        {
            _pending[item.CaseId] = item.Summary;
        }

        _timer ??= this.RegisterGrainTimer(static (grain, _) => grain.Flush(), this,
            new GrainTimerCreationOptions { DueTime = FlushEvery, Period = Timeout.InfiniteTimeSpan, Interleave = false });
        return Task.CompletedTask;
    }

    public Task OnCompletedAsync() => Flush();

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;

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
