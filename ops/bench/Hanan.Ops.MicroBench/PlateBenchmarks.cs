using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Hanan.Ops.Domain.Cameras;

namespace Hanan.Ops.MicroBench;

/// <summary>
/// Plate reads as edge boxes send them (full-width characters, lower case, separators) normalised and validated to
/// GA 36, and a low-confidence read matched against 50,000 known plates (the fuzzy path, one edit away).
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public partial class PlateBenchmarks
{
    private static readonly string[] Provinces = ["黑", "吉", "辽", "京", "蒙"];
    private static readonly string Letters = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private string[] reads = [];
    private string[] misreads = [];
    private PlateMatcher matcher = null!;
    private string[] known = [];
    private int next;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(28181);
        string Plate() => Provinces[random.Next(Provinces.Length)] + Letters[random.Next(Letters.Length)]
            + string.Concat(Enumerable.Range(0, 5).Select(_ => random.Next(3) == 0 ? Letters[random.Next(Letters.Length)] : (char)('0' + random.Next(10))));
        known = Enumerable.Range(0, 50_000).Select(_ => Plate()).Distinct().ToArray();
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

    /// <summary>The baseline parse: Unicode compatibility folding, upper case, and a regular expression of the ordinary GA 36 form.</summary>
    [Benchmark(Baseline = true, Description = "baseline: NFKC + ToUpper + Regex (ordinary plates only)")]
    [BenchmarkCategory("parse")]
    public bool RegexParse()
    {
        var folded = reads[next++ & 1023].Normalize(NormalizationForm.FormKC).Replace("·", "", StringComparison.Ordinal).ToUpper(CultureInfo.InvariantCulture);
        return OrdinaryPlate().IsMatch(folded);
    }

    [Benchmark(Description = "LicencePlate.TryParse (normalise + GA 36)")]
    [BenchmarkCategory("parse")]
    public bool Parse() => LicencePlate.TryParse(reads[next++ & 1023], out _, out _);

    /// <summary>The baseline match: every known plate compared character by character (one substitution allowed).</summary>
    [Benchmark(Baseline = true, Description = "baseline: scan 50k known plates, ≤ 1 substitution")]
    [BenchmarkCategory("fuzzy")]
    public string? ScanMatch()
    {
        var read = misreads[next++ & 1023];
        string? found = null;
        foreach (var plate in known)
        {
            if (plate.Length != read.Length)
            {
                continue;
            }

            var differences = 0;
            for (var i = 0; i < plate.Length && differences <= 1; i++)
            {
                differences += plate[i] == read[i] ? 0 : 1;
            }

            if (differences == 1)
            {
                if (found is not null)
                {
                    return null;
                }

                found = plate;
            }
        }

        return found;
    }

    [Benchmark(Description = "PlateMatcher.Match (low confidence, 50k known)")]
    [BenchmarkCategory("fuzzy")]
    public PlateMatch? FuzzyMatch() => matcher.Match(misreads[next++ & 1023], 0.6);

    [GeneratedRegex("^[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-HJ-NP-Z][A-HJ-NP-Z0-9]{5}$")]
    private static partial Regex OrdinaryPlate();
}
