using Microsoft.Extensions.Options;

namespace Hanan.Ops.Host.Calendar;

/// <summary>The <c>Hanan:Calendar</c> section.</summary>
public sealed class CalendarOptions
{
    public const string Section = "Hanan:Calendar";

    /// <summary>How often each host reads the stored calendar's revision: a year loaded on another host applies here within it.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// Keeps this silo's calendar current: reads the stored years before the host serves, then their revision at every
/// refresh interval, and rebuilds when another host loaded a year or the district clock reached a year that needs its
/// provisional successor. A failed read keeps the calendar in use and is tried again at the next interval.
/// </summary>
internal sealed partial class CalendarSync(DistrictCalendar calendar, IOptions<CalendarOptions> options, ILogger<CalendarSync> logger) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await RefreshAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Operational polling: real time, not the district's business clock.
        using var timer = new PeriodicTimer(options.Value.RefreshInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await RefreshAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        try
        {
            await calendar.RefreshAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogRefreshFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the stored working-day calendar failed; the calendar in use stays until the next refresh")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
