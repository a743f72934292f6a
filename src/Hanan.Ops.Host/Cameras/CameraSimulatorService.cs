using Hanan.Ops.Contracts.Cameras;
using Hanan.Ops.Domain.Cameras;
using Hanan.Ops.Domain.Cameras.Simulation;
using Hanan.Ops.Grains;
using Microsoft.Extensions.Options;

namespace Hanan.Ops.Host.Cameras;

/// <summary>The traffic simulator for demos (<c>Hanan:Cameras:Simulator</c>); off by default.</summary>
public sealed class SimulatorOptions
{
    public const string Section = "Hanan:Cameras:Simulator";

    public bool Enabled { get; set; }

    /// <summary>Trips in a simulated day (40,000 is a realistic weekday for the 152 cameras).</summary>
    public int Trips { get; set; } = 40_000;

    public int Seed { get; set; } = 230108;

    /// <summary>How often the simulator delivers what is due and sends heartbeats (real time).</summary>
    public TimeSpan Tick { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>
/// Feeds the demo: installs the simulated day's fences and watchlist, then delivers each read and face event of the
/// day (the district clock's date) once the district clock passes it, through the same ingest as the HTTP endpoint,
/// with heartbeats for every camera. Restarting replays from the start of the day; the ingest drops the repeats.
/// </summary>
internal sealed partial class CameraSimulatorService(
    IOptions<SimulatorOptions> options,
    CameraNetwork network,
    CameraIngest ingest,
    IGrainFactory grains,
    DistrictClock clock,
    ILogger<CameraSimulatorService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (!o.Enabled)
        {
            return;
        }

        await Task.Yield();
        var day = TrafficSimulator.Generate(network, new TrafficSettings(DateOnly.FromDateTime(clock.Now.DateTime), o.Trips, o.Seed));
        var rules = grains.GetGrain<ISecurityRulesGrain>(0);
        foreach (var fence in TrafficSimulator.PlantFences(network))
        {
            await rules.PutFence(new FenceDefinition(fence.Id, fence.Name, [.. fence.Area.Shell.Coordinates.Select(c => new[] { c.X, c.Y })],
                fence.Rule.OnEnter, fence.Rule.OnExit, fence.Rule.DwellLimit, fence.Rule.ActiveHours?.Start, fence.Rule.ActiveHours?.End));
        }

        foreach (var wanted in day.Truth.WantedPlates)
        {
            await rules.PutWantedPlate(new WantedPlateEntry(wanted.Plate, wanted.Reason));
        }

        foreach (var person in day.Truth.Persons)
        {
            await rules.PutPerson(new PersonEntry(person.PersonRef, person.Reason));
        }

        LogStarted(logger, day.Reads.Count, day.Faces.Count, network.Cameras.Count);
        var events = day.Reads.Select(r => (r.At, Request: ToRequest(r))).Concat(day.Faces.Select(f => (f.At, Request: ToRequest(f))))
            .OrderBy(e => e.At).ToList();
        var next = 0;
        var lastHeartbeat = DateTimeOffset.MinValue;
        using var timer = new PeriodicTimer(o.Tick);
        while (next < events.Count && await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var now = clock.Now;
                var due = new List<CameraEventRequest?>();
                while (next < events.Count && events[next].At <= now && due.Count < CameraIngest.MaxBatch)
                {
                    due.Add(events[next++].Request);
                }

                if (due.Count > 0)
                {
                    await ingest.IngestAsync(due, stoppingToken);
                }

                if (now - lastHeartbeat >= TimeSpan.FromSeconds(20))
                {
                    lastHeartbeat = now;
                    await Task.WhenAll(network.Cameras.Select(c => grains.GetGrain<ICameraGrain>(c.Id.Value).Heartbeat()));
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, ex);
            }
        }
    }

    private static CameraEventRequest ToRequest(PlateSighting r) =>
        new("plate", null, r.CameraId, r.At, r.Plate, PlateColours.Name(r.Colour), r.Confidence, r.VehicleType, r.Direction, r.SnapshotRef, null, null);

    private static CameraEventRequest ToRequest(FaceEvent f) =>
        new("face", null, f.CameraId, f.At, null, null, f.Confidence, null, null, f.SnapshotRef, f.PersonRef, f.FeatureId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Camera simulator: {Reads} plate reads and {Faces} face events today on {Cameras} cameras")]
    private static partial void LogStarted(ILogger logger, int reads, int faces, int cameras);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Camera simulator: a delivery failed; continuing")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
