namespace Hanan.Ops.Grains;

/// <summary>
/// The district's business clock: deadlines and escalation read the time here. It wraps an injected
/// <see cref="TimeProvider"/> so tests can move a case across weeks and holidays in milliseconds without
/// touching the clock Orleans itself runs on (membership, timeouts).
/// </summary>
public sealed class DistrictClock(TimeProvider time)
{
    public TimeProvider Time { get; } = time;

    public DateTimeOffset Now => Time.GetUtcNow();
}
