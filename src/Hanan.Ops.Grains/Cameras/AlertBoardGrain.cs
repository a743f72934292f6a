using Hanan.Ops.Contracts.Cameras;
using Hanan.Ops.Contracts.Live;
using Hanan.Ops.Domain.Cameras;
using Microsoft.Extensions.Logging;
using Orleans.Storage;

using Hanan.Ops.Grains.Live;

namespace Hanan.Ops.Grains.Cameras;

/// <summary>
/// Key 0: the command centre's alerts, raised idempotently by id, moved along new → acknowledged → dispatched → closed,
/// and pushed to the screens through the live feed after each stored change. The alerts are rows of the alert store
/// (<see cref="ICameraAlertStore"/>, no grain state): a change writes the one alert it changes, guarded by that row's
/// version. The board holds its working set in memory (every alert not closed, and the closed ones for
/// <see cref="KeepClosed"/> after their last step), read on activation and changed only once the store has the
/// change, so a failed write leaves it as it was. At most once per <see cref="PurgeEvery"/> a write also deletes the
/// closed alerts past <see cref="KeepClosed"/>.
/// </summary>
public sealed partial class AlertBoardGrain(ICameraAlertStore store, LiveHosts hosts, DistrictClock clock, ILogger<AlertBoardGrain> logger) : Grain, IAlertBoardGrain
{
    public static readonly TimeSpan KeepClosed = TimeSpan.FromDays(30);

    public static readonly TimeSpan PurgeEvery = TimeSpan.FromHours(1);

    private readonly Dictionary<Guid, StoredAlert> _alerts = [];

    /// <summary>When a write next purges; the first write after activation does.</summary>
    private DateTimeOffset _purgeDue;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var stored in await store.WorkingSetAsync(clock.Now - KeepClosed, cancellationToken))
        {
            _alerts[stored.Alert.Id] = stored;
        }

        _purgeDue = clock.Now;
    }

    public async Task<bool> Raise(CameraAlert alert)
    {
        if (_alerts.ContainsKey(alert.Id))
        {
            return false;
        }

        if (await store.InsertAsync(alert))
        {
            await Stored(new StoredAlert(alert, ICameraAlertStore.FirstVersion));
            return true;
        }

        // Stored, but not in the working set: closed long ago (nothing to do), or written by a raise whose answer was
        // lost after the commit (this is its retry), or by another activation. Those last two the screens may not have
        // had: take the stored alert up and push it.
        if (await store.GetAsync(alert.Id) is { } stored && AlertRetention.IsKept(stored.Alert, clock.Now - KeepClosed))
        {
            await Stored(stored);
        }

        return false;
    }

    public async Task<AlertActionResult> Act(Guid alertId, AlertAction action, string actor, string? note)
    {
        if (await Find(alertId) is not { } stored)
        {
            return new AlertActionResult(null, null, NotFound: true);
        }

        var alert = stored.Alert;
        var (next, refusal) = AlertLifecycle.Apply(alert.Status, action);
        if (next is not { } status)
        {
            return new AlertActionResult(alert, refusal, false);
        }

        var moved = alert with { Status = status, Steps = [.. alert.Steps, new AlertStep(status, clock.Now, actor, note)] };
        await Update(stored, moved);
        return new AlertActionResult(moved, null, false);
    }

    public async Task<AlertActionResult> LinkCase(Guid alertId, Guid caseId, string actor)
    {
        if (await Find(alertId) is not { } stored)
        {
            return new AlertActionResult(null, null, NotFound: true);
        }

        var alert = stored.Alert;
        if (alert.CaseId is { } existing)
        {
            return new AlertActionResult(alert, existing == caseId ? null : $"The alert already created case {existing}.", false);
        }

        var linked = alert with { CaseId = caseId, Steps = [.. alert.Steps, new AlertStep(alert.Status, clock.Now, actor, "立案 " + caseId.ToString("D"))] };
        await Update(stored, linked);
        return new AlertActionResult(linked, null, false);
    }

    public async Task<CameraAlert?> Get(Guid alertId) => (await Find(alertId))?.Alert;

    public Task<IReadOnlyList<CameraAlert>> List(AlertStatus? status, int limit)
    {
        var closedSince = clock.Now - KeepClosed;
        return Task.FromResult<IReadOnlyList<CameraAlert>>([.. _alerts.Values
            .Select(s => s.Alert)
            .Where(a => (status is null || a.Status == status) && AlertRetention.IsKept(a, closedSince))
            .OrderByDescending(a => a.RaisedAt)
            .ThenBy(a => a.Id)
            .Take(limit)]);
    }

    /// <summary>From the working set, or else from the store (a closed alert past retention that is not purged yet).</summary>
    private async Task<StoredAlert?> Find(Guid alertId) =>
        _alerts.TryGetValue(alertId, out var stored) ? stored : await store.GetAsync(alertId);

    private async Task Update(StoredAlert before, CameraAlert changed)
    {
        if (await store.UpdateAsync(changed, before.Version) is not { } version)
        {
            // The row is not at the version this activation read: another activation of the board wrote it (two can
            // live for a moment after a silo fails). Nothing was written; the next call reads the store again.
            DeactivateOnIdle();
            throw new InconsistentStateException(
                $"Alert {changed.Id} changed in the store since the board read it (version {before.Version}); nothing was written, try again.");
        }

        await Stored(new StoredAlert(changed, version));
    }

    /// <summary>The store has the alert: into the working set, to the screens, then the purge if it is due.</summary>
    private async Task Stored(StoredAlert stored)
    {
        _alerts[stored.Alert.Id] = stored;
        await hosts.FanOut(o => o.OnCameraAlert(stored.Alert));
        await PurgeIfDue();
    }

    private async Task PurgeIfDue()
    {
        var now = clock.Now;
        if (now < _purgeDue)
        {
            return;
        }

        _purgeDue = now + PurgeEvery;
        var before = now - KeepClosed;
        try
        {
            var deleted = await store.PurgeClosedAsync(before);
            foreach (var expired in _alerts.Values.Where(s => !AlertRetention.IsKept(s.Alert, before)).Select(s => s.Alert.Id).ToList())
            {
                _alerts.Remove(expired);
            }

            if (deleted > 0)
            {
                LogPurged(logger, deleted, before);
            }
        }
        catch (Exception e)
        {
            // The write it follows is stored and pushed; the purge runs again when next due.
            LogPurgeFailed(logger, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Alert board: deleted {Count} alerts closed before {Before}")]
    private static partial void LogPurged(ILogger logger, int count, DateTimeOffset before);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert board: purging closed alerts failed; it runs again within the hour")]
    private static partial void LogPurgeFailed(ILogger logger, Exception exception);
}
