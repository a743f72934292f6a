using Hanan.Ops.Domain.Geography;

namespace Hanan.Ops.Domain.Appeals;

/// <summary>
/// Distances between WGS84 latitude/longitude points, with the haversine formula on a sphere of the mean Earth radius
/// (6,371,008.8 m).
/// </summary>
/// <remarks>
/// The sphere stands in for the WGS84 ellipsoid. At Pingfang's 45.6°N the ellipsoid's radii of curvature are
/// 6,368,054 m north–south and 6,389,063 m east–west, so a spherical distance is up to 0.05% long north–south and up
/// to 0.28% short east–west: at the 300 m hot-cluster radius, between 0.85 m short and 0.14 m long. That is far below
/// the accuracy of a citizen's phone position.
/// </remarks>
internal static class GreatCircle
{
    public const double EarthRadiusMeters = LocalPlane.EarthRadiusMeters;

    private const double Radians = Math.PI / 180.0;

    public static double DistanceMeters(double latitude1, double longitude1, double latitude2, double longitude2)
    {
        var sinHalfLat = Math.Sin((latitude2 - latitude1) * Radians / 2);
        var sinHalfLon = Math.Sin((longitude2 - longitude1) * Radians / 2);
        var h = (sinHalfLat * sinHalfLat) + (Math.Cos(latitude1 * Radians) * Math.Cos(latitude2 * Radians) * sinHalfLon * sinHalfLon);
        return 2 * EarthRadiusMeters * Math.Asin(Math.Min(1, Math.Sqrt(h)));
    }

    /// <summary>Half the latitude span, in degrees, of the points within <paramref name="meters"/> of a point.</summary>
    public static double LatitudeReachDegrees(double meters) => meters / EarthRadiusMeters / Radians;

    /// <summary>
    /// Half the longitude span, in degrees, of the points within <paramref name="meters"/> of a point at
    /// <paramref name="latitude"/>: asin(sin d / cos φ) for an angular distance d; 180 when the cap reaches a pole.
    /// </summary>
    public static double LongitudeReachDegrees(double latitude, double meters)
    {
        var x = Math.Sin(meters / EarthRadiusMeters) / Math.Cos(latitude * Radians);
        return x is >= 1 or < 0 ? 180 : Math.Asin(x) / Radians;
    }

    /// <exception cref="ArgumentOutOfRangeException">A coordinate is not finite or outside its range.</exception>
    public static void CheckCoordinate(double latitude, double longitude)
    {
        if (!double.IsFinite(latitude) || Math.Abs(latitude) > 90)
        {
            throw new ArgumentOutOfRangeException(nameof(latitude), latitude, "Latitude must be a finite number of degrees in [-90, 90].");
        }

        if (!double.IsFinite(longitude) || Math.Abs(longitude) > 180)
        {
            throw new ArgumentOutOfRangeException(nameof(longitude), longitude, "Longitude must be a finite number of degrees in [-180, 180].");
        }
    }

    /// <exception cref="ArgumentOutOfRangeException">The radius is not a finite number of metres ≥ 1.</exception>
    public static void CheckRadius(double meters, string name)
    {
        if (!double.IsFinite(meters) || meters < 1)
        {
            throw new ArgumentOutOfRangeException(name, meters, "The radius must be a finite number of metres, at least 1.");
        }
    }
}
