namespace Hanan.Ops.Domain.Live;

/// <summary>
/// The district picture at one instant. Maps hold only non-zero entries: a grid, a heat entry or a cell that is not
/// listed counts zero.
/// </summary>
public sealed class PictureState(
    DateTimeOffset asOf,
    LiveCounts district,
    IReadOnlyDictionary<string, LiveCounts> grids,
    IReadOnlyDictionary<GridHeatKey, int> gridHeat,
    IReadOnlyDictionary<BinHeatKey, int> binHeat,
    IReadOnlyList<Hotspot> hotspots)
{
    public static readonly PictureState Empty = new(
        DateTimeOffset.MinValue, default, new Dictionary<string, LiveCounts>(), new Dictionary<GridHeatKey, int>(),
        new Dictionary<BinHeatKey, int>(), []);

    public DateTimeOffset AsOf { get; } = asOf;

    public LiveCounts District { get; } = district;

    public IReadOnlyDictionary<string, LiveCounts> Grids { get; } = grids;

    public IReadOnlyDictionary<GridHeatKey, int> GridHeat { get; } = gridHeat;

    public IReadOnlyDictionary<BinHeatKey, int> BinHeat { get; } = binHeat;

    /// <summary>Fine cells with more appeals in the last hour than in the hour before, fastest-growing first.</summary>
    public IReadOnlyList<Hotspot> Hotspots { get; } = hotspots;

    /// <summary>
    /// What changed since <paramref name="before"/>: every entry whose value differs, with its new value (zero when it
    /// is gone); the district figures and the hotspot list only when they differ.
    /// </summary>
    public PictureChange Since(PictureState before)
    {
        ArgumentNullException.ThrowIfNull(before);
        return new PictureChange(
            AsOf,
            District == before.District ? null : District,
            Changed(Grids, before.Grids),
            Changed(GridHeat, before.GridHeat),
            Changed(BinHeat, before.BinHeat),
            Hotspots.SequenceEqual(before.Hotspots) ? null : Hotspots);
    }

    private static List<KeyValuePair<TKey, TValue>> Changed<TKey, TValue>(
        IReadOnlyDictionary<TKey, TValue> after, IReadOnlyDictionary<TKey, TValue> before)
        where TKey : notnull
        where TValue : struct, IEquatable<TValue>
    {
        var changed = new List<KeyValuePair<TKey, TValue>>();
        foreach (var (key, value) in after)
        {
            if (!before.TryGetValue(key, out var old) || !old.Equals(value))
            {
                changed.Add(new(key, value));
            }
        }

        foreach (var key in before.Keys)
        {
            if (!after.ContainsKey(key))
            {
                changed.Add(new(key, default));
            }
        }

        return changed;
    }
}

/// <summary>
/// The difference between two pictures. Every value is absolute (replace, do not add), so applying a change twice is
/// harmless. Null district figures or hotspots mean unchanged; a listed hotspot list replaces the whole list.
/// </summary>
public sealed record PictureChange(
    DateTimeOffset AsOf,
    LiveCounts? District,
    IReadOnlyList<KeyValuePair<string, LiveCounts>> Grids,
    IReadOnlyList<KeyValuePair<GridHeatKey, int>> GridHeat,
    IReadOnlyList<KeyValuePair<BinHeatKey, int>> BinHeat,
    IReadOnlyList<Hotspot>? Hotspots)
{
    public bool IsEmpty => District is null && Grids.Count == 0 && GridHeat.Count == 0 && BinHeat.Count == 0 && Hotspots is null;
}
