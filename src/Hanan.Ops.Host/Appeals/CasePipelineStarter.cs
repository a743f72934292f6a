using Hanan.Ops.Contracts.Appeals;

namespace Hanan.Ops.Host.Appeals;

/// <summary>
/// Wakes the case pipeline's partitioned grains on every host at start-up: the deadline schedulers and the consumers
/// of case activity (live relay, grid feed) register their reminders, which bring them back after a lost silo, and
/// look at the deadline index and the activity log at once. A database that is briefly unreachable delays this (retried
/// every few seconds, logged); it never stops the host from starting.
/// </summary>
internal sealed partial class CasePipelineStarter(IGrainFactory grains, ILogger<CasePipelineStarter> logger) : BackgroundService
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(3);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var pending = Enumerable.Range(0, CasePartitions.Count).SelectMany(Partition).ToList();
        for (var attempt = 1; pending.Count > 0; attempt++)
        {
            var results = await Task.WhenAll(pending.Select(async start =>
            {
                try
                {
                    await start.Run();
                    return null;
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    LogRetry(logger, ex, start.Name, attempt);
                    return start;
                }
            }));
            pending = [.. results.OfType<Start>()];
            if (pending.Count > 0)
            {
                await Task.Delay(RetryAfter, stoppingToken);
            }
        }
    }

    private IEnumerable<Start> Partition(int p)
    {
        var key = CaseActivityStream.PartitionOf(p);
        yield return new Start($"deadline scheduler {p}", () => grains.GetGrain<IDeadlineSchedulerGrain>(p).Start());
        yield return new Start($"live relay {key}", () => grains.GetGrain<ILiveRelayGrain>(key).Start());
        yield return new Start($"grid feed {key}", () => grains.GetGrain<IGridCaseFeedGrain>(key).Start());
    }

    private sealed record Start(string Name, Func<Task> Run);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Starting the {Name} failed (attempt {Attempt}); retrying shortly")]
    private static partial void LogRetry(ILogger logger, Exception exception, string name, int attempt);
}
