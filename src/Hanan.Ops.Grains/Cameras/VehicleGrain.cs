using System.Globalization;
using Hanan.Ops.Contracts.Cameras;
using Hanan.Ops.Domain.Cameras;
using Hanan.Ops.Domain.Cameras.Simulation;
using Microsoft.Extensions.Options;

namespace Hanan.Ops.Grains.Cameras;

/// <summary>
/// The persisted record of one plate (state name <c>camera-vehicle</c>): reads within the retention period, first
/// appearance, night reads, fence stays, and alerts stored but not yet handed to the alert board (an outbox: they
/// are raised after the write, and again on the next activation if that failed; raising is idempotent).
/// </summary>
[GenerateSerializer, Alias("hanan.cameras.VehicleState")]
public sealed class VehicleState
{
    [Id(0)] public List<PlateRead> Reads { get; set; } = [];

    [Id(1)] public DateTimeOffset? FirstSeen { get; set; }

    [Id(2)] public int NightReads { get; set; }

    [Id(3)] public List<FenceStayState> Stays { get; set; } = [];

    [Id(4)] public DateTimeOffset? LastCloneAlertAt { get; set; }

    [Id(5)] public DateTimeOffset? LastWantedAlertAt { get; set; }

    [Id(6)] public List<CameraAlert> PendingAlerts { get; set; } = [];
}

[GenerateSerializer, Immutable, Alias("hanan.cameras.FenceStayState")]
public sealed record FenceStayState([property: Id(0)] string FenceId, [property: Id(1)] DateTimeOffset EnteredAt,
    [property: Id(2)] DateTimeOffset LastInsideAt, [property: Id(3)] bool DwellReported);

/// <summary>
/// One vehicle, keyed by its normalised plate. Applies the domain's <see cref="VehicleRecord"/>: reads in time order
/// whatever order they arrive in, repeats ignored, cloned-plate check against the neighbouring reads, fences and the
/// wanted list. Reads older than the retention period are dropped on every write and never accepted.
/// </summary>
public sealed class VehicleGrain(
    [PersistentState("camera-vehicle", StorageProviders.District)] IPersistentState<VehicleState> state,
    DistrictClock clock,
    CameraNetwork network,
    SecurityRulesCache rulesCache,
    IOptions<CameraOptions> options) : Grain, IVehicleGrain
{
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await RaisePending();
        await base.OnActivateAsync(cancellationToken);
    }

    public async Task<VehicleRecordResult> Record(IReadOnlyList<PlateRead> reads)
    {
        var plate = this.GetPrimaryKeyString();
        var resolved = rulesCache.Resolve(await GrainFactory.GetGrain<ISecurityRulesGrain>(0).GetRules());
        var o = options.Value;
        CameraDistance distance = o.CloneDistance == "road" ? network.RoadDistance : CloneDetector.GreatCircleDistance;
        var rules = new VehicleRules(o.CloneRules(), distance, resolved.Fences, resolved.Watchlist);
        var cutoff = clock.Now - o.PlateRetention;

        var record = ToRecord(plate, state.State);
        record.Prune(cutoff);
        var outcomes = new List<ReadOutcome>(reads.Count);
        var alerts = new List<CameraAlert>();
        var lastWanted = state.State.LastWantedAlertAt;
        foreach (var read in reads)
        {
            if (read.At < cutoff)
            {
                outcomes.Add(ReadOutcome.Expired);
                continue;
            }

            var seen = record.Observe(read.ToSighting() with { Plate = plate }, rules);
            outcomes.Add(seen.Duplicate ? ReadOutcome.Duplicate : ReadOutcome.Added);
            if (seen.Suspicion is { } clone)
            {
                alerts.Add(CloneAlert(plate, clone));
            }

            alerts.AddRange(seen.Fences.Select(e => FenceAlert(plate, e)));
            if (seen.Wanted is { } wanted && seen.InOrder && (lastWanted is null || read.At - lastWanted >= o.WantedQuiet))
            {
                lastWanted = read.At;
                alerts.Add(Alert(AlertKind.WantedPlate, plate, read.ToSighting(), null,
                    $"布控车辆 {plate} 出现在{Intersection(read.CameraId)}（{wanted.Reason}）"));
            }
        }

        if (outcomes.Contains(ReadOutcome.Added))
        {
            var previous = state.State;
            state.State = FromRecord(record, previous, lastWanted, [.. previous.PendingAlerts, .. alerts]);
            try
            {
                await state.WriteStateAsync();
            }
            catch
            {
                // Nothing acknowledged, nothing kept: the retry finds the record as it was.
                state.State = previous;
                throw;
            }

            await RaisePending();
        }

        return new VehicleRecordResult(outcomes, [.. alerts.Select(a => a.Id)]);
    }

    public Task<IReadOnlyList<PlateRead>> GetReads(DateTimeOffset from, DateTimeOffset to)
    {
        var cutoff = clock.Now - options.Value.PlateRetention;
        return Task.FromResult<IReadOnlyList<PlateRead>>([.. state.State.Reads.Where(r => r.At >= from && r.At <= to && r.At >= cutoff)]);
    }

    public Task<VehicleProfile> GetProfile()
    {
        var plate = this.GetPrimaryKeyString();
        var record = ToRecord(plate, state.State);
        record.Prune(clock.Now - options.Value.PlateRetention);
        var visits = record.Visits(TimeSpan.FromMinutes(30)).Select(v => new VisitView(v.Start, v.End, v.Reads, v.Cameras)).ToList();
        return Task.FromResult(new VehicleProfile(plate, record.FirstSeen, record.NightReads, record.Reads.Count, visits));
    }

    private async Task RaisePending()
    {
        if (state.State.PendingAlerts.Count == 0)
        {
            return;
        }

        var board = GrainFactory.GetGrain<IAlertBoardGrain>(0);
        foreach (var alert in state.State.PendingAlerts.ToList())
        {
            await board.Raise(alert);
            state.State.PendingAlerts.Remove(alert);
        }

        // The emptied outbox is written with the next reads; a repeat raise after a crash is harmless.
    }

    private static VehicleRecord ToRecord(string plate, VehicleState s) => new(
        plate,
        s.Reads.Select(r => r.ToSighting()),
        s.FirstSeen,
        s.NightReads,
        s.Stays.Select(x => new FenceStay(x.FenceId, x.EnteredAt, x.LastInsideAt, x.DwellReported)),
        s.LastCloneAlertAt);

    private static VehicleState FromRecord(VehicleRecord record, VehicleState previous, DateTimeOffset? lastWanted, List<CameraAlert> pending) => new()
    {
        Reads = [.. record.Reads.Select(PlateRead.From)],
        FirstSeen = record.FirstSeen,
        NightReads = record.NightReads,
        Stays = [.. record.Stays.Select(x => new FenceStayState(x.FenceId, x.EnteredAt, x.LastInsideAt, x.DwellReported))],
        LastCloneAlertAt = record.LastCloneAlertAt ?? previous.LastCloneAlertAt,
        LastWantedAlertAt = lastWanted,
        PendingAlerts = pending,
    };

    private CameraAlert CloneAlert(string plate, CloneSuspicion s)
    {
        var detail = string.Create(CultureInfo.InvariantCulture,
            $"疑似套牌 {plate}：{Local(s.Earlier.At):HH:mm:ss} 在{Intersection(s.Earlier.CameraId)}，{Local(s.Later.At):HH:mm:ss} 在{Intersection(s.Later.CameraId)}，" +
            $"相距 {s.DistanceMeters / 1000:0.0} km，需时速 {(double.IsInfinity(s.RequiredSpeedKmh) ? "∞" : s.RequiredSpeedKmh.ToString("0", CultureInfo.InvariantCulture))} km/h");
        return Alert(AlertKind.ClonedPlate, plate, s.Later, null, detail, s.Earlier.CameraId);
    }

    private CameraAlert FenceAlert(string plate, FenceEvent e)
    {
        var (kind, what) = e.Crossing switch
        {
            FenceCrossing.Enter => (AlertKind.FenceEnter, "进入"),
            FenceCrossing.Exit => (AlertKind.FenceExit, "离开"),
            _ => (AlertKind.FenceDwell, string.Create(CultureInfo.InvariantCulture, $"停留 {e.Stayed.TotalMinutes:0} 分钟于")),
        };
        return Alert(kind, plate, e.Sighting, e.Fence.Id, $"{plate} {what}电子围栏「{e.Fence.Name}」（{Intersection(e.Sighting.CameraId)}）");
    }

    private CameraAlert Alert(AlertKind kind, string plate, PlateSighting at, string? fenceId, string detail, string? extra = null)
    {
        var now = clock.Now;
        var site = network.Find(at.CameraId);
        return new CameraAlert(
            AlertLifecycle.IdFor(kind, plate, at.CameraId, at.At, fenceId ?? extra),
            kind, now, at.CameraId, at.Latitude, at.Longitude, site?.GridCode, plate, null, fenceId, detail,
            AlertStatus.New, [new AlertStep(AlertStatus.New, now, "system", null)], null);
    }

    private string Intersection(string cameraId) => network.Find(cameraId)?.Intersection ?? cameraId;

    private static DateTimeOffset Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Domain.District.TimeZone);
}
