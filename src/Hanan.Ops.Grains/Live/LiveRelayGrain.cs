using Hanan.Ops.Contracts.Appeals;
using Hanan.Ops.Contracts.Live;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace Hanan.Ops.Grains.Live;

/// <summary>
/// Listens to one partition of the case-activity stream and forwards it, in small batches, to the live feed and to the
/// district picture.
/// </summary>
[ImplicitStreamSubscription(CaseActivityStream.Namespace)]
public sealed class LiveRelayGrain : Grain, IGrainWithStringKey, IStreamSubscriptionObserver, IAsyncObserver<CaseActivity>
{
    private static readonly TimeSpan FlushEvery = TimeSpan.FromMilliseconds(25);
    private readonly List<CaseActivity> _buffer = [];
    private IGrainTimer? _timer;

    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        await handleFactory.Create<CaseActivity>().ResumeAsync(this);

    public Task OnNextAsync(CaseActivity item, StreamSequenceToken? token = null)
    {
        _buffer.Add(item);
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
        if (_buffer.Count == 0)
        {
            return;
        }

        var batch = _buffer.ToArray();
        _buffer.Clear();
        await Task.WhenAll(
            GrainFactory.GetGrain<ILiveFeedGrain>(0).Publish(batch),
            GrainFactory.GetGrain<IDistrictPictureGrain>(0).Apply([.. batch.Select(a => a.Summary)]));
    }
}
