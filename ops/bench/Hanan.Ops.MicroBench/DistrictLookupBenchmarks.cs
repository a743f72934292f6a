using BenchmarkDotNet.Attributes;
using Hanan.Ops.Domain.Geography;

namespace Hanan.Ops.MicroBench;

/// <summary>Point → grid (where does this appeal, sighting or resident fall?) on the demo district's 449 grids.</summary>
[MemoryDiagnoser]
public class DistrictLookupBenchmarks
{
    private DistrictMap map = null!;
    private (double Latitude, double Longitude)[] points = [];
    private int next;

    [GlobalSetup]
    public void Setup()
    {
        map = DemoDistrict.Generate();
        var envelope = map.Boundary.EnvelopeInternal;
        var random = new Random(230108);
        // Points spread over the district's bounding box: most inside, some outside (the rejection path counts too).
        points = [.. Enumerable.Range(0, 4096).Select(_ => (
            envelope.MinY + (random.NextDouble() * envelope.Height),
            envelope.MinX + (random.NextDouble() * envelope.Width)))];
    }

    [Benchmark(Description = "DistrictMap.Locate (point → grid)")]
    public Grid? Locate()
    {
        var (latitude, longitude) = points[next++ & 4095];
        return map.Locate(latitude, longitude);
    }
}
