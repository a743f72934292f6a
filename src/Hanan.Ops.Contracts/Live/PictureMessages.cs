using Hanan.Ops.Domain.Live;

namespace Hanan.Ops.Contracts.Live;

/// <summary>The wall's figures for one grid or the district (see <see cref="LiveCounts"/>).</summary>
[GenerateSerializer, Immutable, Alias("hanan.live.PictureCounts")]
public sealed record PictureCounts(
    [property: Id(0)] int Open,
    [property: Id(1)] int Overdue,
    [property: Id(2)] int Hot,
    [property: Id(3)] int FiledToday,
    [property: Id(4)] int Claimed,
    [property: Id(5)] int ResolvedToday)
{
    public static PictureCounts From(LiveCounts c) => new(c.Open, c.Overdue, c.Hot, c.FiledToday, c.Claimed, c.ResolvedToday);
}

/// <summary>The figures of one grid; all zero in a delta when the grid has nothing left.</summary>
[GenerateSerializer, Immutable, Alias("hanan.live.GridCounts")]
public sealed record GridCounts([property: Id(0)] string Grid, [property: Id(1)] PictureCounts Counts);

/// <summary>Appeals of one category in one grid within one window (the choropleth).</summary>
[GenerateSerializer, Immutable, Alias("hanan.live.GridHeat")]
public sealed record GridHeat(
    [property: Id(0)] string Grid,
    [property: Id(1)] string Category,
    [property: Id(2)] string Window,
    [property: Id(3)] int Count);

/// <summary>Appeals of one category in one density cell within one window.</summary>
[GenerateSerializer, Immutable, Alias("hanan.live.BinHeat")]
public sealed record BinHeat(
    [property: Id(0)] string Level,
    [property: Id(1)] int Row,
    [property: Id(2)] int Column,
    [property: Id(3)] string Category,
    [property: Id(4)] string Window,
    [property: Id(5)] int Count);

/// <summary>A 250 m cell growing fastest: appeals filed in the last hour against the hour before.</summary>
[GenerateSerializer, Immutable, Alias("hanan.live.PictureHotspot")]
public sealed record PictureHotspot(
    [property: Id(0)] string Level,
    [property: Id(1)] int Row,
    [property: Id(2)] int Column,
    [property: Id(3)] int LastHour,
    [property: Id(4)] int HourBefore);

/// <summary>How to draw the cells of a level: row r spans latitudes [r·RowDegrees, (r+1)·RowDegrees), columns likewise.</summary>
[GenerateSerializer, Immutable, Alias("hanan.live.BinLevelInfo")]
public sealed record BinLevelInfo(
    [property: Id(0)] string Level,
    [property: Id(1)] double Meters,
    [property: Id(2)] double RowDegrees,
    [property: Id(3)] double ColumnDegrees);

/// <summary>
/// The whole picture as of delta <see cref="Sequence"/>: apply only deltas with a higher sequence. Lists hold only
/// non-zero entries.
/// </summary>
[GenerateSerializer, Immutable, Alias("hanan.live.PictureSnapshot")]
public sealed record PictureSnapshot(
    [property: Id(0)] long Sequence,
    [property: Id(1)] DateTimeOffset AsOf,
    [property: Id(2)] PictureCounts District,
    [property: Id(3)] IReadOnlyList<GridCounts> Grids,
    [property: Id(4)] IReadOnlyList<GridHeat> GridHeat,
    [property: Id(5)] IReadOnlyList<BinHeat> BinHeat,
    [property: Id(6)] IReadOnlyList<PictureHotspot> Hotspots,
    [property: Id(7)] IReadOnlyList<BinLevelInfo> Levels);

/// <summary>
/// What changed since delta <c>Sequence − 1</c>. Every listed value replaces the client's (0 or all-zero figures: gone);
/// <see cref="District"/> and <see cref="Hotspots"/> are null when unchanged, a listed hotspot list replaces the whole list.
/// </summary>
[GenerateSerializer, Immutable, Alias("hanan.live.PictureDelta")]
public sealed record PictureDelta(
    [property: Id(0)] long Sequence,
    [property: Id(1)] DateTimeOffset AsOf,
    [property: Id(2)] PictureCounts? District,
    [property: Id(3)] IReadOnlyList<GridCounts> Grids,
    [property: Id(4)] IReadOnlyList<GridHeat> GridHeat,
    [property: Id(5)] IReadOnlyList<BinHeat> BinHeat,
    [property: Id(6)] IReadOnlyList<PictureHotspot>? Hotspots);

/// <summary>Maps the domain's picture to the messages, with the names clients see for levels and windows.</summary>
public static class PictureMessages
{
    public static string Name(BinLevel level) => level switch
    {
        BinLevel.Fine => "250m",
        BinLevel.Coarse => "1km",
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "Unknown bin level."),
    };

    public static string Name(PictureWindow window) => window switch
    {
        PictureWindow.OpenNow => "open",
        PictureWindow.LastHour => "1h",
        PictureWindow.Last24Hours => "24h",
        PictureWindow.Last7Days => "7d",
        _ => throw new ArgumentOutOfRangeException(nameof(window), window, "Unknown window."),
    };

    public static IReadOnlyList<BinLevelInfo> Levels { get; } =
        [.. Enum.GetValues<BinLevel>().Select(l => new BinLevelInfo(Name(l), HeatBin.Meters(l), HeatBin.RowDegrees(l), HeatBin.ColumnDegrees(l)))];

    public static PictureSnapshot Snapshot(long sequence, PictureState state) => new(
        sequence,
        state.AsOf,
        PictureCounts.From(state.District),
        Grids(state.Grids),
        GridHeat(state.GridHeat),
        BinHeat(state.BinHeat),
        Hotspots(state.Hotspots),
        Levels);

    public static PictureDelta Delta(long sequence, PictureChange change) => new(
        sequence,
        change.AsOf,
        change.District is { } d ? PictureCounts.From(d) : null,
        Grids(change.Grids),
        GridHeat(change.GridHeat),
        BinHeat(change.BinHeat),
        change.Hotspots is { } h ? Hotspots(h) : null);

    private static GridCounts[] Grids(IEnumerable<KeyValuePair<string, LiveCounts>> grids) =>
        [.. grids.Select(g => new GridCounts(g.Key, PictureCounts.From(g.Value)))];

    private static GridHeat[] GridHeat(IEnumerable<KeyValuePair<GridHeatKey, int>> heat) =>
        [.. heat.Select(h => new GridHeat(h.Key.GridCode, h.Key.CategoryCode, Name(h.Key.Window), h.Value))];

    private static BinHeat[] BinHeat(IEnumerable<KeyValuePair<BinHeatKey, int>> heat) =>
        [.. heat.Select(h => new BinHeat(Name(h.Key.Bin.Level), h.Key.Bin.Row, h.Key.Bin.Column, h.Key.CategoryCode, Name(h.Key.Window), h.Value))];

    private static PictureHotspot[] Hotspots(IEnumerable<Hotspot> hotspots) =>
        [.. hotspots.Select(h => new PictureHotspot(Name(h.Bin.Level), h.Bin.Row, h.Bin.Column, h.LastHour, h.HourBefore))];
}
