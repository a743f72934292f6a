using Hanan.Ops.Domain.Cameras;
using Hanan.Ops.Domain.Cameras.Simulation;
using Hanan.Ops.Domain.Tests.Geography;
using Xunit.Abstractions;

namespace Hanan.Ops.Domain.Tests.Cameras.Simulation;

/// <summary>The detections held against what the simulator planted.</summary>
[Collection(DemoDistrictCollection.Name)]
public sealed class GroundTruthTests(DemoDistrictFixture district, ITestOutputHelper output)
{
    private static readonly DateOnly Day = new(2026, 11, 26);

    private readonly CameraNetwork _network = CameraNetwork.Build(district.Map);

    /// <summary>
    /// Precision and recall over every planted target and companion (each queried as a target), for k = 4, 6 and 8
    /// shared cameras within Δt = 60 s. Cars on the same arterial in the same direction share a few cameras by
    /// chance, so a small k finds strangers too; the planted pairs share 15 or more.
    /// </summary>
    [Theory]
    [InlineData(8_000)]
    [InlineData(40_000)]
    public void Companions_are_found_with_high_precision_and_recall(int trips)
    {
        var day = TrafficSimulator.Generate(_network, new TrafficSettings(Day, Trips: trips, CompanionPairs: 12));
        var byCamera = day.Reads.ToLookup(r => r.CameraId, StringComparer.Ordinal);
        var truth = day.Truth.CompanionPairs.SelectMany(p => new[] { (p.Target, p.Companion), (p.Companion, p.Target) }).ToHashSet();

        var figures = new Dictionary<int, (double Precision, double Recall)>();
        foreach (var k in new[] { 4, 6, 8 })
        {
            var rules = new CompanionRules(MinSharedCameras: k, MaxGap: TimeSpan.FromSeconds(60));
            var found = new HashSet<(string, string)>();
            foreach (var target in truth.Select(p => p.Item1).Distinct())
            {
                var own = day.Reads.Where(r => r.Plate == target).ToList();
                var passes = own.Select(r => r.CameraId).Distinct().SelectMany(c => byCamera[c]);
                found.UnionWith(CompanionFinder.Find(target, own, passes, rules).Select(c => (target, c.Plate)));
            }

            var hits = found.Count(truth.Contains);
            figures[k] = (found.Count == 0 ? 0 : (double)hits / found.Count, (double)hits / truth.Count);
            output.WriteLine($"{trips} trips, {day.Reads.Count} reads, k = {k}, Δt = 60 s: {found.Count} found for {truth.Count} planted, " +
                $"precision {figures[k].Precision:P1}, recall {figures[k].Recall:P1}");
        }

        figures.Values.Should().OnlyContain(f => f.Recall == 1.0);
        figures[8].Precision.Should().BeGreaterThanOrEqualTo(0.95);
        figures[4].Precision.Should().BeLessThanOrEqualTo(figures[8].Precision);
    }

    [Fact]
    public void Every_planted_clone_wanted_plate_and_fence_violation_is_detected_and_no_clone_is_invented()
    {
        var day = TrafficSimulator.Generate(_network, new TrafficSettings(Day, Trips: 8_000));
        var rules = new VehicleRules(new CloneRules(MaxSpeedKmh: 150), _network.RoadDistance, day.Fences, day.Watchlist);
        var records = new Dictionary<string, VehicleRecord>(StringComparer.Ordinal);
        var clones = new HashSet<string>(StringComparer.Ordinal);
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        var fences = new HashSet<(string, string, FenceCrossing)>();
        foreach (var read in day.Reads)
        {
            if (!records.TryGetValue(read.Plate, out var record))
            {
                records[read.Plate] = record = new VehicleRecord(read.Plate);
            }

            var seen = record.Observe(read, rules);
            if (seen.Suspicion is not null)
            {
                clones.Add(read.Plate);
            }

            if (seen.Wanted is not null)
            {
                wanted.Add(read.Plate);
            }

            foreach (var e in seen.Fences)
            {
                fences.Add((read.Plate, e.Fence.Id, e.Crossing));
            }
        }

        output.WriteLine($"{day.Reads.Count} reads of {records.Count} plates; clones {clones.Count}, wanted {wanted.Count}, fence events {fences.Count} " +
            $"({day.Truth.FenceViolations.Count} planted), misreads {day.Truth.Misreads.Count}");
        clones.Should().BeEquivalentTo(day.Truth.ClonedPlates);
        wanted.Should().BeEquivalentTo(day.Truth.WantedPlates.Select(w => w.Plate));
        fences.Should().Contain(day.Truth.FenceViolations);
    }

    [Fact]
    public void Misreads_are_matched_back_to_their_plates_by_the_fuzzy_matcher()
    {
        var day = TrafficSimulator.Generate(_network, new TrafficSettings(Day, Trips: 4_000, MisreadShare: 0.03));
        var matcher = new PlateMatcher();
        foreach (var read in day.Reads.Where(r => r.Confidence >= matcher.Threshold))
        {
            matcher.Add(LicencePlate.Parse(read.Plate));
        }

        var corrected = day.Truth.Misreads.Count(m => matcher.Match(m.ReadAs, 0.5) is { Fuzzy: true } match && match.Plate.Value == m.Plate);
        var wrong = day.Truth.Misreads.Count(m => matcher.Match(m.ReadAs, 0.5) is { Fuzzy: true } match && match.Plate.Value != m.Plate);
        output.WriteLine($"{day.Truth.Misreads.Count} misreads: {corrected} corrected, {wrong} matched to another plate");

        wrong.Should().Be(0);
        ((double)corrected / day.Truth.Misreads.Count).Should().BeGreaterThan(0.9);
    }

    [Fact]
    public void The_same_seed_gives_the_same_day()
    {
        var a = TrafficSimulator.Generate(_network, new TrafficSettings(Day, Trips: 500));
        var b = TrafficSimulator.Generate(_network, new TrafficSettings(Day, Trips: 500));

        b.Reads.Should().Equal(a.Reads);
        b.Truth.ClonedPlates.Should().Equal(a.Truth.ClonedPlates);
    }
}
