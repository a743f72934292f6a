using System.Globalization;
using Hanan.Ops.Contracts.Cameras;
using Hanan.Ops.Domain.Cameras;
using Hanan.Ops.Domain.Cameras.Simulation;
using Hanan.Ops.Domain.Privacy;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Storage;

namespace Hanan.Ops.Grains.Cameras;

/// <summary>
/// The checkpoint of one plate's record (state name <c>camera-vehicle</c>): reads within the retention period, first
/// appearance, night reads, fence stays, alert dedupe instants and alerts not yet handed to the alert board (an
/// outbox; raising is idempotent). It is written every <see cref="CameraOptions.VehicleCheckpointEvery"/> and on
/// deactivation, not per read: reads accepted since the last checkpoint are in the sighting store (the durable log) and
/// are replayed through the same rules on the next activation.
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
/// wanted list. Reads older than the retention period are dropped and never accepted.
/// <para>
/// The record lives in memory; its persisted state is a checkpoint of a view the sighting store can rebuild. The
/// caller (the ingest) appends every read to the store before calling <see cref="Record"/>, so on activation the grain
/// loads its checkpoint and replays the plate's reads from the store through <see cref="VehicleRecord.Observe"/>:
/// reads already in the checkpoint are repeats, the others are applied as when they first came and re-derive their
/// alerts (same ids, so the board ignores those it already has).
/// </para>
/// </summary>
public sealed partial class VehicleGrain(
    [PersistentState("camera-vehicle", StorageProviders.District)] IPersistentState<VehicleState> state,
    DistrictClock clock,
    CameraNetwork network,
    SecurityRulesCache rulesCache,
    IPlateReadLog log,
    IOptions<CameraOptions> options,
    VehicleKeys keys,
    ILogger<VehicleGrain> logger) : Grain, IVehicleGrain
{
    /// <summary>How far past the district clock the replay looks: the ingest refuses reads more than 5 minutes ahead.</summary>
    private static readonly TimeSpan ReplayAhead = TimeSpan.FromDays(1);

    private VehicleRecord _record = null!;

    /// <summary>Whether the first call has named the plate and the record is restored.</summary>
    private bool _opened;
    private DateTimeOffset? _lastWanted;
    private List<CameraAlert> _pending = [];

    /// <summary>Changed since the last checkpoint.</summary>
    private bool _dirty;

    /// <summary>
    /// The plate this grain is for: known from the first call (the key is a keyed hash of it, so the grain cannot know it
    /// before), checked against the key, and the record restored from the checkpoint and the log then.
    /// </summary>
    private async Task Open(string plate)
    {
        if (_opened)
        {
            if (!string.Equals(plate, _record.Plate, StringComparison.Ordinal))
            {
                throw new ArgumentException("The plate is not the one this vehicle's key was made from.", nameof(plate));
            }

            return;
        }

        if (!string.Equals(keys.Of(plate), this.GetPrimaryKeyString(), StringComparison.Ordinal))
        {
            throw new ArgumentException("The plate is not the one this vehicle's key was made from.", nameof(plate));
        }

        await Restore(plate, CancellationToken.None);
        _opened = true;
        var every = options.Value.VehicleCheckpointEvery;
        // Spread the first write so vehicles activated together do not checkpoint in step.
        this.RegisterGrainTimer(
            static (grain, _) => grain.Checkpoint(),
            this,
            new GrainTimerCreationOptions { DueTime = every + (every * Random.Shared.NextDouble()), Period = every, Interleave = false, KeepAlive = false });
        await RaisePending();
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_opened)
        {
            await Checkpoint();
        }

        await base.OnDeactivateAsync(reason, cancellationToken);
    }

    public async Task<VehicleRecordResult> Record(string plate, IReadOnlyList<PlateRead> reads)
    {
        await Open(plate);
        var rules = await Rules();
        var cutoff = clock.Now - options.Value.PlateRetention;
        if (_record.Reads.Count > 0 && _record.Reads[0].At < cutoff)
        {
            _record.Prune(cutoff);
            _dirty = true;
        }

        var outcomes = new List<ReadOutcome>(reads.Count);
        var alerts = new List<CameraAlert>();
        foreach (var read in reads)
        {
            if (read.At < cutoff)
            {
                outcomes.Add(ReadOutcome.Expired);
                continue;
            }

            outcomes.Add(Observe(read.ToSighting(), rules, alerts) ? ReadOutcome.Added : ReadOutcome.Duplicate);
        }

        _pending.AddRange(alerts);
        await RaisePending();
        return new VehicleRecordResult(outcomes, [.. alerts.Select(a => a.Id)]);
    }

    public async Task<IReadOnlyList<PlateRead>> GetReads(string plate, DateTimeOffset from, DateTimeOffset to)
    {
        await Open(plate);
        var cutoff = clock.Now - options.Value.PlateRetention;
        return [.. _record.Reads.Where(r => r.At >= from && r.At <= to && r.At >= cutoff).Select(PlateRead.From)];
    }

    public async Task<VehicleProfile> GetProfile(string plate)
    {
        await Open(plate);
        var cutoff = clock.Now - options.Value.PlateRetention;
        var record = new VehicleRecord(_record.Plate, _record.Reads.Where(r => r.At >= cutoff), _record.FirstSeen, _record.NightReads);
        var visits = record.Visits(TimeSpan.FromMinutes(30)).Select(v => new VisitView(v.Start, v.End, v.Reads, v.Cameras)).ToList();
        return new VehicleProfile(record.Plate, record.FirstSeen, record.NightReads, record.Reads.Count, visits);
    }

    /// <summary>Applies one read; true when it was new. Its alerts are added to <paramref name="alerts"/>.</summary>
    private bool Observe(PlateSighting read, VehicleRules rules, List<CameraAlert> alerts)
    {
        var plate = _record.Plate;
        var seen = _record.Observe(read with { Plate = plate }, rules);
        if (seen.Duplicate)
        {
            return false;
        }

        _dirty = true;
        if (seen.Suspicion is { } clone)
        {
            alerts.Add(CloneAlert(plate, clone));
        }

        alerts.AddRange(seen.Fences.Select(e => FenceAlert(plate, e)));
        if (seen.Wanted is { } wanted && seen.InOrder && (_lastWanted is null || read.At - _lastWanted >= options.Value.WantedQuiet))
        {
            _lastWanted = read.At;
            alerts.Add(Alert(AlertKind.WantedPlate, plate, read, null, $"布控车辆 {plate} 出现在{Intersection(read.CameraId)}", policeNote: wanted.Reason));
        }

        return true;
    }

    /// <summary>The checkpoint, then the plate's reads in the log that it does not hold yet, in time order.</summary>
    private async Task Restore(string plate, CancellationToken cancellationToken)
    {
        var s = state.State;
        _record = ToRecord(plate, s);
        _lastWanted = s.LastWantedAlertAt;
        _pending = [.. s.PendingAlerts];
        // The record is the live view from here on; the loaded copy would only double the activation's memory.
        state.State = new VehicleState();
        var now = clock.Now;
        var cutoff = now - options.Value.PlateRetention;
        _dirty = _record.Prune(cutoff) > 0;

        // Reads the checkpoint holds are repeats for the record anyway; skipping them here keeps the replay linear.
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var read in _record.Reads)
        {
            known.Add(read.NaturalKey);
            if (read.EventId is { Length: > 0 } id)
            {
                known.Add("e:" + id);
            }
        }

        var logged = await log.ReadsOfPlateAsync(plate, cutoff, now + ReplayAhead, cancellationToken);
        var missing = logged.Where(r => !known.Contains(r.NaturalKey) && !(r.EventId is { Length: > 0 } id && known.Contains("e:" + id))).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        var rules = await Rules();
        var alerts = new List<CameraAlert>();
        foreach (var read in missing)
        {
            Observe(read, rules, alerts);
        }

        _pending.AddRange(alerts.Where(a => _pending.All(p => p.Id != a.Id)));
        LogReplayed(logger, plate, missing.Count, alerts.Count);
    }

    /// <summary>Writes the checkpoint when something changed since the last one. A failed write leaves the grain dirty.</summary>
    private async Task Checkpoint()
    {
        if (!_dirty)
        {
            return;
        }

        _record.Prune(clock.Now - options.Value.PlateRetention);
        state.State = FromRecord(_record, _lastWanted, _pending);
        try
        {
            await state.WriteStateAsync();
            _dirty = false;
        }
        catch (InconsistentStateException e)
        {
            // Another activation wrote meanwhile. Its checkpoint plus the log is the truth: rebuild from both (what this
            // activation accepted is in the log too) and write again on the next tick.
            LogConflict(logger, _record.Plate, e.GetType().Name);
            await state.ReadStateAsync();
            await Restore(_record.Plate, CancellationToken.None);
            _dirty = true;
        }
        catch (Exception e)
        {
            // Nothing is lost: the reads are in the log. The next tick (or the deactivation) tries again.
            LogCheckpointFailed(logger, _record.Plate, e.GetType().Name, e.GetBaseException().GetType().Name);
        }
        finally
        {
            // The record in memory is the live view; the written copy is not needed until the next checkpoint.
            state.State = new VehicleState();
        }
    }

    private async Task<VehicleRules> Rules()
    {
        var resolved = rulesCache.Resolve(await GrainFactory.GetGrain<ISecurityRulesGrain>(0).GetRules());
        var o = options.Value;
        CameraDistance distance = o.CloneDistance == "road" ? network.RoadDistance : CloneDetector.GreatCircleDistance;
        return new VehicleRules(o.CloneRules(), distance, resolved.Fences, resolved.Watchlist);
    }

    private async Task RaisePending()
    {
        if (_pending.Count == 0)
        {
            return;
        }

        var board = GrainFactory.GetGrain<IAlertBoardGrain>(0);
        foreach (var alert in _pending.ToList())
        {
            await board.Raise(alert);
            _pending.Remove(alert);
            _dirty = true;
        }
    }

    private static VehicleRecord ToRecord(string plate, VehicleState s) => new(
        plate,
        s.Reads.Select(r => r.ToSighting()),
        s.FirstSeen,
        s.NightReads,
        s.Stays.Select(x => new FenceStay(x.FenceId, x.EnteredAt, x.LastInsideAt, x.DwellReported)),
        s.LastCloneAlertAt);

    private static VehicleState FromRecord(VehicleRecord record, DateTimeOffset? lastWanted, List<CameraAlert> pending) => new()
    {
        Reads = [.. record.Reads.Select(PlateRead.From)],
        FirstSeen = record.FirstSeen,
        NightReads = record.NightReads,
        Stays = [.. record.Stays.Select(x => new FenceStayState(x.FenceId, x.EnteredAt, x.LastInsideAt, x.DwellReported))],
        LastCloneAlertAt = record.LastCloneAlertAt,
        LastWantedAlertAt = lastWanted,
        PendingAlerts = [.. pending],
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

    private CameraAlert Alert(AlertKind kind, string plate, PlateSighting at, string? fenceId, string detail, string? extra = null, string? policeNote = null)
    {
        var now = clock.Now;
        var site = network.Find(at.CameraId);
        return new CameraAlert(
            AlertLifecycle.IdFor(kind, plate, at.CameraId, at.At, fenceId ?? extra),
            kind, now, at.CameraId, at.Latitude, at.Longitude, site?.GridCode, plate, null, fenceId, detail,
            AlertStatus.New, [new AlertStep(AlertStatus.New, now, "system", null)], null, policeNote);
    }

    private string Intersection(string cameraId) => network.Find(cameraId)?.Intersection ?? cameraId;

    private static DateTimeOffset Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Domain.District.TimeZone);

    // The plate is personal data: classified, so the host's redactor replaces it (a keyed hash, the same for one plate
    // on every line) before any log provider sees it. Only the storage exceptions' types are logged: their messages are
    // the storage's own text.
    [LoggerMessage(Level = LogLevel.Information, Message = "Vehicle {Vehicle}: replayed {Reads} reads from the sighting store after its checkpoint ({Alerts} alerts re-derived)")]
    private static partial void LogReplayed(ILogger logger, [Plate] string vehicle, int reads, int alerts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Vehicle {Vehicle}: the checkpoint changed under this activation ({ExceptionType}); rebuilt from the stored checkpoint and the log")]
    private static partial void LogConflict(ILogger logger, [Plate] string vehicle, string exceptionType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Vehicle {Vehicle}: writing the checkpoint failed ({ExceptionType}, innermost {InnermostType}); retried on the next tick")]
    private static partial void LogCheckpointFailed(ILogger logger, [Plate] string vehicle, string exceptionType, string innermostType);
}
