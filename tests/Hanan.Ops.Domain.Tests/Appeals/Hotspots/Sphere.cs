namespace Hanan.Ops.Domain.Tests.Appeals.Hotspots;

/// <summary>Spherical geometry for building test points, written independently of the code under test.</summary>
internal static class Sphere
{
    public const double EarthRadius = 6_371_008.8;

    /// <summary>Pingfang, near the district government.</summary>
    public static readonly (double Lat, double Lon) Pingfang = (45.5961, 126.6283);

    private const double Rad = Math.PI / 180;

    /// <summary>The point <paramref name="meters"/> from a start along an initial bearing (degrees clockwise from north).</summary>
    public static (double Lat, double Lon) Destination((double Lat, double Lon) start, double bearingDegrees, double meters)
    {
        var d = meters / EarthRadius;
        var phi1 = start.Lat * Rad;
        var theta = bearingDegrees * Rad;
        var phi2 = Math.Asin((Math.Sin(phi1) * Math.Cos(d)) + (Math.Cos(phi1) * Math.Sin(d) * Math.Cos(theta)));
        var lambda = Math.Atan2(Math.Sin(theta) * Math.Sin(d) * Math.Cos(phi1), Math.Cos(d) - (Math.Sin(phi1) * Math.Sin(phi2)));
        return (phi2 / Rad, start.Lon + (lambda / Rad));
    }

    /// <summary>Great-circle distance from the chord between the two points' unit vectors.</summary>
    public static double Distance((double Lat, double Lon) a, (double Lat, double Lon) b)
    {
        var (ax, ay, az) = Unit(a);
        var (bx, by, bz) = Unit(b);
        var chord = Math.Sqrt(((ax - bx) * (ax - bx)) + ((ay - by) * (ay - by)) + ((az - bz) * (az - bz)));
        return 2 * EarthRadius * Math.Asin(chord / 2);

        static (double X, double Y, double Z) Unit((double Lat, double Lon) p) =>
            (Math.Cos(p.Lat * Rad) * Math.Cos(p.Lon * Rad), Math.Cos(p.Lat * Rad) * Math.Sin(p.Lon * Rad), Math.Sin(p.Lat * Rad));
    }
}
