using Hanan.Ops.Domain.Geography;
using Hanan.Ops.Domain.Geography.Consolidation;
using Hanan.Ops.Domain.Geography.Layers;
using NetTopologySuite.Geometries;

namespace Hanan.Ops.Domain.Tests.Geography.Consolidation;

/// <summary>
/// A small district (126.60–126.64 E, 45.60–45.62 N, about 3.1 × 2.2 km): two streets split at 126.62, one
/// community each. Three departmental layers that disagree:
/// <list type="bullet">
/// <item>urban: four vertical strips with borders at 126.6102, 126.6201 and 126.6298, reaching 126.5995 in the
/// west (outside the district) but only 126.6395 in the east (a gap);</item>
/// <item>police: two horizontal halves split at 45.61 (coarser, a different direction);</item>
/// <item>civil affairs: strips with borders at 126.6099, 126.6199 and 126.6301, the easternmost strip missing.</item>
/// </list>
/// Where all agree there are eight pieces (four strips × two halves); along 126.61 and 126.62 the disagreements
/// leave slivers 8–23 m wide, and the east edge a 39 m strip that only police covers.
/// </summary>
internal static class CraftedLayers
{
    public const double West = 126.60;
    public const double StreetBorder = 126.62;
    public const double East = 126.64;
    public const double South = 45.60;
    public const double HalfWay = 45.61;
    public const double North = 45.62;

    public const string WestCommunity = "230108001001";
    public const string EastCommunity = "230108002001";

    public static DistrictMap District()
    {
        var west = Box(West, South, StreetBorder, North);
        var east = Box(StreetBorder, South, East, North);
        return DistrictMap.FromLayers(
            Box(West, South, East, North),
            [new Street("230108001", "兴建街道", west), new Street("230108002", "保国街道", east)],
            [new Community(WestCommunity, "试验一社区", "230108001", west), new Community(EastCommunity, "试验二社区", "230108002", east)],
            [
                new Grid(WestCommunity + "001", "试验一社区第1网格", WestCommunity, "230108001", west),
                new Grid(EastCommunity + "001", "试验二社区第1网格", EastCommunity, "230108002", east),
            ]);
    }

    public static DepartmentLayer Urban => new(Department.UrbanManagement,
    [
        new DepartmentGrid("CG-1", null, Box(126.5995, South, 126.6102, North)),
        new DepartmentGrid("CG-2", null, Box(126.6102, South, 126.6201, North)),
        new DepartmentGrid("CG-3", null, Box(126.6201, South, 126.6298, North)),
        new DepartmentGrid("CG-4", null, Box(126.6298, South, 126.6395, North)),
    ]);

    public static DepartmentLayer Police => new(Department.Police,
    [
        new DepartmentGrid("GA-S", null, Box(West, South, East, HalfWay)),
        new DepartmentGrid("GA-N", null, Box(West, HalfWay, East, North)),
    ]);

    public static DepartmentLayer Civil => new(Department.CivilAffairs,
    [
        new DepartmentGrid("MZ-1", null, Box(West, South, 126.6099, North)),
        new DepartmentGrid("MZ-2", null, Box(126.6099, South, 126.6199, North)),
        new DepartmentGrid("MZ-3", null, Box(126.6199, South, 126.6301, North)),
    ]);

    public static IReadOnlyList<DepartmentLayer> All => [Urban, Police, Civil];

    /// <summary>Households on a regular lattice over a box: columns × rows, each with the given number of people.</summary>
    public static List<HouseholdPoint> Lattice(string prefix, double minLon, double minLat, double maxLon, double maxLat, int columns, int rows, int people)
    {
        var points = new List<HouseholdPoint>();
        for (var i = 0; i < columns; i++)
        {
            for (var j = 0; j < rows; j++)
            {
                var lon = minLon + ((maxLon - minLon) * (i + 0.5) / columns);
                var lat = minLat + ((maxLat - minLat) * (j + 0.5) / rows);
                points.Add(new HouseholdPoint($"{prefix}-{i}-{j}", lon, lat, people));
            }
        }

        return points;
    }

    public static Polygon Box(double minLon, double minLat, double maxLon, double maxLat) =>
        HandBuiltLayout.Box(minLon, minLat, maxLon, maxLat);
}
