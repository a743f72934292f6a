using Hanan.Ops.Domain.Cameras;

namespace Hanan.Ops.Grains.Cameras;

/// <summary>Configuration of smart security (<c>Hanan:Cameras</c>).</summary>
public sealed class CameraOptions
{
    public const string Section = "Hanan:Cameras";

    /// <summary>A camera with no heartbeat (or read) for this long is offline and raises an alert.</summary>
    public TimeSpan HeartbeatTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Every camera of the network is expected to be heard from after start-up: one never heard from is reported offline
    /// once <see cref="HeartbeatTimeout"/> has passed. Off only for a network whose cameras are still being installed.
    /// </summary>
    public bool ExpectFromStart { get; set; } = true;

    /// <summary>How often an online camera checks its heartbeat (real time; the timeout is measured on the district clock).</summary>
    public TimeSpan HeartbeatCheck { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long plate reads are kept (PIPL: only as long as necessary).</summary>
    public TimeSpan PlateRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long face events are kept.</summary>
    public TimeSpan FaceRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often the retention purge runs.</summary>
    public TimeSpan PurgeEvery { get; set; } = TimeSpan.FromHours(1);

    public double MaxSpeedKmh { get; set; } = 150;

    public double CloneMinDistanceMeters { get; set; } = 500;

    public TimeSpan CloneQuiet { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Distance for the clone check: <c>road</c> (along the road graph) or <c>great-circle</c>.</summary>
    public string CloneDistance { get; set; } = "road";

    /// <summary>Reads below this confidence may be matched to a known plate one edit away (flagged fuzzy).</summary>
    public double FuzzyBelow { get; set; } = PlateMatcher.DefaultThreshold;

    /// <summary>A wanted plate raises at most one alert per this period.</summary>
    public TimeSpan WantedQuiet { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How often a vehicle grain with new reads writes its checkpoint (<c>camera-vehicle</c>); also on deactivation.
    /// Reads since the last checkpoint are replayed from the sighting store on the next activation, so this bounds how
    /// much a crash replays, not what it loses (nothing: the store has every acknowledged read). Each active vehicle
    /// with new reads costs one PostgreSQL write per period.
    /// </summary>
    public TimeSpan VehicleCheckpointEvery { get; set; } = TimeSpan.FromSeconds(30);

    public CloneRules CloneRules() => new(MaxSpeedKmh, CloneMinDistanceMeters, CloneQuiet);

    public string? Check() =>
        HeartbeatTimeout <= TimeSpan.Zero ? "HeartbeatTimeout must be positive."
        : HeartbeatCheck <= TimeSpan.Zero ? "HeartbeatCheck must be positive."
        : PlateRetention <= TimeSpan.Zero || FaceRetention <= TimeSpan.Zero ? "Retention periods must be positive."
        : PurgeEvery <= TimeSpan.Zero ? "PurgeEvery must be positive."
        : VehicleCheckpointEvery <= TimeSpan.Zero ? "VehicleCheckpointEvery must be positive."
        : CloneDistance is not ("road" or "great-circle") ? "CloneDistance must be road or great-circle."
        : FuzzyBelow is < 0 or > 1 ? "FuzzyBelow must be between 0 and 1."
        : CloneRules().Check();
}
