using BenchmarkDotNet.Attributes;
using Hanan.Ops.Domain.Cameras;

namespace Hanan.Ops.MicroBench;

/// <summary>
/// Plate reads as edge boxes send them (full-width characters, lower case, separators) normalised and validated to
/// GA 36, and a low-confidence read matched against 50,000 known plates (the fuzzy path, one edit away).
/// </summary>
[MemoryDiagnoser]
public class PlateBenchmarks
{
    private static readonly string[] Provinces = ["黑", "吉", "辽", "京", "蒙"];
    private static readonly string Letters = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private string[] reads = [];
    private string[] misreads = [];
    private PlateMatcher matcher = null!;
    private int next;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(28181);
        string Plate() => Provinces[random.Next(Provinces.Length)] + Letters[random.Next(Letters.Length)]
            + string.Concat(Enumerable.Range(0, 5).Select(_ => random.Next(3) == 0 ? Letters[random.Next(Letters.Length)] : (char)('0' + random.Next(10))));
        var known = Enumerable.Range(0, 50_000).Select(_ => Plate()).Distinct().ToArray();
        matcher = new PlateMatcher();
        foreach (var plate in known)
        {
            matcher.Add(LicencePlate.Parse(plate));
        }

        // Messy but valid written forms: a separator dot, full-width digits, lower-case letters.
        reads = [.. known.Take(1024).Select((p, i) => (i % 3) switch
        {
            0 => p[..2] + "·" + p[2..],
            1 => p[..2] + string.Concat(p[2..].Select(c => char.IsAsciiDigit(c) ? (char)(c - '0' + '０') : c)),
            _ => p.ToLowerInvariant(),
        })];
        // One character replaced: what a camera reads at night.
        misreads = [.. known.Take(1024).Select(p => p[..6] + (p[6] == '8' ? 'B' : '8'))];

        // Measure the intended paths only: every read parses, and most misreads resolve to their plate.
        if (reads.Any(r => !LicencePlate.TryParse(r, out _, out _)))
        {
            throw new InvalidOperationException("a benchmark read does not parse");
        }

        if (misreads.Count(m => matcher.Match(m, 0.6) is { Fuzzy: true }) < misreads.Length / 2)
        {
            throw new InvalidOperationException("most misreads should match one known plate fuzzily");
        }
    }

    [Benchmark(Description = "LicencePlate.TryParse (normalise + GA 36)")]
    public bool Parse() => LicencePlate.TryParse(reads[next++ & 1023], out _, out _);

    [Benchmark(Description = "PlateMatcher.Match (low confidence, 50k known)")]
    public PlateMatch? FuzzyMatch() => matcher.Match(misreads[next++ & 1023], 0.6);
}
