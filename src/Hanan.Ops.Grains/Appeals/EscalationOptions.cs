namespace Hanan.Ops.Grains.Appeals;

/// <summary>The <c>Hanan:Escalation</c> section: how the deadline schedulers watch the deadline index.</summary>
public sealed class EscalationOptions
{
    public const string Section = "Hanan:Escalation";

    /// <summary>
    /// The period of each scheduler partition's reminder, which brings the scheduler back after a restart or a lost
    /// silo. Orleans reminders need at least one minute unless the host lowers its minimum (tests do).
    /// </summary>
    public TimeSpan ReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The longest a scheduler waits before it looks at the index again while it is active. Its timer aims at the next
    /// deadline it knows of; a deadline written since (by another silo) is noticed within this time.
    /// </summary>
    public TimeSpan Poll { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Cases a scheduler asks at once.</summary>
    public int Concurrency { get; set; } = 16;

    /// <summary>What is out of range, or null.</summary>
    public string? Problem() =>
        ReminderPeriod < TimeSpan.FromSeconds(1) ? $"{Section}:ReminderPeriod must be at least 1 s (is {ReminderPeriod})."
        : Poll < TimeSpan.FromMilliseconds(100) || Poll > TimeSpan.FromHours(1) ? $"{Section}:Poll must be 100 ms – 1 h (is {Poll})."
        : Concurrency is < 1 or > 1_000 ? $"{Section}:Concurrency must be 1–1000 (is {Concurrency})."
        : null;
}
