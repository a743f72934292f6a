using Hanan.Ops.Domain.Geography;
using NetTopologySuite.Geometries;

namespace Hanan.Ops.Domain.Tests.Geography;

/// <summary>
/// One street, one community, four square grids (2 × 2). Codes deliberately do not follow the geography:
/// <code>
///   45.60  +--------+--------+
///          |  004   |  002   |
///   45.55  +--------+--------+
///          |  003   |  001   |
///   45.50  +--------+--------+
///       126.60   126.65   126.70
/// </code>
/// </summary>
internal static class HandBuiltLayout
{
    public const double West = 126.60;
    public const double Middle = 126.65;
    public const double East = 126.70;
    public const double South = 45.50;
    public const double Centre = 45.55;
    public const double North = 45.60;

    public const string StreetCode = "230108001";
    public const string CommunityCode = "230108001001";

    public static Polygon Whole => Box(West, South, East, North);

    public static Street TestStreet => new(StreetCode, "兴建街道", Whole);

    public static Community TestCommunity => new(CommunityCode, "试验社区", StreetCode, Whole);

    public static IReadOnlyList<Grid> Grids =>
    [
        GridAt("001", Middle, South, East, Centre),
        GridAt("002", Middle, Centre, East, North),
        GridAt("003", West, South, Middle, Centre),
        GridAt("004", West, Centre, Middle, North),
    ];

    public static DistrictMap Map() => DistrictMap.FromLayers(Whole, [TestStreet], [TestCommunity], Grids);

    public static Grid GridAt(string serial, double minLon, double minLat, double maxLon, double maxLat) =>
        new(CommunityCode + serial, $"试验社区第{int.Parse(serial, System.Globalization.CultureInfo.InvariantCulture)}网格", CommunityCode, StreetCode, Box(minLon, minLat, maxLon, maxLat));

    public static Polygon Box(double minLon, double minLat, double maxLon, double maxLat) =>
        Wgs84.Factory.CreatePolygon(
        [
            new Coordinate(minLon, minLat), new Coordinate(maxLon, minLat), new Coordinate(maxLon, maxLat),
            new Coordinate(minLon, maxLat), new Coordinate(minLon, minLat),
        ]);
}
