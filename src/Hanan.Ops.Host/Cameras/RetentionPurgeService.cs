using System.Globalization;
using Hanan.Ops.Domain.Audit;
using Hanan.Ops.Grains;
using Hanan.Ops.Grains.Cameras;
using Hanan.Ops.Storage.Audit;
using Hanan.Ops.Storage.Cameras;
using Microsoft.Extensions.Options;

namespace Hanan.Ops.Host.Cameras;

/// <summary>
/// Enforces the retention of recognition events (PIPL: kept only as long as necessary): every
/// <see cref="CameraOptions.PurgeEvery"/> on the district clock, deletes plate reads older than
/// <see cref="CameraOptions.PlateRetention"/> and face events older than <see cref="CameraOptions.FaceRetention"/>, and
/// records each purge in the audit log (action <c>camera.retention-purge</c>, actor <c>system</c>: how many of each
/// were deleted, before which instants), stored before the purge counts as done. Vehicle grains drop their own expired
/// reads on their next write or query. Each host purges; the deletes are idempotent.
/// </summary>
internal sealed partial class RetentionPurgeService(
    ISightingStore store, IAuditStore audit, DistrictClock clock, IOptions<CameraOptions> options, ILoggerFactory loggers)
    : BackgroundService
{
    public const string AuditAction = "camera.retention-purge";

    private readonly ILogger _log = loggers.CreateLogger("Hanan.Ops.Audit");

    /// <summary>How many purges have run (for tests and metrics).</summary>
    public int Runs { get; private set; }

    public async Task<(int Reads, int Faces)> PurgeOnceAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.Now;
        var o = options.Value;
        var (readsBefore, facesBefore) = (now - o.PlateRetention, now - o.FaceRetention);
        var (reads, faces) = await store.PurgeAsync(readsBefore, facesBefore, cancellationToken);
        // The purge is itself audited; the record is written even when the host is stopping.
        await audit.AppendAsync(
            new AuditEntry(now, "system", "system", AuditAction, "camera_plate_read, camera_face_event", null, AuditOutcome.Success,
                string.Create(CultureInfo.InvariantCulture,
                    $"deleted {reads} plate reads before {readsBefore:O} ({o.PlateRetention.TotalDays:0} days) and {faces} face events before {facesBefore:O} ({o.FaceRetention.TotalDays:0} days)")),
            CancellationToken.None);
        Runs++;
        LogPurged(_log, reads, faces, readsBefore, facesBefore);
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
                LogFailed(_log, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention purge: deleted {Reads} plate reads before {ReadsBefore} and {Faces} face events before {FacesBefore}")]
    private static partial void LogPurged(ILogger logger, int reads, int faces, DateTimeOffset readsBefore, DateTimeOffset facesBefore);

    [LoggerMessage(Level = LogLevel.Error, Message = "Retention purge failed; retrying on the next period")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
