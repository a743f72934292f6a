namespace Hanan.Ops.Domain.Cameras;

/// <summary>How a read plate was settled: as read, or matched to a known plate one edit away.</summary>
public sealed record PlateMatch(LicencePlate Plate, bool Fuzzy, string? ReadAs);

/// <summary>
/// Corrects low-confidence reads: a read below <see cref="Threshold"/> that is not a known plate, and is within edit
/// distance 1 (one character replaced, added or dropped) of exactly one known plate, is taken as that plate and
/// flagged fuzzy. With several candidates at distance 1 the read stays as it is (no guessing). Known plates are
/// indexed by their single-deletion variants, so a lookup costs a few hash probes however many plates are known.
/// Not thread-safe for writers; readers may share it once filled.
/// </summary>
public sealed class PlateMatcher(double threshold = PlateMatcher.DefaultThreshold)
{
    public const double DefaultThreshold = 0.8;

    private readonly HashSet<string> _known = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _byDeletion = new(StringComparer.Ordinal);

    public double Threshold { get; } = threshold;

    public int Count => _known.Count;

    public bool IsKnown(string plate) => _known.Contains(plate);

    public void Add(LicencePlate plate)
    {
        if (!_known.Add(plate.Value))
        {
            return;
        }

        foreach (var key in Deletions(plate.Value).Append(plate.Value))
        {
            if (!_byDeletion.TryGetValue(key, out var list))
            {
                _byDeletion[key] = list = new List<string>(1);
            }

            list.Add(plate.Value);
        }
    }

    /// <summary>
    /// Settles a read. <paramref name="readText"/> is normalised first; a read that is not a valid plate can still be
    /// matched when it is one edit from a known plate and confidence is low (a camera that dropped a character).
    /// Null when the read is neither valid nor matched.
    /// </summary>
    public PlateMatch? Match(string readText, double confidence)
    {
        var read = LicencePlate.Normalise(readText);
        var valid = LicencePlate.TryParse(read, out var parsed, out _) ? parsed : null;
        if (_known.Contains(read) || confidence >= Threshold)
        {
            return valid is null ? null : new PlateMatch(valid, false, null);
        }

        string? only = null;
        var candidates = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in Deletions(read).Append(read))
        {
            if (_byDeletion.TryGetValue(key, out var list))
            {
                candidates.UnionWith(list);
            }
        }

        foreach (var candidate in candidates)
        {
            if (WithinOneEdit(read, candidate))
            {
                if (only is not null)
                {
                    return valid is null ? null : new PlateMatch(valid, false, null);
                }

                only = candidate;
            }
        }

        if (only is not null)
        {
            return new PlateMatch(LicencePlate.Parse(only), true, read);
        }

        return valid is null ? null : new PlateMatch(valid, false, null);
    }

    /// <summary>Whether two strings differ by at most one substitution, insertion or deletion.</summary>
    public static bool WithinOneEdit(string a, string b)
    {
        if (Math.Abs(a.Length - b.Length) > 1)
        {
            return false;
        }

        if (a.Length > b.Length)
        {
            (a, b) = (b, a);
        }

        var i = 0;
        while (i < a.Length && a[i] == b[i])
        {
            i++;
        }

        return a.Length == b.Length
            ? a.AsSpan(i + Math.Min(1, a.Length - i)).SequenceEqual(b.AsSpan(i + Math.Min(1, b.Length - i)))
            : a.AsSpan(i).SequenceEqual(b.AsSpan(i + 1));
    }

    private static IEnumerable<string> Deletions(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            yield return string.Concat(value.AsSpan(0, i), value.AsSpan(i + 1));
        }
    }
}
