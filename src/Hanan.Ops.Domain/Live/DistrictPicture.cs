namespace Hanan.Ops.Domain.Live;

/// <summary>
/// The live picture of the district for the command-centre wall: figures per grid and district-wide, the heatmap of
/// appeals per grid and per density cell for each <see cref="PictureWindow"/> and category, and the fastest-growing
/// cells. Fed case versions in any order (the highest version of a case wins); answers for an injected instant.
/// </summary>
/// <remarks>
/// It keeps a case while some figure can still count it: open, filed within <see cref="Retention"/>, or resolved
/// today. <see cref="Compute"/> drops the others, and remembers the version of a dropped case for
/// <see cref="TombstoneLifetime"/> so that a late delivery of an older version does not bring it back.
/// Not thread-safe.
/// </remarks>
public sealed class DistrictPicture
{
    /// <summary>The longest window: appeals filed earlier matter only while open or resolved today.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(7);

    public static readonly TimeSpan TombstoneLifetime = TimeSpan.FromHours(1);

    /// <summary>How many growing cells <see cref="PictureState.Hotspots"/> lists at most.</summary>
    public const int HotspotCount = 5;

    private static readonly BinLevel[] Levels = [BinLevel.Fine, BinLevel.Coarse];

    private readonly Dictionary<Guid, PictureCase> _cases = [];
    private readonly Dictionary<Guid, (long Version, DateTimeOffset Until)> _dropped = [];

    /// <summary>How many cases the picture holds.</summary>
    public int Count => _cases.Count;

    public bool Contains(Guid caseId) => _cases.ContainsKey(caseId);

    /// <summary>Takes a case version unless a higher or equal one is known; true when the picture changed.</summary>
    public bool Upsert(PictureCase version)
    {
        ArgumentNullException.ThrowIfNull(version);
        if ((_cases.TryGetValue(version.Id, out var known) && known.Version >= version.Version)
            || (_dropped.TryGetValue(version.Id, out var dropped) && dropped.Version >= version.Version))
        {
            return false;
        }

        _dropped.Remove(version.Id);
        _cases[version.Id] = version;
        return true;
    }

    /// <summary>The picture as of <paramref name="now"/>; first drops the cases no figure needs any more.</summary>
    public PictureState Compute(DateTimeOffset now)
    {
        var dayStart = LiveCounts.DayStart(now);
        Prune(now, dayStart);

        var district = default(LiveCounts);
        var grids = new Dictionary<string, LiveCounts>(StringComparer.Ordinal);
        var gridHeat = new Dictionary<GridHeatKey, int>();
        var binHeat = new Dictionary<BinHeatKey, int>();
        var growth = new Dictionary<HeatBin, (int LastHour, int HourBefore)>();
        Span<PictureWindow> windows = stackalloc PictureWindow[4];

        foreach (var c in _cases.Values)
        {
            var counts = LiveCounts.Of(c, dayStart);
            if (!counts.IsZero)
            {
                district += counts;
                grids[c.GridCode] = grids.GetValueOrDefault(c.GridCode) + counts;
            }

            var n = WindowsOf(c, now, windows);
            foreach (var window in windows[..n])
            {
                Increment(gridHeat, new GridHeatKey(c.GridCode, c.CategoryCode, window));
                foreach (var level in Levels)
                {
                    Increment(binHeat, new BinHeatKey(HeatBin.Of(level, c.Latitude, c.Longitude), c.CategoryCode, window));
                }
            }

            var age = now - c.FiledAt;
            if (age < TimeSpan.FromHours(2))
            {
                var bin = HeatBin.Of(BinLevel.Fine, c.Latitude, c.Longitude);
                var (last, before) = growth.GetValueOrDefault(bin);
                growth[bin] = age < TimeSpan.FromHours(1) ? (last + 1, before) : (last, before + 1);
            }
        }

        var hotspots = growth
            .Select(g => new Hotspot(g.Key, g.Value.LastHour, g.Value.HourBefore))
            .Where(h => h.Growth > 0)
            .OrderByDescending(h => h.Growth).ThenByDescending(h => h.LastHour).ThenBy(h => h.Bin.Row).ThenBy(h => h.Bin.Column)
            .Take(HotspotCount)
            .ToList();
        return new PictureState(now, district, grids, gridHeat, binHeat, hotspots);
    }

    /// <summary>The windows a case counts in, written to <paramref name="windows"/>; returns how many.</summary>
    private static int WindowsOf(PictureCase c, DateTimeOffset now, Span<PictureWindow> windows)
    {
        var n = 0;
        if (c.IsOpen)
        {
            windows[n++] = PictureWindow.OpenNow;
        }

        // A filing stamped slightly ahead of this clock (another silo) counts as just filed.
        var age = now - c.FiledAt;
        if (age < TimeSpan.FromHours(1))
        {
            windows[n++] = PictureWindow.LastHour;
        }

        if (age < TimeSpan.FromHours(24))
        {
            windows[n++] = PictureWindow.Last24Hours;
        }

        if (age < Retention)
        {
            windows[n++] = PictureWindow.Last7Days;
        }

        return n;
    }

    private static void Increment<TKey>(Dictionary<TKey, int> counts, TKey key)
        where TKey : notnull =>
        counts[key] = counts.GetValueOrDefault(key) + 1;

    private void Prune(DateTimeOffset now, DateTimeOffset dayStart)
    {
        List<Guid>? gone = null;
        foreach (var (id, c) in _cases)
        {
            var needed = c.IsOpen || now - c.FiledAt < Retention || (c.IsResolved && c.ResolvedAt >= dayStart);
            if (!needed)
            {
                (gone ??= []).Add(id);
            }
        }

        foreach (var id in gone ?? [])
        {
            _dropped[id] = (_cases[id].Version, now + TombstoneLifetime);
            _cases.Remove(id);
        }

        foreach (var id in _dropped.Where(d => d.Value.Until <= now).Select(d => d.Key).ToList())
        {
            _dropped.Remove(id);
        }
    }
}
