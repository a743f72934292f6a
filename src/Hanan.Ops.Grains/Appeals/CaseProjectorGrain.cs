using Hanan.Ops.Contracts.Appeals;
using Microsoft.Extensions.Logging;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace Hanan.Ops.Grains.Appeals;

/// <summary>
/// Projects one partition of the case-activity stream into the case read model (lists, filters, figures). Batches
/// writes, keeps only the newest version of each case per batch, and retries a failed write on the next flush; the
/// read model's version guard makes late and repeated writes harmless.
/// </summary>
[ImplicitStreamSubscription(CaseActivityStream.Namespace)]
public sealed partial class CaseProjectorGrain(ICaseReadModel readModel, ILogger<CaseProjectorGrain> logger)
    : Grain, IGrainWithStringKey, IStreamSubscriptionObserver, IAsyncObserver<CaseActivity>
{
    private static readonly TimeSpan FlushEvery = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(2);
    private readonly Dictionary<Guid, CaseSummary> _pending = [];
    private IGrainTimer? _timer;

    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        await handleFactory.Create<CaseActivity>().ResumeAsync(this);

    public Task OnNextAsync(CaseActivity item, StreamSequenceToken? token = null)
    {
        if (!_pending.TryGetValue(item.CaseId, out var known) || known.Version < item.Summary.Version)
        {
            _pending[item.CaseId] = item.Summary;
        }

        Schedule(FlushEvery);
        return Task.CompletedTask;
    }

    public Task OnCompletedAsync() => Flush();

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await Flush();
    }

    private void Schedule(TimeSpan due) =>
        _timer ??= this.RegisterGrainTimer(static (grain, _) => grain.Flush(), this,
            new GrainTimerCreationOptions { DueTime = due, Period = Timeout.InfiniteTimeSpan, Interleave = false });

    private async Task Flush()
    {
        _timer?.Dispose();
        _timer = null;
        if (_pending.Count == 0)
        {
            return;
        }

        var batch = _pending.Values.ToArray();
        try
        {
            await readModel.UpsertAsync(batch);
            foreach (var s in batch)
            {
                if (_pending.TryGetValue(s.Id, out var current) && current.Version == s.Version)
                {
                    _pending.Remove(s.Id);
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogRetry(logger, ex, batch.Length);
            if (batch.Length > 1)
            {
                // One bad row must not hold back the partition: write the rows one by one, keep the ones that fail for a retry.
                foreach (var s in batch)
                {
                    try
                    {
                        await readModel.UpsertAsync([s]);
                        _pending.Remove(s.Id);
                    }
                    catch (ArgumentException invalid)
                    {
                        LogRejected(logger, invalid, s.Number);
                        _pending.Remove(s.Id);
                    }
                    catch (Exception again) when (again is not OperationCanceledException)
                    {
                        LogRetry(logger, again, 1);
                    }
                }
            }

            if (_pending.Count > 0)
            {
                Schedule(RetryAfter);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The read model refuses the summary of case {Number}; it is skipped")]
    private static partial void LogRejected(ILogger logger, Exception exception, string number);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing {Count} case summaries to the read model failed; retrying")]
    private static partial void LogRetry(ILogger logger, Exception exception, int count);
}
