using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hanan.Ops.Domain.Calendar;

/// <summary>
/// When each <see cref="EscalationStep"/> of a case falls due, from the instant its clock started and its
/// <see cref="TimeLimit"/>. A pure value: compute it, store or recompute it, and ask it which steps to apply.
/// </summary>
/// <remarks>
/// <para>The rules (issue text: warning at 75%, overdue at 100%, then bureau head, supervision notice one working
/// day later, district leaders five working days later):</para>
/// <list type="bullet">
/// <item><description><b>Due</b> (超期, <see cref="EscalationStep.Overdue"/>): <see cref="TimeLimit.DueFrom"/>. For
/// working days, the end of office hours on the Nth working day after the start day.</description></item>
/// <item><description><b>Warning</b> (预警): the first instant at which 75% of the time from <see cref="Start"/> to
/// <see cref="Due"/> has passed, measured in the limit's own kind of time. For working-day and working-hour limits
/// that is office time (<see cref="WorkingCalendar.WorkingTimeBetween"/>), including any office time left on the start
/// day; for wall-clock limits it is elapsed time. Exact to the tick (rounded down).</description></item>
/// <item><description><b>Supervision notice</b> (督办) and <b>district leaders</b>: one and five working days of office
/// time after <see cref="Due"/>, i.e. <c>AddWorkingTime(Due, n × WorkingDayLength)</c>. With a working-day limit (due at
/// the close of office hours) this is the close of office hours on the 1st / 5th working day after the due day; with a
/// due instant at 10:00 on a working day it is 10:00 one / five working days later; a due instant outside office hours
/// (e.g. a wall-clock emergency limit at night) counts from the next session.</description></item>
/// </list>
/// <para>Order: Warning &lt; Due &lt; SupervisionNotice &lt; DistrictLeaders. A step is due at an instant t when its
/// instant is ≤ t.</para>
/// <para>Extensions (延期) move <see cref="Due"/> later and recompute every step from the same <see cref="Start"/>
/// and the same kind of time as the original limit.</para>
/// <para>In JSON a schedule is stored with every instant as computed, and read back as stored (no calendar needed):
/// a case keeps the deadlines it was given even if office hours or holiday data change later.</para>
/// </remarks>
public sealed record DeadlineSchedule
{
    public const int WarningPercent = 75;
    public const int SupervisionNoticeAfterWorkingDays = 1;
    public const int DistrictLeadersAfterWorkingDays = 5;

    private DeadlineSchedule(DateTimeOffset start, TimeLimit limit, DateTimeOffset due, WorkingCalendar calendar)
    {
        Start = start;
        Limit = limit;
        Due = due;
        Warning = limit.CountsWorkingTime
            ? calendar.AddWorkingTime(start, WarningShare(calendar.WorkingTimeBetween(start, due)))
            : start + WarningShare(due - start);
        SupervisionNotice = calendar.AddWorkingTime(due, calendar.WorkingDayLength * SupervisionNoticeAfterWorkingDays);
        DistrictLeaders = calendar.AddWorkingTime(due, calendar.WorkingDayLength * DistrictLeadersAfterWorkingDays);
    }

    // For System.Text.Json only: restores a stored schedule as it was computed.
    [JsonConstructor]
    private DeadlineSchedule(
        DateTimeOffset start,
        TimeLimit limit,
        DateTimeOffset warning,
        DateTimeOffset due,
        DateTimeOffset supervisionNotice,
        DateTimeOffset districtLeaders)
    {
        if (limit is null)
        {
            throw new JsonException("A stored deadline schedule has no time limit.");
        }

        if (!(start <= warning && warning <= due && due < supervisionNotice && supervisionNotice < districtLeaders))
        {
            throw new JsonException(
                $"A stored deadline schedule must run start <= warning <= due < supervision notice < district leaders; got {start:O}, {warning:O}, {due:O}, {supervisionNotice:O}, {districtLeaders:O}.");
        }

        Start = start;
        Limit = limit;
        Warning = warning;
        Due = due;
        SupervisionNotice = supervisionNotice;
        DistrictLeaders = districtLeaders;
    }

    /// <summary>When the case's clock started (e.g. dispatch, 派遣).</summary>
    public DateTimeOffset Start { get; }

    /// <summary>The original time limit; after an extension <see cref="Due"/> is later than this limit alone gives.</summary>
    public TimeLimit Limit { get; }

    public DateTimeOffset Warning { get; }

    public DateTimeOffset Due { get; }

    public DateTimeOffset SupervisionNotice { get; }

    public DateTimeOffset DistrictLeaders { get; }

    /// <summary>The schedule of a case whose clock starts at <paramref name="start"/> with <paramref name="limit"/>.</summary>
    /// <exception cref="DateOutsideCalendarException">A step falls in, or is counted through, a year without calendar data.</exception>
    public static DeadlineSchedule Compute(DateTimeOffset start, TimeLimit limit, WorkingCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(limit);
        ArgumentNullException.ThrowIfNull(calendar);
        return new DeadlineSchedule(start, limit, limit.DueFrom(start, calendar), calendar);
    }

    /// <summary>
    /// Extends the deadline by <paramref name="extension"/> counted from the current <see cref="Due"/> (e.g.
    /// <c>3wd</c>: the end of the 3rd working day after the due day).
    /// </summary>
    public DeadlineSchedule ExtendBy(TimeLimit extension, WorkingCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(extension);
        ArgumentNullException.ThrowIfNull(calendar);
        return ExtendTo(extension.DueFrom(Due, calendar), calendar);
    }

    /// <summary>Moves the deadline to <paramref name="newDue"/> and recomputes every step.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="newDue"/> is not later than <see cref="Due"/>.</exception>
    public DeadlineSchedule ExtendTo(DateTimeOffset newDue, WorkingCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        if (newDue <= Due)
        {
            throw new ArgumentOutOfRangeException(
                nameof(newDue), newDue, $"An extension must move the deadline later than the current one, {Due:O}.");
        }

        return new DeadlineSchedule(Start, Limit, newDue, calendar);
    }

    /// <summary>The instant at which <paramref name="step"/> falls due.</summary>
    public DateTimeOffset InstantOf(EscalationStep step) => step switch
    {
        EscalationStep.Warning => Warning,
        EscalationStep.Overdue => Due,
        EscalationStep.SupervisionNotice => SupervisionNotice,
        EscalationStep.DistrictLeaders => DistrictLeaders,
        _ => throw new ArgumentOutOfRangeException(nameof(step), step, "Not an escalation step."),
    };

    /// <summary>Every step whose instant is at or before <paramref name="now"/>.</summary>
    public EscalationStepSet ReachedAt(DateTimeOffset now)
    {
        var reached = EscalationStepSet.Empty;
        for (var step = EscalationStep.Warning; step <= EscalationStep.DistrictLeaders; step++)
        {
            if (InstantOf(step) <= now)
            {
                reached = reached.With(step);
            }
        }

        return reached;
    }

    /// <summary>
    /// The steps to apply now: due at <paramref name="now"/> and not in <paramref name="applied"/>. Apply them in
    /// enumeration order, then store <c>applied.Union(result)</c>; a step is thus applied exactly once, and a
    /// caller that wakes late gets every step it missed.
    /// </summary>
    public EscalationStepSet StepsToApply(DateTimeOffset now, EscalationStepSet applied) => ReachedAt(now).Except(applied);

    /// <summary>
    /// The earliest step not yet in <paramref name="applied"/> and its instant, e.g. to set a reminder; false when
    /// every step has been applied.
    /// </summary>
    public bool TryGetNextStep(EscalationStepSet applied, out EscalationStep step, out DateTimeOffset at)
    {
        foreach (var candidate in EscalationStepSet.All.Except(applied))
        {
            step = candidate;
            at = InstantOf(candidate);
            return true;
        }

        step = default;
        at = default;
        return false;
    }

    /// <summary>
    /// After an extension, call on the new schedule with the steps applied under the old one: keeps those already
    /// reached under the new schedule at <paramref name="now"/> and drops the rest, so that e.g. the warning fires
    /// again at 75% of the extended limit. A caller that never wants a step repeated keeps its old set instead.
    /// </summary>
    public EscalationStepSet CarryOverApplied(EscalationStepSet applied, DateTimeOffset now) => applied.Intersect(ReachedAt(now));

    private static TimeSpan WarningShare(TimeSpan total) => TimeSpan.FromTicks(total.Ticks * WarningPercent / 100);
}
