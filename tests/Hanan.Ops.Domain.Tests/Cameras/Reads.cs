using Hanan.Ops.Domain.Cameras;

namespace Hanan.Ops.Domain.Tests.Cameras;

/// <summary>Hand-built cameras along one east–west road at 45.60°N, 1 km apart, and reads at them.</summary>
internal static class Reads
{
    public const double Latitude = 45.60;

    /// <summary>Degrees of longitude per kilometre at 45.60°N (great circle, mean Earth radius).</summary>
    public static readonly double LongitudePerKm = 1000 / (Math.PI * 6_371_008.8 / 180 * Math.Cos(Latitude * Math.PI / 180));

    /// <summary>Thursday 26 November 2026, 09:00 in Harbin.</summary>
    public static readonly DateTimeOffset Morning = new(2026, 11, 26, 9, 0, 0, TimeSpan.FromHours(8));

    public static string Camera(int km) => CameraId.Create("23010800", "00", "132", '0', km + 1).Value;

    public static PlateSighting At(int km, DateTimeOffset at, string plate = "黑A12345", string? eventId = null) =>
        new(eventId, Camera(km), at, plate, PlateColour.Blue, 0.95, Latitude, 126.60 + (km * LongitudePerKm));

    public static VehicleRules Rules(IReadOnlyList<Fence>? fences = null, Watchlist? watchlist = null) =>
        new(new CloneRules(MaxSpeedKmh: 150, MinDistanceMeters: 500), CloneDetector.GreatCircleDistance, fences ?? [], watchlist ?? Watchlist.Empty);
}
