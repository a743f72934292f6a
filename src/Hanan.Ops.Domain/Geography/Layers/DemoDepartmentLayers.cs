using System.Globalization;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Utilities;

namespace Hanan.Ops.Domain.Geography.Layers;

/// <summary>
/// Three departmental grid layers for the demo district, derived deterministically from its grids so that they
/// overlap and disagree the way real ones do:
/// <list type="bullet">
/// <item>城管 urban management: one grid per demo grid (fine), borders warped up to ~12 m, shifted 6 m east.</item>
/// <item>公安 police: neighbouring demo grids of a community paired into one 警格 (coarser), warped differently,
/// shifted 9 m north-west.</item>
/// <item>民政 civil affairs: one grid per demo grid in town, one per village in the rural units (coarser there),
/// every 37th grid missing (a gap), shifted 7 m south.</item>
/// </list>
/// Each warp is smooth (a slow sine field), so a layer stays free of overlaps within itself; the shifts leave
/// slivers outside the district and gaps inside its boundary.
/// </summary>
public static class DemoDepartmentLayers
{
    private const double WavelengthMeters = 700;

    public static IReadOnlyList<DepartmentLayer> Generate(DistrictMap district, int seed = DemoDistrict.DefaultSeed)
    {
        ArgumentNullException.ThrowIfNull(district);
        var random = new SeededRandom(seed ^ 0x5A17);
        var centre = district.Boundary.EnvelopeInternal.Centre;
        var plane = new LocalPlane(centre.Y, centre.X);
        return
        [
            UrbanManagement(district, new Warp(plane, random, 12, 6, 0)),
            Police(district, new Warp(plane, random, 14, -9 * Math.Sqrt(0.5), 9 * Math.Sqrt(0.5))),
            CivilAffairs(district, new Warp(plane, random, 10, 0, -7)),
        ];
    }

    private static DepartmentLayer UrbanManagement(DistrictMap district, Warp warp) =>
        new(Department.UrbanManagement, district.Grids
            .Select(g => new DepartmentGrid("CG" + g.Code[6..], "城管" + g.Name, warp.Apply(g.Boundary)))
            .ToList());

    private static DepartmentLayer Police(DistrictMap district, Warp warp)
    {
        var grids = new List<DepartmentGrid>();
        foreach (var community in district.Communities)
        {
            var remaining = district.GridsOf(community.Code).ToList();
            while (remaining.Count > 0)
            {
                var first = remaining[0];
                remaining.RemoveAt(0);
                var partner = remaining.FirstOrDefault(g => SharesBorder(first.Boundary, g.Boundary));
                var parts = new List<Polygon> { first.Boundary };
                if (partner is not null)
                {
                    remaining.Remove(partner);
                    parts.Add(partner.Boundary);
                }

                var serial = grids.Count + 1;
                grids.Add(new DepartmentGrid(
                    string.Create(CultureInfo.InvariantCulture, $"GA-{serial:D4}"),
                    string.Create(CultureInfo.InvariantCulture, $"{community.Name}警格{serial}"),
                    warp.Apply(PolygonCoverage.UnionToPolygon(parts, "a police grid"))));
            }
        }

        return new DepartmentLayer(Department.Police, grids);
    }

    private static DepartmentLayer CivilAffairs(DistrictMap district, Warp warp)
    {
        var grids = new List<DepartmentGrid>();
        var rural = DemoStreets.All.Where(s => s.IsRural).Select(s => s.Code).ToHashSet(StringComparer.Ordinal);
        var index = 0;
        foreach (var community in district.Communities)
        {
            if (rural.Contains(community.StreetCode))
            {
                grids.Add(new DepartmentGrid("MZ" + community.Code[6..] + "000", "民政" + community.Name, warp.Apply(community.Boundary)));
                continue;
            }

            foreach (var grid in district.GridsOf(community.Code))
            {
                if (++index % 37 == 0)
                {
                    continue;
                }

                grids.Add(new DepartmentGrid("MZ" + grid.Code[6..], "民政" + grid.Name, warp.Apply(grid.Boundary)));
            }
        }

        return new DepartmentLayer(Department.CivilAffairs, grids);
    }

    private static bool SharesBorder(Polygon a, Polygon b) =>
        a.EnvelopeInternal.Intersects(b.EnvelopeInternal) && a.Intersection(b).Dimension == Dimension.Curve;

    /// <summary>A smooth displacement in metres: a shift plus a slow sine field of the given amplitude.</summary>
    private sealed class Warp
    {
        private readonly LocalPlane _plane;
        private readonly double _amplitude;
        private readonly double _shiftX;
        private readonly double _shiftY;
        private readonly double[] _phase;

        public Warp(LocalPlane plane, SeededRandom random, double amplitude, double shiftX, double shiftY)
        {
            _plane = plane;
            _amplitude = amplitude;
            _shiftX = shiftX;
            _shiftY = shiftY;
            _phase = [.. Enumerable.Range(0, 4).Select(_ => random.NextDouble(0, 2 * Math.PI))];
        }

        public Geometry Apply(Polygon polygon)
        {
            var copy = (Polygon)Wgs84.FloatingFactory.CreateGeometry(polygon);
            copy.Apply(new DisplaceFilter(this));
            copy.GeometryChanged();
            return copy.IsValid ? copy : GeometryFixer.Fix(copy);
        }

        private Coordinate Move(Coordinate lonLat)
        {
            var m = _plane.ToMeters(lonLat);
            var k = 2 * Math.PI / WavelengthMeters;
            var dx = _shiftX + (_amplitude * Math.Sin((k * m.X) + _phase[0]) * Math.Cos((k * m.Y) + _phase[1]));
            var dy = _shiftY + (_amplitude * Math.Cos((k * m.X) + _phase[2]) * Math.Sin((k * m.Y) + _phase[3]));
            return _plane.ToDegrees(new Coordinate(m.X + dx, m.Y + dy));
        }

        private sealed class DisplaceFilter(Warp warp) : IEntireCoordinateSequenceFilter
        {
            public bool Done => false;

            public bool GeometryChanged => true;

            public void Filter(CoordinateSequence seq)
            {
                for (var i = 0; i < seq.Count; i++)
                {
                    var moved = warp.Move(seq.GetCoordinate(i));
                    seq.SetX(i, moved.X);
                    seq.SetY(i, moved.Y);
                }
            }
        }
    }
}
