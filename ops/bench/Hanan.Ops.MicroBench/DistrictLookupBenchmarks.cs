using BenchmarkDotNet.Attributes;
using Hanan.Ops.Domain.Geography;
using NetTopologySuite.Geometries;

namespace Hanan.Ops.MicroBench;

/// <summary>Point → grid (where does this appeal, sighting or resident fall?) on the demo district's 449 grids.</summary>
[MemoryDiagnoser]
public class DistrictLookupBenchmarks
{
    private DistrictMap map = null!;
    private (double Latitude, double Longitude)[] points = [];
    private Grid[] grids = [];
    private int next;

    [GlobalSetup]
    public void Setup()
    {
        map = DemoDistrict.Generate();
        grids = [.. map.Grids];
        var envelope = map.Boundary.EnvelopeInternal;
        var random = new Random(230108);
        // Points spread over the district's bounding box: most inside, some outside (the rejection path counts too).
        points = [.. Enumerable.Range(0, 4096).Select(_ => (
            envelope.MinY + (random.NextDouble() * envelope.Height),
            envelope.MinX + (random.NextDouble() * envelope.Width)))];
    }

    /// <summary>The baseline: what one writes without an index, every grid's polygon asked in turn.</summary>
    [Benchmark(Baseline = true, Description = "baseline: every grid's Polygon.Covers in turn")]
    public Grid? BruteForce()
    {
        var (latitude, longitude) = points[next++ & 4095];
        var point = new Point(longitude, latitude);
        foreach (var grid in grids)
        {
            if (grid.Boundary.Covers(point))
            {
                return grid;
            }
        }

        return null;
    }

    [Benchmark(Description = "DistrictMap.Locate (point → grid)")]
    public Grid? Locate()
    {
        var (latitude, longitude) = points[next++ & 4095];
        return map.Locate(latitude, longitude);
    }
}
