namespace Hanan.Ops.Grains.Appeals;

/// <summary>The <c>Hanan:Escalation</c> section.</summary>
public sealed class EscalationOptions
{
    public const string Section = "Hanan:Escalation";

    /// <summary>
    /// How often the durable reminder re-checks an open case's deadlines. While the case grain is active a timer
    /// fires at the exact instant of the next step; the reminder bounds the delay after a restart or a lost silo.
    /// Orleans reminders need at least one minute unless the host lowers its minimum (tests do).
    /// </summary>
    public TimeSpan ReminderPeriod { get; set; } = TimeSpan.FromMinutes(5);
}
