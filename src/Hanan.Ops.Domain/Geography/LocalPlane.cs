using NetTopologySuite.Geometries;

namespace Hanan.Ops.Domain.Geography;

/// <summary>
/// Local equirectangular plane in metres around an origin: x = Δlongitude·k·cos(origin latitude), y = Δlatitude·k,
/// k = metres per degree on a sphere of mean Earth radius. The map is affine, so straight lines stay straight
/// both ways; good to well under 1% over a district-sized area.
/// </summary>
internal sealed class LocalPlane
{
    public const double EarthRadiusMeters = 6_371_008.8;

    public static readonly double MetersPerDegree = Math.PI * EarthRadiusMeters / 180.0;

    private readonly double _originLatitude;
    private readonly double _originLongitude;
    private readonly double _metersPerDegreeLongitude;

    public LocalPlane(double originLatitude, double originLongitude)
    {
        _originLatitude = originLatitude;
        _originLongitude = originLongitude;
        _metersPerDegreeLongitude = MetersPerDegree * Math.Cos(originLatitude * Math.PI / 180.0);
    }

    public static GeometryFactory Factory { get; } = new();

    public Coordinate ToMeters(Coordinate lonLat) =>
        new((lonLat.X - _originLongitude) * _metersPerDegreeLongitude, (lonLat.Y - _originLatitude) * MetersPerDegree);

    public Coordinate ToDegrees(Coordinate xy) =>
        new(_originLongitude + (xy.X / _metersPerDegreeLongitude), _originLatitude + (xy.Y / MetersPerDegree));

    /// <summary>Length in metres of the segment between two lon/lat coordinates.</summary>
    public double DistanceMeters(Coordinate a, Coordinate b)
    {
        var dx = (b.X - a.X) * _metersPerDegreeLongitude;
        var dy = (b.Y - a.Y) * MetersPerDegree;
        return Math.Sqrt((dx * dx) + (dy * dy));
    }

    /// <summary>Copy of a lon/lat geometry in this plane (floating precision, SRID 0).</summary>
    public Geometry ToMeters(Geometry lonLat) => Map(lonLat, Factory, ToMeters);

    /// <summary>Copy of a plane geometry in lon/lat (floating precision, SRID 4326).</summary>
    public Geometry ToDegrees(Geometry xy) => Map(xy, Wgs84.FloatingFactory, ToDegrees);

    private static Geometry Map(Geometry source, GeometryFactory target, Func<Coordinate, Coordinate> map)
    {
        var copy = target.CreateGeometry(source);
        copy.Apply(new MapFilter(map));
        return copy;
    }

    private sealed class MapFilter(Func<Coordinate, Coordinate> map) : IEntireCoordinateSequenceFilter
    {
        public bool Done => false;

        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq)
        {
            for (var i = 0; i < seq.Count; i++)
            {
                var mapped = map(seq.GetCoordinate(i));
                seq.SetX(i, mapped.X);
                seq.SetY(i, mapped.Y);
            }
        }
    }
}
