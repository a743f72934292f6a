using NetTopologySuite.Geometries;

namespace Hanan.Ops.Domain.Geography;

/// <summary>
/// Coordinate conventions of the district map: WGS84 (EPSG:4326), X = longitude and Y = latitude in degrees,
/// kept on a 1e-7 degree grid (about 1 cm) so that borders shared by neighbouring polygons are bit-identical.
/// </summary>
public static class Wgs84
{
    public const int Srid = 4326;

    /// <summary>Fixed precision of map coordinates: 1e-7 degrees.</summary>
    public static PrecisionModel PrecisionModel { get; } = new(1e7);

    /// <summary>Factory for map geometries (SRID 4326, <see cref="PrecisionModel"/>).</summary>
    public static GeometryFactory Factory { get; } = new(PrecisionModel, Srid);

    /// <summary>Floating-precision factory for intermediate geometry in degrees.</summary>
    internal static GeometryFactory FloatingFactory { get; } = new(new PrecisionModel(), Srid);

    /// <summary>Checks a latitude/longitude pair and returns it as an NTS coordinate (X = longitude).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is not finite or outside its range.</exception>
    public static Coordinate ToCoordinate(double latitude, double longitude)
    {
        if (!double.IsFinite(latitude) || latitude < -90 || latitude > 90)
        {
            throw new ArgumentOutOfRangeException(nameof(latitude), latitude, "Latitude must be a finite number of degrees in [-90, 90].");
        }

        if (!double.IsFinite(longitude) || longitude < -180 || longitude > 180)
        {
            throw new ArgumentOutOfRangeException(nameof(longitude), longitude, "Longitude must be a finite number of degrees in [-180, 180].");
        }

        return new Coordinate(longitude, latitude);
    }
}
