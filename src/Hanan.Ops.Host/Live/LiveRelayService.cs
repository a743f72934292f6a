using Hanan.Ops.Contracts.Appeals;
using Hanan.Ops.Contracts.Cameras;
using Hanan.Ops.Contracts.Live;
using Hanan.Ops.Grains.Live;
using Hanan.Ops.Host.Appeals;
using Microsoft.AspNetCore.SignalR;

namespace Hanan.Ops.Host.Live;

/// <summary>
/// This host's observer of live activity, registered under its silo with <see cref="ILiveHostRegistryGrain"/>: receives
/// every case activity of the cluster straight from the relay that has it, and pushes it to this host's own SignalR
/// connections, by view, and every change of the district picture to the wall. Registers again periodically
/// (observers are best-effort by design).
/// </summary>
internal sealed partial class LiveRelayService(
    IGrainFactory grains, ILocalSiloDetails silo, LiveHosts liveHosts, IHubContext<DistrictHub> hub, CaseProjection projection,
    ILogger<LiveRelayService> logger)
    : BackgroundService, ILiveObserver
{
    public const string Method = "caseActivity";
    public const string PictureMethod = "pictureDelta";
    public const string CameraAlertMethod = "cameraAlert";
    public const string CameraStatusMethod = "cameraStatus";
    private readonly SemaphoreSlim _pictureOrder = new(1, 1);
    private ILiveObserver? _self;
    private long _lastPicture;

    /// <summary>
    /// Sends each activity to every view, each audience its own shape (<see cref="CaseProjection"/>): the broadcast screens,
    /// oversight (supervision, the leaders' hot list, oversight following the case), each assigned bureau (its group and
    /// its members following the case), grid workers following the case, and the citizen following it.
    /// </summary>
    public async Task OnActivity(IReadOnlyList<CaseActivity> batch)
    {
        foreach (var activity in batch.Where(a => a.Action != CaseActivityStream.SyncAction))
        {
            var summary = activity.Summary;
            var oversightGroups = new List<string>(3) { LiveGroups.Supervision, LiveGroups.Case(activity.CaseId, CaseAudience.OversightAudience) };
            if (summary.Hot)
            {
                oversightGroups.Add(LiveGroups.Leaders);
            }

            var sends = new List<Task>(summary.Assignments.Count + 4)
            {
                hub.Clients.Groups(LiveGroups.Wall, LiveGroups.Street(summary.StreetCode), LiveGroups.Community(summary.CommunityCode), LiveGroups.Grid(summary.GridCode))
                    .SendAsync(Method, projection.Broadcast(activity)),
                hub.Clients.Groups(oversightGroups).SendAsync(Method, projection.ForStaff(activity, CaseAudience.OversightAudience)),
                hub.Clients.Group(LiveGroups.Case(activity.CaseId, CaseAudience.GridAudience)).SendAsync(Method, projection.ForStaff(activity, CaseAudience.GridAudience)),
                hub.Clients.Group(LiveGroups.Case(activity.CaseId, CaseAudience.CitizenAudience)).SendAsync(Method, projection.ForCitizen(activity)),
            };
            foreach (var bureau in summary.Assignments.Select(x => x.BureauId).Distinct())
            {
                var audience = new CaseAudience.Bureau(bureau);
                sends.Add(hub.Clients.Groups(LiveGroups.Bureau(bureau), LiveGroups.Case(activity.CaseId, audience)).SendAsync(Method, projection.ForStaff(activity, audience)));
            }

            try
            {
                await Task.WhenAll(sends);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogPushFailed(logger, ex, activity.Number);
            }
        }
    }

    /// <summary>
    /// Pushes a picture delta to the wall. One at a time and never one older than the last pushed, so the wall sees
    /// rising sequence numbers; a delta that arrives too late is dropped and the wall sees a gap (and refetches).
    /// </summary>
    public async Task OnPicture(PictureDelta delta)
    {
        await _pictureOrder.WaitAsync();
        try
        {
            if (delta.Sequence <= _lastPicture)
            {
                return;
            }

            _lastPicture = delta.Sequence;
            await hub.Clients.Group(LiveGroups.Wall).SendAsync(PictureMethod, delta);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogPicturePushFailed(logger, ex, delta.Sequence);
        }
        finally
        {
            _pictureOrder.Release();
        }
    }

    /// <summary>Alerts: in full to the police group, with the plate masked to the wall.</summary>
    public async Task OnCameraAlert(CameraAlert alert)
    {
        try
        {
            await Task.WhenAll(
                hub.Clients.Group(LiveGroups.Police).SendAsync(CameraAlertMethod, Cameras.LiveCameraAlert.From(alert)),
                hub.Clients.Group(LiveGroups.Wall).SendAsync(CameraAlertMethod, Cameras.LiveCameraAlert.From(alert.MaskedForPublic())));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogAlertPushFailed(logger, ex, alert.Id);
        }
    }

    public async Task OnCameraStatus(CameraStatus status)
    {
        try
        {
            await hub.Clients.Group(LiveGroups.Wall).SendAsync(CameraStatusMethod, status);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogAlertPushFailed(logger, ex, Guid.Empty);
        }
    }

    public override void Dispose()
    {
        _pictureOrder.Dispose();
        base.Dispose();
    }

    /// <summary>
    /// Registers before the web server starts, so no screen can connect to this host before the cluster knows to send it
    /// live activity; the renewals then run in the background.
    /// </summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await RegisterAsync();
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var renew = new PeriodicTimer(LiveHostRegistryGrain.Renewal);
        try
        {
            while (await renew.WaitForNextTickAsync(stoppingToken))
            {
                await RegisterAsync();
            }
        }
        catch (OperationCanceledException)
        {
        }

        try
        {
            await grains.GetGrain<ILiveHostRegistryGrain>(0).Unregister(silo.SiloAddress);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogSubscribeFailed(logger, ex);
        }
    }

    private async Task RegisterAsync()
    {
        try
        {
            _self ??= grains.CreateObjectReference<ILiveObserver>(this);
            await grains.GetGrain<ILiveHostRegistryGrain>(0).Register(silo.SiloAddress, _self);
            // This silo's senders read the registry again at once rather than after their cache's refresh.
            liveHosts.Invalidate();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogSubscribeFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pushing case {Number} to the screens failed")]
    private static partial void LogPushFailed(ILogger logger, Exception exception, string number);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pushing picture delta {Sequence} to the wall failed")]
    private static partial void LogPicturePushFailed(ILogger logger, Exception exception, long sequence);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pushing camera alert or status {AlertId} to the screens failed")]
    private static partial void LogAlertPushFailed(ILogger logger, Exception exception, Guid alertId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Registering this host for live activity failed; retrying on the next renewal")]
    private static partial void LogSubscribeFailed(ILogger logger, Exception exception);
}
