using Hanan.Ops.Contracts.Cameras;
using Hanan.Ops.Contracts.Live;
using Hanan.Ops.Domain.Cameras;
using Hanan.Ops.Domain.Cameras.Simulation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using Hanan.Ops.Grains.Live;

namespace Hanan.Ops.Grains.Cameras;

/// <summary>The persisted part of a camera (state name <c>camera</c>): only its online/offline transitions are written.</summary>
[GenerateSerializer, Alias("hanan.cameras.CameraState")]
public sealed class CameraState
{
    [Id(0)] public bool Online { get; set; }

    [Id(1)] public DateTimeOffset? LastHeartbeat { get; set; }

    [Id(2)] public DateTimeOffset? OfflineSince { get; set; }
}

/// <summary>
/// One camera, keyed by its GB/T 28181 ID. A heartbeat or a read marks it online; an online camera checks every
/// <see cref="CameraOptions.HeartbeatCheck"/> whether the district clock has moved more than
/// <see cref="CameraOptions.HeartbeatTimeout"/> past its last sign of life, and if so goes offline and raises a
/// camera-offline alert. A camera expected since start-up (<see cref="Expect"/>) and never heard from does the same,
/// the timeout counted from when it was first expected; it is reported once (<see cref="CameraState.OfflineSince"/> is
/// kept), not again at every start. Recognitions per minute and mean confidence are counted over the last minute, in memory.
/// </summary>
public sealed partial class CameraGrain(
    [PersistentState("camera", StorageProviders.District)] IPersistentState<CameraState> state,
    DistrictClock clock,
    CameraNetwork network,
    LiveHosts hosts,
    IOptions<CameraOptions> options,
    ILogger<CameraGrain> logger) : Grain, ICameraGrain
{
    private readonly Queue<(DateTimeOffset At, int Count, double ConfidenceSum)> _recent = new();
    private CameraSite _site = null!;
    private DateTimeOffset? _lastSign;
    private DateTimeOffset? _lastRead;
    private DateTimeOffset? _expectedSince;
    private IGrainTimer? _watch;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var id = this.GetPrimaryKeyString();
        _site = network.Find(id) ?? throw new ArgumentException($"Camera {id} is not on the district's camera network.");
        if (state.State.Online)
        {
            // Reactivated while online: the heartbeats that kept coming are not known, so the timeout starts afresh.
            _lastSign = clock.Now;
            Watch();
        }

        return base.OnActivateAsync(cancellationToken);
    }

    public async Task<CameraStatus> Heartbeat()
    {
        await SignOfLife();
        return Status();
    }

    public async Task Recognised(int count, double confidenceSum)
    {
        var now = clock.Now;
        _recent.Enqueue((now, count, confidenceSum));
        _lastRead = now;
        await SignOfLife();
    }

    public Task<CameraStatus> GetStatus() => Task.FromResult(Status());

    public Task Expect()
    {
        // Online: already watched. Reported offline before (this run or an earlier one): nothing new to report.
        if (!state.State.Online && state.State.OfflineSince is null && _expectedSince is null)
        {
            _expectedSince = clock.Now;
            Watch();
        }

        return Task.CompletedTask;
    }

    private async Task SignOfLife()
    {
        _lastSign = clock.Now;
        if (!state.State.Online)
        {
            state.State.Online = true;
            state.State.LastHeartbeat = _lastSign;
            state.State.OfflineSince = null;
            await state.WriteStateAsync();
            await Publish();
        }

        Watch();
    }

    private void Watch() =>
        _watch ??= this.RegisterGrainTimer(
            static (grain, _) => grain.CheckHeartbeat(),
            this,
            new GrainTimerCreationOptions { DueTime = options.Value.HeartbeatCheck, Period = options.Value.HeartbeatCheck, Interleave = false, KeepAlive = true });

    private async Task CheckHeartbeat()
    {
        var now = clock.Now;
        var timeout = options.Value.HeartbeatTimeout;
        if (state.State.Online && _lastSign is { } last && now - last > timeout)
        {
            await GoOffline(now, last, last, $"最后心跳 {last:HH:mm:ss}，超过 {timeout.TotalSeconds:0} 秒未响应");
        }
        else if (!state.State.Online && state.State.OfflineSince is null && _expectedSince is { } since && now - since > timeout)
        {
            await GoOffline(now, null, since, $"启动以来未收到心跳（{since:HH:mm:ss} 起），超过 {timeout.TotalSeconds:0} 秒");
        }
    }

    /// <param name="last">The last sign of life, or null for a camera never heard from.</param>
    /// <param name="since">What the silence is counted from (keys the alert, so that a repeat is the same alert).</param>
    private async Task GoOffline(DateTimeOffset now, DateTimeOffset? last, DateTimeOffset since, string detail)
    {
        state.State.Online = false;
        state.State.LastHeartbeat = last;
        state.State.OfflineSince = now;
        await state.WriteStateAsync();
        _watch?.Dispose();
        _watch = null;
        if (last is { } heartbeat)
        {
            LogOffline(logger, _site.Id.Value, heartbeat);
        }
        else
        {
            LogNeverHeard(logger, _site.Id.Value, since);
        }

        var alert = new CameraAlert(
            AlertLifecycle.IdFor(AlertKind.CameraOffline, _site.Id.Value, _site.Id.Value, since),
            AlertKind.CameraOffline, now, _site.Id.Value, _site.Latitude, _site.Longitude, _site.GridCode, null, null, null,
            $"{_site.Intersection} 摄像机离线：{detail}",
            AlertStatus.New, [new AlertStep(AlertStatus.New, now, "system", null)], null);
        await GrainFactory.GetGrain<IAlertBoardGrain>(0).Raise(alert);
        await Publish();
    }

    private CameraStatus Status()
    {
        var now = clock.Now;
        while (_recent.TryPeek(out var oldest) && now - oldest.At > TimeSpan.FromMinutes(1))
        {
            _recent.Dequeue();
        }

        var count = _recent.Sum(r => r.Count);
        double? mean = count == 0 ? null : Math.Round(_recent.Sum(r => r.ConfidenceSum) / count, 4);
        return new CameraStatus(_site.Id.Value, _site.Intersection, _site.Latitude, _site.Longitude, _site.HeadingDegrees, _site.GridCode,
            state.State.Online, _lastSign ?? state.State.LastHeartbeat, count, mean, _lastRead);
    }

    private Task Publish()
    {
        var status = Status();
        return hosts.FanOut(o => o.OnCameraStatus(status));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Camera {CameraId} went offline; last heartbeat {LastHeartbeat}")]
    private static partial void LogOffline(ILogger logger, string cameraId, DateTimeOffset lastHeartbeat);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Camera {CameraId} is offline: not heard from since {ExpectedSince} (start-up)")]
    private static partial void LogNeverHeard(ILogger logger, string cameraId, DateTimeOffset expectedSince);
}
