namespace Hanan.Ops.Grains;

/// <summary>
/// The district's business clock: deadlines and escalation read the time here. It wraps an injected
/// <see cref="TimeProvider"/> so tests can move a case across weeks and holidays in milliseconds without
/// touching the clock Orleans itself runs on (membership, timeouts).
/// </summary>
public sealed class DistrictClock(TimeProvider time)
{
    public TimeProvider Time { get; } = time;

    /// <summary>Now, expressed in Beijing time (UTC+8) so every time the district shows carries the same offset.</summary>
    public DateTimeOffset Now => TimeZoneInfo.ConvertTime(Time.GetUtcNow(), Domain.District.TimeZone);
}
