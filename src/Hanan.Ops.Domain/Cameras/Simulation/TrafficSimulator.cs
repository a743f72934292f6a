using System.Globalization;
using System.Text;
using Hanan.Ops.Domain.Geography;
using NetTopologySuite.Geometries;

namespace Hanan.Ops.Domain.Cameras.Simulation;

/// <summary>
/// How much traffic to make. A day of the demo district carries about 40,000 trips (≈ 4,000 reads per camera per
/// day on the busiest core intersections); tests use far fewer.
/// </summary>
public sealed record TrafficSettings(
    DateOnly Day,
    int Trips = 40_000,
    int Seed = 230108,
    int ClonedPlates = 4,
    int CompanionPairs = 8,
    int WantedPlates = 3,
    int PersonsOfInterest = 2,
    double MisreadShare = 0.02);

/// <summary>What the simulator planted, to hold the detections against.</summary>
public sealed record GroundTruth(
    IReadOnlyList<string> ClonedPlates,
    IReadOnlyList<(string Target, string Companion)> CompanionPairs,
    IReadOnlyList<WantedPlate> WantedPlates,
    IReadOnlyList<PersonOfInterest> Persons,
    IReadOnlyList<(string Plate, string FenceId, FenceCrossing Crossing)> FenceViolations,
    IReadOnlyList<(string ReadAs, string Plate)> Misreads);

/// <summary>A simulated day: reads in time order, face events, the fences and watchlist in force, and the ground truth.</summary>
public sealed record SimulatedDay(
    IReadOnlyList<PlateSighting> Reads,
    IReadOnlyList<FaceEvent> Faces,
    IReadOnlyList<Fence> Fences,
    Watchlist Watchlist,
    GroundTruth Truth);

/// <summary>
/// Traffic on the camera network: trips between random intersections along shortest road paths at 25–55 km/h, with
/// an hourly profile of Harbin-like weekday traffic (low at night, peaks 07–09 and 17–19). Plants cloned plates (a
/// second car with the same plate far away at the same time), companion pairs (a car following another 5–40 s
/// behind on the same route, twice a day), wanted plates, persons of interest, a night entry into the government
/// compound fence and a long stop in a school-zone fence. Deterministic for a seed.
/// </summary>
public static class TrafficSimulator
{
    private static readonly double[] HourlyWeights =
        [0.4, 0.25, 0.2, 0.2, 0.35, 0.9, 2.6, 6.5, 7.2, 5.0, 4.4, 4.6, 5.0, 4.8, 4.6, 4.9, 5.6, 7.4, 7.0, 5.2, 3.6, 2.6, 1.6, 0.9];

    private static readonly string[] OtherPrefixes = ["黑L", "黑B", "黑M", "吉A", "辽A", "京N", "黑E"];

    public static string GovernmentFenceId => "gov-compound";

    public static string SchoolFenceId => "school-zone";

    public static SimulatedDay Generate(CameraNetwork network, TrafficSettings settings)
    {
        var random = new SeededRandom(settings.Seed);
        var reads = new List<PlateSighting>(settings.Trips * 8);
        var dayStart = new DateTimeOffset(settings.Day.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8));
        var cumulative = Cumulative(HourlyWeights);
        var fleet = Enumerable.Range(0, Math.Max(10, settings.Trips * 2 / 5)).Select(_ => NewPlate(random)).Distinct().ToList();

        var fences = PlantFences(network);
        var busy = new HashSet<string>(StringComparer.Ordinal);
        string Reserve(Func<string> make)
        {
            string plate;
            do
            {
                plate = make();
            }
            while (!busy.Add(plate));
            return plate;
        }

        foreach (var plate in fleet)
        {
            busy.Add(plate);
        }

        // Background traffic. A car starts where its last trip ended, at least 5 minutes later: one car never needs
        // to be in two places at once, so every cloned-plate alert is planted.
        var starts = Enumerable.Range(0, settings.Trips)
            .Select(_ => (Plate: fleet[random.NextInt(0, fleet.Count)], At: dayStart + TimeSpan.FromHours(SampleHour(random, cumulative))))
            .OrderBy(t => t.At)
            .ToList();
        var parked = new Dictionary<string, (int Node, DateTimeOffset FreeAt)>(StringComparer.Ordinal);
        foreach (var (plate, planned) in starts)
        {
            var from = parked.TryGetValue(plate, out var p) ? p.Node : random.NextInt(0, network.Nodes.Count);
            var start = p.FreeAt.AddMinutes(5) > planned ? p.FreeAt.AddMinutes(5) : planned;
            var route = RouteFrom(network, random, from, 3);
            parked[plate] = (route[^1], Drive(network, random, reads, plate, route, start, KmH(random)));
        }

        // Cloned plates: the genuine car in the core, the clone at the far side at the same time.
        var cloned = new List<string>();
        for (var i = 0; i < settings.ClonedPlates; i++)
        {
            var plate = Reserve(() => NewPlate(random));
            cloned.Add(plate);
            var start = dayStart + TimeSpan.FromHours(8 + (i * 2.5)) + TimeSpan.FromMinutes(random.NextInt(0, 30));
            var (a, b) = FarApart(network, random);
            Drive(network, random, reads, plate, RouteFrom(network, random, a, 4), start, KmH(random));
            Drive(network, random, reads, plate, RouteFrom(network, random, b, 4), start.AddSeconds(random.NextInt(0, 120)), KmH(random));
        }

        // Companion pairs: the follower keeps 5–40 s behind on the same route, on two trips.
        var pairs = new List<(string, string)>();
        for (var i = 0; i < settings.CompanionPairs; i++)
        {
            var target = Reserve(() => NewPlate(random));
            var companion = Reserve(() => NewPlate(random));
            pairs.Add((target, companion));
            var start = dayStart + TimeSpan.FromHours(SampleHour(random, cumulative) * 0.6);
            var route = CameraRoute(network, random, random.NextInt(0, network.Nodes.Count));
            for (var trip = 0; trip < 2; trip++)
            {
                var speed = KmH(random);
                var arrived = Drive(network, random, reads, target, route, start, speed, jitter: false);
                Drive(network, random, reads, companion, route, start.AddSeconds(random.NextInt(5, 41)), speed, jitter: false);
                start = arrived.AddHours(1 + random.NextDouble(0, 6));
                route = CameraRoute(network, random, route[^1]);
            }
        }

        // Wanted plates drive once each.
        var wanted = new List<WantedPlate>();
        for (var i = 0; i < settings.WantedPlates; i++)
        {
            var plate = Reserve(() => NewPlate(random));
            wanted.Add(new WantedPlate(plate, "在逃人员关联车辆"));
            Drive(network, random, reads, plate, RandomRoute(network, random, 3), dayStart + TimeSpan.FromHours(SampleHour(random, cumulative)), KmH(random));
        }

        // Fences: a night entry into the government compound and a long stop at the school.
        var violations = new List<(string, string, FenceCrossing)>();
        var intruder = Reserve(() => NewPlate(random));
        Drive(network, random, reads, intruder, RouteThrough(network, random, GovCamera(network).Node),
            dayStart.AddHours(2).AddMinutes(random.NextInt(0, 40)), KmH(random));
        violations.Add((intruder, GovernmentFenceId, FenceCrossing.Enter));
        var parent = Reserve(() => NewPlate(random));
        var school = SchoolCamera(network);
        var arrive = dayStart.AddHours(8).AddMinutes(random.NextInt(0, 20));
        Read(reads, random, parent, school, arrive);
        Read(reads, random, parent, school, arrive.AddMinutes(25));
        var away = network.Cameras.First(c => network.HopsBetween(c.Node, school.Node) == 2);
        Read(reads, random, parent, away, arrive.AddMinutes(27));
        violations.Add((parent, SchoolFenceId, FenceCrossing.Dwell));

        // Faces: persons of interest at random cameras, and anonymous passers-by.
        var persons = Enumerable.Range(1, settings.PersonsOfInterest).Select(i => new PersonOfInterest($"POI-{settings.Seed}-{i:D3}", "网上追逃")).ToList();
        var faces = new List<FaceEvent>();
        foreach (var person in persons)
        {
            var camera = network.Cameras[random.NextInt(0, network.Cameras.Count)];
            faces.Add(new FaceEvent(null, camera.Id.Value, dayStart + TimeSpan.FromHours(SampleHour(random, cumulative)), random.NextDouble(0.85, 0.99),
                person.PersonRef, null, camera.Latitude, camera.Longitude));
        }

        for (var i = 0; i < settings.Trips / 20; i++)
        {
            var camera = network.Cameras[random.NextInt(0, network.Cameras.Count)];
            faces.Add(new FaceEvent(null, camera.Id.Value, dayStart + TimeSpan.FromHours(SampleHour(random, cumulative)), random.NextDouble(0.6, 0.99),
                null, "F" + random.NextUInt64().ToString("X16", CultureInfo.InvariantCulture), camera.Latitude, camera.Longitude));
        }

        // Misreads: a share of reads loses confidence and one character.
        var misreads = new List<(string, string)>();
        for (var i = 0; i < reads.Count; i++)
        {
            if (random.NextDouble() < settings.MisreadShare)
            {
                var r = reads[i];
                var wrong = Misread(random, r.Plate);
                if (wrong != r.Plate && !busy.Contains(wrong))
                {
                    reads[i] = r with { Plate = wrong, Confidence = random.NextDouble(0.45, 0.75) };
                    misreads.Add((wrong, r.Plate));
                }
            }
        }

        var ordered = reads.OrderBy(r => r.At).ThenBy(r => r.CameraId, StringComparer.Ordinal).ThenBy(r => r.Plate, StringComparer.Ordinal).ToList();
        var truth = new GroundTruth(cloned, pairs, wanted, persons, violations, misreads);
        return new SimulatedDay(ordered, [.. faces.OrderBy(f => f.At)], fences, new Watchlist(wanted, persons), truth);
    }

    /// <summary>The government compound (区政府大院) around one core camera; the school zone around another.</summary>
    public static IReadOnlyList<Fence> PlantFences(CameraNetwork network)
    {
        var gov = GovCamera(network);
        var school = SchoolCamera(network);
        return
        [
            new Fence(GovernmentFenceId, "区政府大院", Square(gov, 120), new FenceRule(OnEnter: true, OnExit: false, null, new TimeWindow(new TimeOnly(22, 0), new TimeOnly(6, 0)))),
            new Fence(SchoolFenceId, "学校区域", Square(school, 120), new FenceRule(OnEnter: false, OnExit: false, TimeSpan.FromMinutes(10), new TimeWindow(new TimeOnly(7, 0), new TimeOnly(17, 0)))),
        ];
    }

    private static CameraSite GovCamera(CameraNetwork network) => network.Cameras[network.Cameras.Count / 2];

    private static CameraSite SchoolCamera(CameraNetwork network) => network.Cameras[network.Cameras.Count / 3];

    private static Polygon Square(CameraSite site, double halfMeters)
    {
        var dLat = halfMeters / LocalPlane.MetersPerDegree;
        var dLon = dLat / Math.Cos(site.Latitude * Math.PI / 180);
        var (x, y) = (site.Longitude, site.Latitude);
        return Wgs84.FloatingFactory.CreatePolygon([new(x - dLon, y - dLat), new(x + dLon, y - dLat), new(x + dLon, y + dLat), new(x - dLon, y + dLat), new(x - dLon, y - dLat)]);
    }

    /// <summary>Drives a route and returns the arrival time.</summary>
    private static DateTimeOffset Drive(CameraNetwork network, SeededRandom random, List<PlateSighting> reads, string plate, List<int> route,
        DateTimeOffset start, double kmh, bool jitter = true)
    {
        var at = start;
        for (var i = 0; i < route.Count; i++)
        {
            if (i > 0)
            {
                var seconds = network.SpacingMeters / (kmh / 3.6);
                at = at.AddSeconds(seconds + (jitter ? random.NextDouble(0, 25) : 0));
            }

            if (network.AtNode(route[i]) is { } camera)
            {
                Read(reads, random, plate, camera, at);
            }
        }

        return at;
    }

    private static void Read(List<PlateSighting> reads, SeededRandom random, string plate, CameraSite camera, DateTimeOffset at)
    {
        var colour = plate.Length == 8 ? PlateColour.Green : PlateColour.Blue;
        var when = new DateTimeOffset(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero).ToOffset(at.Offset);
        reads.Add(new PlateSighting(null, camera.Id.Value, when, plate, colour, random.NextDouble(0.85, 0.995), camera.Latitude, camera.Longitude,
            VehicleType: "car", Direction: "unknown"));
    }

    private static List<int> RandomRoute(CameraNetwork network, SeededRandom random, int minHops) =>
        RouteFrom(network, random, random.NextInt(0, network.Nodes.Count), minHops);

    private static List<int> RouteFrom(CameraNetwork network, SeededRandom random, int from, int minHops)
    {
        for (var attempt = 0; ; attempt++)
        {
            var to = random.NextInt(0, network.Nodes.Count);
            if (network.HopsBetween(from, to) >= minHops || attempt > 50)
            {
                return Path(network, random, from, to);
            }
        }
    }

    /// <summary>A route of at least 8 hops past at least 5 cameras (the planted pairs drive through the covered core).</summary>
    private static List<int> CameraRoute(CameraNetwork network, SeededRandom random, int from)
    {
        for (var attempt = 0; ; attempt++)
        {
            var route = RouteFrom(network, random, from, 8);
            if (route.Count(n => network.AtNode(n) is not null) >= 5 || attempt > 200)
            {
                return route;
            }
        }
    }

    private static List<int> RouteThrough(CameraNetwork network, SeededRandom random, int via)
    {
        var before = RouteFrom(network, random, via, 2);
        before.Reverse();
        var after = RouteFrom(network, random, via, 2);
        return [.. before, .. after.Skip(1)];
    }

    /// <summary>A shortest path, choosing at random among equally short next steps (so routes spread over parallel arterials).</summary>
    private static List<int> Path(CameraNetwork network, SeededRandom random, int from, int to)
    {
        var path = new List<int> { from };
        var at = from;
        while (at != to && network.HopsBetween(at, to) > 0)
        {
            var closer = network.NeighboursOf(at).Where(n => network.HopsBetween(n, to) == network.HopsBetween(at, to) - 1).ToArray();
            at = closer[random.NextInt(0, closer.Length)];
            path.Add(at);
        }

        return path;
    }

    private static (int A, int B) FarApart(CameraNetwork network, SeededRandom random)
    {
        var cameras = network.Cameras;
        var a = cameras[random.NextInt(0, cameras.Count)];
        var b = cameras.MaxBy(c => network.RoadMeters(a.Node, c.Node))!;
        return (a.Node, b.Node);
    }

    private static double KmH(SeededRandom random) => random.NextDouble(25, 55);

    private static double[] Cumulative(double[] weights)
    {
        var total = weights.Sum();
        var sum = 0.0;
        return [.. weights.Select(w => sum += w / total)];
    }

    private static double SampleHour(SeededRandom random, double[] cumulative)
    {
        var u = random.NextDouble();
        var hour = Array.FindIndex(cumulative, c => u < c);
        return (hour < 0 ? 23 : hour) + random.NextDouble(0, 0.95);
    }

    private static string NewPlate(SeededRandom random)
    {
        var prefix = random.NextDouble() < 0.85 ? "黑A" : OtherPrefixes[random.NextInt(0, OtherPrefixes.Length)];
        var builder = new StringBuilder(prefix);
        if (random.NextDouble() < 0.15)
        {
            builder.Append(LicencePlate.EnergyLetters[random.NextInt(0, 2)]);
            builder.Append(SerialChar(random));
            for (var i = 0; i < 4; i++)
            {
                builder.Append((char)('0' + random.NextInt(0, 10)));
            }
        }
        else
        {
            for (var i = 0; i < 5; i++)
            {
                builder.Append(i < 2 && random.NextDouble() < 0.3 ? LicencePlate.Letters[random.NextInt(0, LicencePlate.Letters.Length)] : (char)('0' + random.NextInt(0, 10)));
            }
        }

        return builder.ToString();
    }

    private static char SerialChar(SeededRandom random) =>
        random.NextDouble() < 0.5 ? (char)('0' + random.NextInt(0, 10)) : LicencePlate.Letters[random.NextInt(0, LicencePlate.Letters.Length)];

    private static string Misread(SeededRandom random, string plate)
    {
        var i = random.NextInt(2, plate.Length);
        var c = plate[i];
        var swapped = c switch
        {
            '8' => 'B',
            'B' => '8',
            '0' => 'D',
            'D' => '0',
            '5' => 'S',
            'S' => '5',
            '2' => 'Z',
            'Z' => '2',
            '1' => '7',
            '7' => '1',
            _ => (char)('0' + random.NextInt(0, 10)),
        };
        return string.Concat(plate.AsSpan(0, i), swapped.ToString(), plate.AsSpan(i + 1));
    }
}
