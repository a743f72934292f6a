using Hanan.Ops.Contracts.Cameras;
using Hanan.Ops.Contracts.Live;
using Hanan.Ops.Domain.Cameras;

namespace Hanan.Ops.Grains.Cameras;

/// <summary>The command centre's alerts (state name <c>camera-alerts</c>).</summary>
[GenerateSerializer, Alias("hanan.cameras.AlertBoardState")]
public sealed class AlertBoardState
{
    [Id(0)] public Dictionary<Guid, CameraAlert> Alerts { get; set; } = [];
}

/// <summary>
/// Key 0: every alert, raised idempotently by id, moved along new → acknowledged → dispatched → closed, and pushed to
/// the screens through the live feed after each stored change. Closed alerts are kept for
/// <see cref="KeepClosed"/>, then dropped on the next write.
/// </summary>
public sealed class AlertBoardGrain(
    [PersistentState("camera-alerts", StorageProviders.District)] IPersistentState<AlertBoardState> state,
    DistrictClock clock) : Grain, IAlertBoardGrain
{
    public static readonly TimeSpan KeepClosed = TimeSpan.FromDays(30);

    public async Task<bool> Raise(CameraAlert alert)
    {
        if (state.State.Alerts.ContainsKey(alert.Id))
        {
            return false;
        }

        await Store(alert);
        return true;
    }

    public async Task<AlertActionResult> Act(Guid alertId, AlertAction action, string actor, string? note)
    {
        if (!state.State.Alerts.TryGetValue(alertId, out var alert))
        {
            return new AlertActionResult(null, null, NotFound: true);
        }

        var (next, refusal) = AlertLifecycle.Apply(alert.Status, action);
        if (next is not { } status)
        {
            return new AlertActionResult(alert, refusal, false);
        }

        var moved = alert with { Status = status, Steps = [.. alert.Steps, new AlertStep(status, clock.Now, actor, note)] };
        await Store(moved);
        return new AlertActionResult(moved, null, false);
    }

    public async Task<AlertActionResult> LinkCase(Guid alertId, Guid caseId, string actor)
    {
        if (!state.State.Alerts.TryGetValue(alertId, out var alert))
        {
            return new AlertActionResult(null, null, NotFound: true);
        }

        if (alert.CaseId is { } existing)
        {
            return new AlertActionResult(alert, existing == caseId ? null : $"The alert already created case {existing}.", false);
        }

        var linked = alert with { CaseId = caseId, Steps = [.. alert.Steps, new AlertStep(alert.Status, clock.Now, actor, "立案 " + caseId.ToString("D"))] };
        await Store(linked);
        return new AlertActionResult(linked, null, false);
    }

    public Task<CameraAlert?> Get(Guid alertId) => Task.FromResult(state.State.Alerts.GetValueOrDefault(alertId));

    public Task<IReadOnlyList<CameraAlert>> List(AlertStatus? status, int limit) =>
        Task.FromResult<IReadOnlyList<CameraAlert>>([.. state.State.Alerts.Values
            .Where(a => status is null || a.Status == status)
            .OrderByDescending(a => a.RaisedAt)
            .ThenBy(a => a.Id)
            .Take(limit)]);

    private async Task Store(CameraAlert alert)
    {
        state.State.Alerts.TryGetValue(alert.Id, out var before);
        state.State.Alerts[alert.Id] = alert;
        var cutoff = clock.Now - KeepClosed;
        var expired = state.State.Alerts.Values.Where(a => a.Status == AlertStatus.Closed && a.Steps[^1].At < cutoff).ToList();
        foreach (var old in expired)
        {
            state.State.Alerts.Remove(old.Id);
        }

        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            if (before is null)
            {
                state.State.Alerts.Remove(alert.Id);
            }
            else
            {
                state.State.Alerts[alert.Id] = before;
            }

            expired.ForEach(a => state.State.Alerts[a.Id] = a);
            throw;
        }

        await GrainFactory.GetGrain<ILiveFeedGrain>(0).PublishCameraAlert(alert);
    }
}
