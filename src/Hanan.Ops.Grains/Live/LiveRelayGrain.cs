using Hanan.Ops.Contracts.Appeals;
using Hanan.Ops.Contracts.Live;
using Hanan.Ops.Grains.Appeals;
using Microsoft.Extensions.Options;

namespace Hanan.Ops.Grains.Live;

/// <summary>
/// Listens to one partition of case activity and forwards it, in small batches, straight to every host's screens
/// (<see cref="LiveHosts"/>) and to the district picture; what the stream missed comes from the activity log (<see cref="ActivityConsumerGrain"/>).
/// </summary>
[ImplicitStreamSubscription(CaseActivityStream.Namespace)]
public sealed class LiveRelayGrain(ICaseStore store, LiveHosts hosts, IOptions<LiveStreamOptions> streams, IOptions<EscalationOptions> escalation)
    : ActivityConsumerGrain(store, streams, escalation), ILiveRelayGrain
{
    private static readonly TimeSpan FlushEvery = TimeSpan.FromMilliseconds(25);
    private readonly List<CaseActivity> _buffer = [];
    private IGrainTimer? _timer;

    protected override string ConsumerName => "live-relay";

    protected override void Accept(CaseActivity activity)
    {
        _buffer.Add(activity);
        _timer ??= this.RegisterGrainTimer(static (grain, _) => grain.Flush(), this,
            new GrainTimerCreationOptions { DueTime = FlushEvery, Period = Timeout.InfiniteTimeSpan, Interleave = false });
    }

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
            hosts.FanOut(o => o.OnActivity(batch)),
            GrainFactory.GetGrain<IDistrictPictureGrain>(0).Apply([.. batch.Select(a => a.Summary)]));
    }
}
