using Hanan.Ops.Contracts.Appeals;
using Hanan.Ops.Domain.Appeals;
using Hanan.Ops.Domain.Delivery;
using Hanan.Ops.Grains;
using Hanan.Ops.Storage.Delivery;
using Microsoft.Extensions.Options;

namespace Hanan.Ops.Host.Delivery;

/// <summary>
/// Reads the case activity log with its own durable cursor and creates a delivery row for each open case that reaches
/// a bureau with its own system. Creating a row is idempotent, so a host that dies before moving the cursor only
/// reads some entries again; several hosts reading at once create each row once.
/// </summary>
public sealed partial class DeliveryIntake(
    ICaseStore cases, ICaseDeliveryStore deliveries, DistrictClock clock, IOptions<DeliveryOptions> options, ILogger<DeliveryIntake> logger)
    : BackgroundService
{
    public const string Consumer = "delivery";
    private const int Page = 500;
    private static readonly TimeSpan Settled = TimeSpan.FromSeconds(2);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Bureaus.Count > 0)
        {
            try
            {
                // A consumer new to the log starts at its end: cases filed before delivery was configured stay on the screens.
                await StartCursorsAsync(cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogUnavailable(logger, e);
            }
        }

        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.Bureaus.Count == 0)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await StartCursorsAsync(stoppingToken);
                for (var partition = 0; partition < CasePartitions.Count; partition++)
                {
                    await ReadPartitionAsync(partition, stoppingToken);
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogUnavailable(logger, e);
            }

            await Task.Delay(options.Value.Poll, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task StartCursorsAsync(CancellationToken cancellationToken)
    {
        for (var partition = 0; partition < CasePartitions.Count; partition++)
        {
            if (await cases.CursorAsync(Consumer, partition, cancellationToken) is null)
            {
                await cases.SaveCursorAsync(Consumer, partition, await cases.LogEndAsync(partition, cancellationToken), cancellationToken);
            }
        }
    }

    private async Task ReadPartitionAsync(int partition, CancellationToken cancellationToken)
    {
        var cursor = await cases.CursorAsync(Consumer, partition, cancellationToken) ?? 0;
        while (true)
        {
            var page = await cases.ActivityAfterAsync(partition, cursor, Page, Settled, cancellationToken);
            if (page.Count == 0)
            {
                return;
            }

            var due = page.SelectMany(e => DueOf(e.Activity)).Distinct().ToList();
            await deliveries.EnsureAsync(due, clock.Now, cancellationToken);
            cursor = page[^1].Position;
            await cases.SaveCursorAsync(Consumer, partition, cursor, cancellationToken);
            if (page.Count < Page)
            {
                return;
            }
        }
    }

    private IEnumerable<DeliveryDue> DueOf(CaseActivity activity)
    {
        var summary = activity.Summary;
        if (!summary.Status.IsOpen())
        {
            yield break;
        }

        foreach (var a in summary.Assignments)
        {
            if (a.Status != AssignmentStatus.Returned && options.Value.Bureaus.TryGetValue(a.BureauId, out var target) && target.ModeOf() is { } mode)
            {
                yield return new DeliveryDue(summary.Id, a.BureauId, summary.Number, DeliveryRules.Name(mode));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery intake could not read the case activity log; it tries again.")]
    private static partial void LogUnavailable(ILogger logger, Exception exception);
}
