using Hanan.Ops.Grains;
using Hanan.Ops.Grains.Cameras;
using Hanan.Ops.Storage.Cameras;
using Microsoft.Extensions.Options;

namespace Hanan.Ops.Host.Cameras;

/// <summary>
/// Enforces the retention of recognition events (PIPL: kept only as long as necessary): every
/// <see cref="CameraOptions.PurgeEvery"/> on the district clock, deletes plate reads older than
/// <see cref="CameraOptions.PlateRetention"/> and face events older than <see cref="CameraOptions.FaceRetention"/>, and
/// logs each purge as an audit entry (category <c>Hanan.Ops.Audit</c>) until the audit log arrives with the
/// security capability. Vehicle grains drop their own expired reads on their next write or query. Each host purges;
/// the deletes are idempotent.
/// </summary>
internal sealed partial class RetentionPurgeService(ISightingStore store, DistrictClock clock, IOptions<CameraOptions> options, ILoggerFactory loggers)
    : BackgroundService
{
    private readonly ILogger _audit = loggers.CreateLogger("Hanan.Ops.Audit");

    /// <summary>How many purges have run (for tests and metrics).</summary>
    public int Runs { get; private set; }

    public async Task<(int Reads, int Faces)> PurgeOnceAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.Now;
        var o = options.Value;
        var (reads, faces) = await store.PurgeAsync(now - o.PlateRetention, now - o.FaceRetention, cancellationToken);
        Runs++;
        LogPurged(_audit, reads, faces, now - o.PlateRetention, now - o.FaceRetention);
        return (reads, faces);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.Value.PurgeEvery, clock.Time, stoppingToken);
                await PurgeOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogFailed(_audit, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention purge: deleted {Reads} plate reads before {ReadsBefore} and {Faces} face events before {FacesBefore}")]
    private static partial void LogPurged(ILogger logger, int reads, int faces, DateTimeOffset readsBefore, DateTimeOffset facesBefore);

    [LoggerMessage(Level = LogLevel.Error, Message = "Retention purge failed; retrying on the next period")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
