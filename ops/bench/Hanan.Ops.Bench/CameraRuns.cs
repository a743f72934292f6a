using System.Diagnostics;
using System.Globalization;
using Hanan.Ops.Domain;
using Hanan.Ops.Domain.Cameras;
using Hanan.Ops.Domain.Cameras.Simulation;
using Spectre.Console;

namespace Hanan.Ops.Bench;

/// <summary>
/// Camera ingest end to end: batches of plate reads to <c>POST /api/cameras/events</c>, where every read is validated,
/// stored, handed to its vehicle grain (trajectory, cloned-plate, fence and wanted-list checks, the record written)
/// and counted by its camera grain before the answer. Two runs: alert latency at a fixed offered rate, then saturation.
/// </summary>
public sealed class CameraRuns(DistrictClient client, CameraTraffic traffic, Settings settings, HostProcess? host)
{
    /// <summary>Letters a GA 36 serial may use (no I, no O).</summary>
    private const string SerialLetters = "ABCDEFGHJKLMNPQRSTUVWXYZ";

    private readonly HashSet<string> _vehicles = new(StringComparer.Ordinal);

    /// <summary>Distinct plates sent by the runs so far: the vehicle grains they activated.</summary>
    public int Vehicles => _vehicles.Count;

    /// <summary>The simulator's two fences (the government compound at night, the school zone's dwell limit), put through the API.</summary>
    public async Task<int> PutFencesAsync(CancellationToken cancel)
    {
        var fences = TrafficSimulator.PlantFences(traffic.Network);
        foreach (var f in fences)
        {
            await client.PolicePutAsync($"/api/fences/{f.Id}", new
            {
                name = f.Name,
                ring = f.Area.Shell.Coordinates.Select(c => new[] { c.X, c.Y }).ToArray(),
                onEnter = f.Rule.OnEnter,
                onExit = f.Rule.OnExit,
                dwellMinutes = f.Rule.DwellLimit is { } d ? (int?)d.TotalMinutes : null,
                activeFrom = f.Rule.ActiveHours?.Start.ToString("HH:mm", CultureInfo.InvariantCulture),
                activeUntil = f.Rule.ActiveHours?.End.ToString("HH:mm", CultureInfo.InvariantCulture),
            }, cancel);
        }

        return fences.Count;
    }

    /// <summary>
    /// Open loop at <see cref="Settings.CameraAlertRate"/> reads/s in batches of <see cref="Settings.CameraBatch"/>:
    /// yesterday's simulated traffic, with one read in <see cref="Settings.ReadsPerHit"/> replaced by a read, timed
    /// at its batch's send time, of a plate put on the wanted list just before (a different plate each time, so the
    /// wanted-list quiet period never hides one). Alert latency runs from the batch's intended send time to the
    /// <c>cameraAlert</c> for that plate at a real SignalR client signed in as police (<c>JoinPolice</c>).
    /// </summary>
    public async Task<CameraAlertResult> AlertLatencyAsync(AlertWatch watch, ProgressTask progress, CancellationToken cancel)
    {
        var batchSize = settings.CameraBatch;
        var total = (int)(settings.CameraAlertRate * settings.CameraAlertLength.TotalSeconds);
        var batchCount = (total + batchSize - 1) / batchSize;
        var hits = total / settings.ReadsPerHit;
        progress.MaxValue = batchCount;

        var random = new Random(230108);
        var series = SerialLetters[Random.Shared.Next(SerialLetters.Length)];
        var wanted = Enumerable.Range(0, hits).Select(j => string.Create(CultureInfo.InvariantCulture, $"黑AX{series}{j:000}")).ToList();
        foreach (var chunk in wanted.Chunk(8))
        {
            await Task.WhenAll(chunk.Select(p => client.PolicePutAsync($"/api/police/watchlist/plates/{Uri.EscapeDataString(p)}",
                new { reason = "基准测试布控 benchmark" }, cancel)));
        }

        var background = traffic.Simulate(total - hits, seedOffset: 2_000, daysBack: 1);
        var ticksPerBatch = (double)Stopwatch.Frequency * batchSize / settings.CameraAlertRate;
        // Start a little ahead, so that every batch (with its hits timed at its send instant) is serialised before.
        var startWall = DateTimeOffset.UtcNow.AddSeconds(2);
        var start = Stopwatch.GetTimestamp() + (2 * Stopwatch.Frequency);
        var hitsIn = new List<(string Plate, int Batch)>[batchCount];
        var reads = new List<PlateSighting>[batchCount];
        var next = 0;
        for (var b = 0; b < batchCount; b++)
        {
            reads[b] = [.. background.Skip(next).Take(Math.Min(batchSize, background.Count - next))];
            next += reads[b].Count;
            hitsIn[b] = [];
        }

        for (var j = 0; j < hits; j++)
        {
            var b = Math.Min(batchCount - 1, (int)((long)j * settings.ReadsPerHit / batchSize));
            var camera = traffic.Network.Cameras[random.Next(traffic.Network.Cameras.Count)];
            var at = TimeZoneInfo.ConvertTime(startWall.AddSeconds(b * ticksPerBatch / Stopwatch.Frequency), District.TimeZone);
            at = at.AddTicks(-(at.Ticks % TimeSpan.TicksPerMillisecond));
            reads[b].Insert(random.Next(reads[b].Count + 1), new PlateSighting(null, camera.Id.Value, at, wanted[j], PlateColour.Blue, 0.95,
                camera.Latitude, camera.Longitude, VehicleType: "car", Direction: "unknown"));
            hitsIn[b].Add((wanted[j], b));
        }

        var batches = reads.Select(r => traffic.Serialise(r)).ToList();
        var outcome = new Outcome();
        var inFlight = new List<Task>(batchCount);
        long outstanding = 0;
        var alertsBefore = watch.Snapshot();
        while (Stopwatch.GetTimestamp() < start)
        {
            await Task.Delay(5, cancel);
        }

        var cpu = CpuMeter.Start(host);
        for (var i = 0; i < batchCount && !cancel.IsCancellationRequested;)
        {
            var now = Stopwatch.GetTimestamp();
            for (; i < batchCount && start + (long)(i * ticksPerBatch) <= now; i++)
            {
                var due = start + (long)(i * ticksPerBatch);
                if (Interlocked.Read(ref outstanding) >= 1_000)
                {
                    outcome.Errors.Add("not sent: too many outstanding");
                    continue;
                }

                foreach (var (plate, _) in hitsIn[i])
                {
                    watch.Expect(plate, due);
                }

                Interlocked.Increment(ref outstanding);
                var batch = batches[i];
                inFlight.Add(Task.Run(async () =>
                {
                    try
                    {
                        await SendAsync(batch, due, outcome, cancel);
                    }
                    finally
                    {
                        Interlocked.Decrement(ref outstanding);
                    }
                }, cancel));
            }

            progress.Value = i;
            await Task.Delay(1, cancel);
        }

        await Task.WhenAny(Task.WhenAll(inFlight), Task.Delay(settings.Drain, cancel));
        var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var used = cpu.Stop();
        var missed = await watch.SettleAsync(settings.LiveSettle);
        _vehicles.UnionWith(batches.SelectMany(b => b.Plates));
        var others = watch.Snapshot().Where(k => k.Value > alertsBefore.GetValueOrDefault(k.Key))
            .ToDictionary(k => k.Key, k => k.Value - alertsBefore.GetValueOrDefault(k.Key), StringComparer.Ordinal);
        progress.Value = progress.MaxValue;
        return new CameraAlertResult(settings.CameraAlertRate, batchSize, Math.Round(settings.CameraAlertLength.TotalSeconds, 1), settings.ReadsPerHit,
            outcome.Tally(elapsed), hits, watch.Latency.Summary(), missed, others, Interlocked.Read(ref outstanding), batches.SelectMany(b => b.Plates).Distinct(StringComparer.Ordinal).Count(),
            used, outcome.Errors.Snapshot());
    }

    /// <summary>
    /// Closed loop: <see cref="Settings.CameraClients"/> clients, each posting the next batch of a prepared pool of
    /// simulated reads (past days, oldest first) as soon as its last batch is answered, for the run length.
    /// </summary>
    public async Task<CameraIngestResult> SaturationAsync(ProgressTask progress, CancellationToken cancel)
    {
        var reads = traffic.Simulate(settings.CameraPoolReads, seedOffset: 1_000, daysBack: 2);
        var batches = traffic.Serialise(reads, settings.CameraBatch);
        progress.MaxValue = settings.CameraRunLength.TotalSeconds;
        var outcome = new Outcome();
        var taken = -1;
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(settings.CameraRunLength.TotalSeconds * Stopwatch.Frequency);
        var cpu = CpuMeter.Start(host);
        var workers = Enumerable.Range(0, settings.CameraClients).Select(_ => Task.Run(async () =>
        {
            int i;
            while (Stopwatch.GetTimestamp() < end && !cancel.IsCancellationRequested && (i = Interlocked.Increment(ref taken)) < batches.Count)
            {
                await SendAsync(batches[i], Stopwatch.GetTimestamp(), outcome, cancel);
            }
        }, cancel)).ToList();

        await Waiting.WorkersAsync(workers, progress, start, progress.MaxValue, cancel);
        var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var used = cpu.Stop();
        var sent = Math.Min(batches.Count, taken + 1);
        _vehicles.UnionWith(batches.Take(sent).SelectMany(b => b.Plates));
        progress.Value = progress.MaxValue;
        return new CameraIngestResult(settings.CameraClients, settings.CameraBatch, (int)batches.Average(b => b.Body.Length), Math.Round(elapsed, 1), sent, outcome.Tally(elapsed),
            batches.Take(sent).SelectMany(b => b.Plates).Distinct(StringComparer.Ordinal).Count(), taken + 1 >= batches.Count, used, outcome.Errors.Snapshot());
    }

    /// <summary>
    /// Steps for the vehicle memory slope: each posts a simulated past day's reads (in time order) of
    /// <paramref name="perStep"/> plates not sent before, so each step activates that many fresh vehicle grains, each
    /// with a realistic day of reads. Also returns the mean reads per vehicle.
    /// </summary>
    public (IReadOnlyList<Func<Errors, Task<int>>> Steps, double ReadsPerVehicle) VehicleSteps(int steps, int perStep, CancellationToken cancel)
    {
        var day = traffic.Day(seedOffset: 3_000, daysBack: 5);
        var byPlate = day.GroupBy(r => r.Plate, StringComparer.Ordinal).Where(g => !_vehicles.Contains(g.Key)).Take(steps * perStep).ToList();
        var chosen = byPlate.Chunk(perStep).Select(chunk => chunk.SelectMany(g => g).OrderBy(r => r.At).ToList()).ToList();
        return ([.. chosen.Select(reads => (Func<Errors, Task<int>>)(async errors =>
        {
            var outcome = new Outcome();
            var batches = traffic.Serialise(reads, settings.CameraBatch);
            var next = -1;
            await Task.WhenAll(Enumerable.Range(0, settings.CameraClients).Select(_ => Task.Run(async () =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < batches.Count)
                {
                    await SendAsync(batches[i], Stopwatch.GetTimestamp(), outcome, cancel);
                }
            }, cancel)));
            foreach (var (kind, count) in outcome.Errors.Snapshot())
            {
                errors.Add(kind, count);
            }

            var plates = batches.SelectMany(b => b.Plates).Distinct(StringComparer.Ordinal).ToList();
            _vehicles.UnionWith(plates);
            return plates.Count;
        }))], byPlate.Count == 0 ? 0 : Math.Round(byPlate.Average(g => g.Count()), 1));
    }

    private async Task SendAsync(Batch batch, long start, Outcome outcome, CancellationToken cancel)
    {
        try
        {
            var answer = await client.IngestAsync(batch.Body, cancel);
            var answered = Stopwatch.GetTimestamp();
            Interlocked.Add(ref outcome.Reads, batch.Reads);
            if (answer.Status != 200)
            {
                outcome.Errors.Add($"http {answer.Status}");
                return;
            }

            outcome.BatchMs.RecordSince(start, answered);
            Interlocked.Add(ref outcome.Accepted, answer.Accepted);
            Interlocked.Add(ref outcome.Duplicates, answer.Duplicates);
            Interlocked.Add(ref outcome.Rejected, answer.Rejected);
            foreach (var fields in answer.RejectedFields)
            {
                outcome.Rejections.Add(fields);
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            outcome.Errors.Add(Errors.Kind(e));
        }
    }

    private sealed class Outcome
    {
        public readonly Latency BatchMs = new();
        public readonly Errors Errors = new();
        public readonly Errors Rejections = new();
        public long Reads;
        public long Accepted;
        public long Duplicates;
        public long Rejected;

        public IngestTally Tally(double seconds) =>
            new(Interlocked.Read(ref Reads), Interlocked.Read(ref Accepted), Interlocked.Read(ref Duplicates), Interlocked.Read(ref Rejected),
                Math.Round(Interlocked.Read(ref Accepted) / seconds, 1), BatchMs.Summary(), Rejections.Snapshot());
    }
}

/// <summary>The camera runs together: alert latency, saturation, and what producing the reads cost the generator.</summary>
public sealed record CameraResults(int Cameras, int Fences, CameraAlertResult Alerts, CameraIngestResult Saturation, GeneratorCost Generator);

/// <summary>
/// Closed-loop camera ingest. Reads/s counts reads the host answered <c>accepted</c> per second of the run; duplicates
/// and rejected reads are counted apart, HTTP failures in the errors. Batch latency is per POST.
/// </summary>
public sealed record CameraIngestResult(
    int Clients,
    int BatchSize,
    int MeanBodyBytes,
    double Seconds,
    long Batches,
    IngestTally Reads,
    int Vehicles,
    bool PoolExhausted,
    CpuUse Cpu,
    IReadOnlyDictionary<string, long> Errors);

/// <summary>
/// Reads sent and what the host answered for them per read (accepted, duplicate, rejected); accepted reads per second
/// of the run; latency of each batch POST → 200; rejected reads by the fields the host named (the simulator's misreads
/// include some that are no valid GA 36 plate, which the host must refuse: a rejection is an answer, not an error).
/// </summary>
public sealed record IngestTally(
    long Sent, long Accepted, long Duplicates, long Rejected, double AcceptedPerSecond, Percentiles BatchMs, IReadOnlyDictionary<string, long> RejectedBy);

/// <summary>Open-loop camera ingest with wanted-plate reads: batch latency and read → police screen alert latency.</summary>
public sealed record CameraAlertResult(
    int OfferedPerSecond,
    int BatchSize,
    double Seconds,
    int ReadsPerHit,
    IngestTally Reads,
    int Hits,
    Percentiles AlertMs,
    int Missed,
    IReadOnlyDictionary<string, long> OtherAlerts,
    long Unanswered,
    int Vehicles,
    CpuUse Cpu,
    IReadOnlyDictionary<string, long> Errors);
