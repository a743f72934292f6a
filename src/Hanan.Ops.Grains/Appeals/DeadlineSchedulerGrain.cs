using Hanan.Ops.Contracts.Appeals;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hanan.Ops.Grains.Appeals;

/// <summary>
/// One partition of the durable deadline index (key 0…<see cref="CasePartitions.Count"/> − 1). The index is written in
/// the same commit as every change of a case, so a stored open case always has its next steps in it. This grain asks
/// each case whose deadline has come to evaluate it (<see cref="ICaseGrain.EvaluateDeadlines"/>); the case's record of
/// applied steps makes each step apply exactly once, however often it is asked, by however many silos.
/// One reminder per partition brings the grain back after a silo is lost; while active a timer aims at the
/// partition's next deadline, or looks again after <see cref="EscalationOptions.Poll"/>.
/// </summary>
public sealed partial class DeadlineSchedulerGrain(
    ICaseStore store, DistrictClock clock, IOptions<EscalationOptions> options, ILogger<DeadlineSchedulerGrain> logger)
    : Grain, IDeadlineSchedulerGrain, IRemindable
{
    private const string KeepAlive = "deadline-scheduler";
    private const int Page = 256;

    /// <summary>Pages one tick works through before it lets the timer bring it back (other calls get their turn).</summary>
    private const int PagesPerTick = 40;
    private IGrainTimer? _timer;

    public async Task Start()
    {
        await this.RegisterOrUpdateReminder(KeepAlive, options.Value.ReminderPeriod, options.Value.ReminderPeriod);
        Aim(TimeSpan.Zero);
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => Tick();

    public async Task<int> Tick()
    {
        var partition = (int)this.GetPrimaryKeyLong();
        var o = options.Value;
        var asked = 0;
        var failed = 0;
        DateTimeOffset? next = null;
        var more = false;
        try
        {
            for (var page = 0; page < PagesPerTick; page++)
            {
                var due = await store.DueAsync(partition, clock.Now, Page);
                foreach (var chunk in due.Cases.Chunk(o.Concurrency))
                {
                    var results = await Task.WhenAll(chunk.Select(Evaluate));
                    failed += results.Count(ok => !ok);
                }

                asked += due.Cases.Count;
                next = due.NextDue;
                more = due.Cases.Count == Page;
                if (!more || failed > 0)
                {
                    break;
                }
            }
        }
        catch (CaseStoreUnavailableException ex)
        {
            LogIndexUnavailable(logger, ex, partition);
            Aim(o.Poll);
            return asked;
        }

        // After a failure, not at once again: the poll period paces the retries of a case that cannot be stored now.
        var delay = failed > 0 ? o.Poll : more ? TimeSpan.Zero : next is null ? o.Poll : next.Value - clock.Now;
        Aim(delay < TimeSpan.Zero ? TimeSpan.Zero : delay > o.Poll ? o.Poll : delay);
        return asked;
    }

    private async Task<bool> Evaluate(Guid caseId)
    {
        try
        {
            await GrainFactory.GetGrain<ICaseGrain>(caseId).EvaluateDeadlines();
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // It stays due in the index: the next look asks again.
            LogCaseFailed(logger, ex, caseId);
            return false;
        }
    }

    private void Aim(TimeSpan delay)
    {
        _timer?.Dispose();
        _timer = this.RegisterGrainTimer(
            static (grain, _) => grain.Tick(),
            this,
            new GrainTimerCreationOptions { DueTime = delay, Period = Timeout.InfiniteTimeSpan, Interleave = false, KeepAlive = true });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deadline partition {Partition}: the index could not be read; looking again shortly")]
    private static partial void LogIndexUnavailable(ILogger logger, Exception exception, int partition);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Case {CaseId} could not evaluate its deadlines; it stays due and is asked again")]
    private static partial void LogCaseFailed(ILogger logger, Exception exception, Guid caseId);
}
