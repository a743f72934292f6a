using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Hanan.Ops.Domain;
using Hanan.Ops.Domain.Cameras;
using Hanan.Ops.Domain.Cameras.Simulation;
using Hanan.Ops.Domain.Geography;

namespace Hanan.Ops.Bench;

/// <summary>
/// The plate reads the camera runs send, made by the domain's traffic simulator on the demo district's 152 cameras:
/// realistic weekday traffic (40,000 trips a day, cars driving real routes, each vehicle's reads in time order, 2 %
/// low-confidence misreads, a few cloned plates) on past days, so every read lies inside the retention period and
/// none in the future. Batches are serialised before a timed run starts, so that the run measures the host and the
/// generator only sends bytes and reads answers.
/// </summary>
public sealed class CameraTraffic
{
    /// <summary>The host refuses bodies over 64 KiB (Hanan:Security:Limits:MaxRequestBodyBytes).</summary>
    public const int MaxBody = 64 * 1024;

    private readonly string _runId = Guid.NewGuid().ToString("N")[..10];
    private long _sequence;

    private CameraTraffic(CameraNetwork network) => Network = network;

    public CameraNetwork Network { get; }

    /// <summary>Building the district and the camera network, then simulating and serialising reads: the generator's own cost.</summary>
    public GeneratorCost Cost { get; private set; } = new(0, 0, 0, 0, 0);

    public static CameraTraffic Create()
    {
        var clock = Stopwatch.StartNew();
        var traffic = new CameraTraffic(CameraNetwork.Build(DemoDistrict.Generate()));
        traffic.Cost = traffic.Cost with { NetworkSeconds = Math.Round(clock.Elapsed.TotalSeconds, 2) };
        return traffic;
    }

    /// <summary>At least <paramref name="reads"/> simulated reads from whole past days (seeds apart from the host's demo), oldest first.</summary>
    public IReadOnlyList<PlateSighting> Simulate(int reads, int seedOffset, int daysBack)
    {
        var days = new List<IReadOnlyList<PlateSighting>>();
        var total = 0;
        for (var back = daysBack; total < reads && back < 28; back++)
        {
            days.Add(Day(seedOffset, back));
            total += days[^1].Count;
        }

        if (total < reads)
        {
            throw new InvalidOperationException($"{reads:N0} reads need more than the retention period's days of traffic.");
        }

        days.Reverse();
        return [.. days.SelectMany(d => d).Take(reads)];
    }

    /// <summary>One whole simulated day, <paramref name="daysBack"/> days before today in the district, in time order.</summary>
    public IReadOnlyList<PlateSighting> Day(int seedOffset, int daysBack)
    {
        var clock = Stopwatch.StartNew();
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, District.TimeZone).DateTime);
        var day = TrafficSimulator.Generate(Network, new TrafficSettings(today.AddDays(-daysBack), Seed: 230_108 + seedOffset + daysBack)).Reads;
        Cost = Cost with { SimulatedReads = Cost.SimulatedReads + day.Count, SimulateSeconds = Math.Round(Cost.SimulateSeconds + clock.Elapsed.TotalSeconds, 2) };
        return day;
    }

    /// <summary>Serialises reads into batches of <paramref name="batchSize"/>, in order; the serialising rate is recorded.</summary>
    public List<Batch> Serialise(IReadOnlyList<PlateSighting> reads, int batchSize)
    {
        var clock = Stopwatch.StartNew();
        var batches = new List<Batch>(reads.Count / batchSize + 1);
        for (var i = 0; i < reads.Count; i += batchSize)
        {
            batches.Add(Serialise(reads.Skip(i).Take(batchSize).ToList()));
        }

        var seconds = clock.Elapsed.TotalSeconds;
        Cost = Cost with { SerialisedReads = Cost.SerialisedReads + reads.Count, SerialiseSeconds = Cost.SerialiseSeconds + seconds };
        return batches;
    }

    /// <summary>One request body: <c>{"events":[…]}</c> as <c>POST /api/cameras/events</c> takes it.</summary>
    public Batch Serialise(IReadOnlyList<PlateSighting> reads)
    {
        using var buffer = new MemoryStream(reads.Count * 240);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("events");
            foreach (var r in reads)
            {
                json.WriteStartObject();
                json.WriteString("type", "plate");
                json.WriteString("eventId", string.Create(CultureInfo.InvariantCulture, $"bench-{_runId}-{Interlocked.Increment(ref _sequence)}"));
                json.WriteString("cameraId", r.CameraId);
                json.WriteString("at", r.At);
                json.WriteString("plate", r.Plate);
                json.WriteString("colour", PlateColours.Name(r.Colour));
                json.WriteNumber("confidence", Math.Round(r.Confidence, 3));
                json.WriteString("vehicleType", r.VehicleType);
                json.WriteString("direction", r.Direction);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        var body = buffer.ToArray();
        if (body.Length > MaxBody)
        {
            throw new InvalidOperationException($"A batch of {reads.Count} reads is {body.Length:N0} bytes, over the host's {MaxBody:N0}-byte body limit: use smaller batches.");
        }

        return new Batch(body, reads.Count, [.. reads.Select(r => r.Plate).Distinct(StringComparer.Ordinal)]);
    }
}

/// <summary>A serialised request body, how many reads it carries and their plates.</summary>
public sealed record Batch(byte[] Body, int Reads, string[] Plates);

/// <summary>What making the reads cost the load generator (seconds of one thread; reads serialised per second).</summary>
public sealed record GeneratorCost(double NetworkSeconds, long SimulatedReads, double SimulateSeconds, long SerialisedReads, double SerialiseSeconds)
{
    public double SerialiseReadsPerSecond => SerialiseSeconds > 0 ? Math.Round(SerialisedReads / SerialiseSeconds) : 0;
}
