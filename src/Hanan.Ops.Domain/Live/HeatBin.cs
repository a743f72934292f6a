using Hanan.Ops.Domain.Geography;

namespace Hanan.Ops.Domain.Live;

/// <summary>The two zoom levels of the point-density heatmap.</summary>
public enum BinLevel
{
    /// <summary>Cells about 250 m square: streets and blocks.</summary>
    Fine,

    /// <summary>Cells about 1 km square: the whole district at a glance.</summary>
    Coarse,
}

/// <summary>The time windows of the heatmap.</summary>
public enum PictureWindow
{
    /// <summary>Cases open now, whenever they were filed.</summary>
    OpenNow,

    /// <summary>Appeals filed within the last hour.</summary>
    LastHour,

    /// <summary>Appeals filed within the last 24 hours.</summary>
    Last24Hours,

    /// <summary>Appeals filed within the last 7 days.</summary>
    Last7Days,
}

/// <summary>
/// One square cell of the density heatmap. Rows are latitude bands of the level's size in metres (degrees of latitude
/// times <see cref="LocalPlane.MetersPerDegree"/>); columns are longitude bands of the same size at
/// <see cref="ReferenceLatitude"/>, so around the district a cell is square. Row r covers latitudes
/// [r·<see cref="RowDegrees"/>, (r + 1)·<see cref="RowDegrees"/>), column c likewise in longitude. No projection
/// library: the arithmetic is what a browser needs to draw the cell.
/// </summary>
public readonly record struct HeatBin(BinLevel Level, int Row, int Column)
{
    /// <summary>Latitude at which the cells are square: Pingfang District, about 45.6°N.</summary>
    public const double ReferenceLatitude = 45.6;

    public static double Meters(BinLevel level) => level switch
    {
        BinLevel.Fine => 250,
        BinLevel.Coarse => 1000,
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "Unknown bin level."),
    };

    public static double RowDegrees(BinLevel level) => Meters(level) / LocalPlane.MetersPerDegree;

    public static double ColumnDegrees(BinLevel level) =>
        Meters(level) / (LocalPlane.MetersPerDegree * Math.Cos(ReferenceLatitude * Math.PI / 180.0));

    /// <summary>The cell of the level that holds a WGS84 point.</summary>
    public static HeatBin Of(BinLevel level, double latitude, double longitude) => new(
        level, (int)Math.Floor(latitude / RowDegrees(level)), (int)Math.Floor(longitude / ColumnDegrees(level)));
}

/// <summary>How many appeals of one category lie in one grid within one window (the choropleth).</summary>
public readonly record struct GridHeatKey(string GridCode, string CategoryCode, PictureWindow Window);

/// <summary>How many appeals of one category lie in one density cell within one window.</summary>
public readonly record struct BinHeatKey(HeatBin Bin, string CategoryCode, PictureWindow Window);

/// <summary>A fine cell whose appeals grow: filed in the last hour against the hour before.</summary>
public readonly record struct Hotspot(HeatBin Bin, int LastHour, int HourBefore)
{
    public int Growth => LastHour - HourBefore;
}
