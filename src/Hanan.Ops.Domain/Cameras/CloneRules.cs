namespace Hanan.Ops.Domain.Cameras;

/// <summary>
/// When two reads of one plate are taken as two vehicles (套牌): the speed needed between the two cameras exceeds
/// <see cref="MaxSpeedKmh"/>, and the cameras are at least <see cref="MinDistanceMeters"/> apart (closer cameras are
/// left alone: clocks of neighbouring boxes drift by seconds). After an alert, the same plate raises no other clone
/// alert for <see cref="Quiet"/>.
/// </summary>
public sealed record CloneRules(double MaxSpeedKmh = 150, double MinDistanceMeters = 500, TimeSpan Quiet = default)
{
    public TimeSpan QuietPeriod => Quiet == default ? TimeSpan.FromMinutes(30) : Quiet;

    public string? Check() =>
        !double.IsFinite(MaxSpeedKmh) || MaxSpeedKmh <= 0 ? "MaxSpeedKmh must be a positive number."
        : !double.IsFinite(MinDistanceMeters) || MinDistanceMeters < 0 ? "MinDistanceMeters must not be negative."
        : Quiet < TimeSpan.Zero ? "Quiet must not be negative."
        : null;
}

/// <summary>Two reads of one plate that no single vehicle could have made.</summary>
public sealed record CloneSuspicion(PlateSighting Earlier, PlateSighting Later, double DistanceMeters, double Seconds, double RequiredSpeedKmh);

/// <summary>Distance between two cameras a vehicle must cover: great circle, or along the road graph.</summary>
public delegate double CameraDistance(PlateSighting from, PlateSighting to);

public static class CloneDetector
{
    /// <summary>Great-circle distance between the two cameras' positions.</summary>
    public static readonly CameraDistance GreatCircleDistance =
        (a, b) => Appeals.GreatCircle.DistanceMeters(a.Latitude, a.Longitude, b.Latitude, b.Longitude);

    /// <summary>The suspicion between two reads, or null when one vehicle could have made both.</summary>
    public static CloneSuspicion? Compare(PlateSighting a, PlateSighting b, CloneRules rules, CameraDistance distance)
    {
        if (a.CameraId == b.CameraId)
        {
            return null;
        }

        var (earlier, later) = a.At <= b.At ? (a, b) : (b, a);
        var meters = distance(earlier, later);
        if (meters < rules.MinDistanceMeters)
        {
            return null;
        }

        var seconds = (later.At - earlier.At).TotalSeconds;
        var kmh = seconds <= 0 ? double.PositiveInfinity : meters / seconds * 3.6;
        return kmh > rules.MaxSpeedKmh ? new CloneSuspicion(earlier, later, meters, seconds, kmh) : null;
    }
}
