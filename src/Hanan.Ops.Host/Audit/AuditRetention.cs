using Hanan.Ops.Storage.Audit;
using Microsoft.Extensions.Options;

namespace Hanan.Ops.Host.Audit;

/// <summary>
/// Purges audit records older than the retention period, as a whole prefix behind a checkpoint record, so the
/// retained log still verifies. Runs on every host; the store's lock makes concurrent purges harmless.
/// </summary>
internal sealed partial class AuditRetention(IAuditStore store, IOptions<AuditOptions> options, TimeProvider time, ILogger<AuditRetention> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PurgeInterval, time);
        do
        {
            try
            {
                var now = time.GetUtcNow();
                var removed = await store.PurgeBeforeAsync(now.AddDays(-options.Value.RetentionDays), now, stoppingToken);
                if (removed > 0)
                {
                    Purged(log, removed, options.Value.RetentionDays);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                PurgeFailed(log, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit retention: {Removed} records older than {Days} days purged behind a checkpoint.")]
    private static partial void Purged(ILogger logger, long removed, int days);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Audit retention purge failed; it is tried again at the next interval.")]
    private static partial void PurgeFailed(ILogger logger, Exception exception);
}
