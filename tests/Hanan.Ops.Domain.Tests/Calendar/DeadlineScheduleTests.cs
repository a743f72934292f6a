using Hanan.Ops.Domain.Calendar;
using static Hanan.Ops.Domain.Tests.Calendar.Shanghai;

namespace Hanan.Ops.Domain.Tests.Calendar;

public class DeadlineScheduleTests
{
    private static readonly WorkingCalendar Calendar = WorkingCalendar.FromEmbeddedData();

    [Fact]
    public void A_five_working_day_case_filed_at_16_00_on_Sep_30_is_due_at_the_end_of_Oct_13()
    {
        var schedule = DeadlineSchedule.Compute(At(2026, 9, 30, 16, 0), TimeLimit.Parse("5wd"), Calendar);

        // Counting starts Oct 8 (Oct 1-7 off): Oct 8, 9, 10 (adjusted Saturday), 12, 13.
        schedule.Due.Should().Be(At(2026, 10, 13, 17, 0));

        // Office time to due: 1 h on Sep 30 + 5 x 7 h = 36 h; 75% = 27 h.
        // Sep 30 1 h (26 left), Oct 8 7 h (19), Oct 9 7 h (12), Oct 10 7 h (5),
        // Oct 12 morning 3.5 h (1.5), afternoon 13:30 + 1.5 h = 15:00.
        schedule.Warning.Should().Be(At(2026, 10, 12, 15, 0));

        // One working day after due: the close of Oct 14. Five: Oct 14, 15, 16, 19, 20.
        schedule.SupervisionNotice.Should().Be(At(2026, 10, 14, 17, 0));
        schedule.DistrictLeaders.Should().Be(At(2026, 10, 20, 17, 0));
    }

    [Fact]
    public void A_working_day_case_across_an_ordinary_weekend()
    {
        var schedule = DeadlineSchedule.Compute(At(2026, 3, 13, 10, 0), TimeLimit.Parse("2wd"), Calendar);

        // Friday 13: counting starts Monday 16; due the close of Tuesday 17.
        schedule.Due.Should().Be(At(2026, 3, 17, 17, 0));

        // 5.5 h left on Friday + 14 h = 19.5 h; 75% = 14 h 37.5 min.
        // Friday 5.5 h (9 h 07.5 min left), Monday 7 h (2 h 07.5 min), Tuesday 08:30 + 2:07:30.
        schedule.Warning.Should().Be(At(2026, 3, 17, 10, 37, 30));
        schedule.SupervisionNotice.Should().Be(At(2026, 3, 18, 17, 0));
        schedule.DistrictLeaders.Should().Be(At(2026, 3, 24, 17, 0));
    }

    [Fact]
    public void A_working_day_case_across_the_Spring_Festival_uses_both_adjusted_Saturdays()
    {
        var schedule = DeadlineSchedule.Compute(At(2026, 2, 12, 9, 0), TimeLimit.Parse("5wd"), Calendar);

        // Feb 13, Feb 14 (adjusted Saturday), Feb 15-23 off, Feb 24, 25, 26.
        schedule.Due.Should().Be(At(2026, 2, 26, 17, 0));

        // 6.5 h on Feb 12 + 35 h = 41.5 h; 75% = 31 h 07.5 min.
        // Feb 12 6.5 h, Feb 13 7 h, Feb 14 7 h, Feb 24 7 h (3 h 37.5 min left),
        // Feb 25 morning 3.5 h, then 7.5 min after 13:30.
        schedule.Warning.Should().Be(At(2026, 2, 25, 13, 37, 30));

        // Feb 27 (1), Feb 28 adjusted Saturday (2), Mar 2 (3), Mar 3 (4), Mar 4 (5).
        schedule.SupervisionNotice.Should().Be(At(2026, 2, 27, 17, 0));
        schedule.DistrictLeaders.Should().Be(At(2026, 3, 4, 17, 0));
    }

    [Fact]
    public void A_working_hour_case_counts_office_time_for_every_step()
    {
        var schedule = DeadlineSchedule.Compute(At(2026, 3, 10, 11, 0), TimeLimit.Parse("4wh"), Calendar);

        // 11:00-12:00 (1 h) then 13:30-16:30 (3 h).
        schedule.Due.Should().Be(At(2026, 3, 10, 16, 30));

        // 3 h: 11:00-12:00, 13:30-15:30.
        schedule.Warning.Should().Be(At(2026, 3, 10, 15, 30));

        // 7 h of office time after 16:30: 0.5 h that day, then 6.5 h on Mar 11 (16:30).
        schedule.SupervisionNotice.Should().Be(At(2026, 3, 11, 16, 30));

        // 35 h after: Mar 11, 12, 13, 16 and 17 at the same time of day.
        schedule.DistrictLeaders.Should().Be(At(2026, 3, 17, 16, 30));
    }

    [Fact]
    public void A_thirty_minute_emergency_runs_on_wall_clock_time_even_at_night_on_a_holiday()
    {
        var schedule = DeadlineSchedule.Compute(At(2026, 10, 1, 3, 10), TimeLimit.Parse("30m"), Calendar);

        schedule.Due.Should().Be(At(2026, 10, 1, 3, 40));
        schedule.Warning.Should().Be(At(2026, 10, 1, 3, 32, 30));

        // Escalation counts working days: the first office hours after due are Oct 8.
        schedule.SupervisionNotice.Should().Be(At(2026, 10, 8, 17, 0));
        schedule.DistrictLeaders.Should().Be(At(2026, 10, 13, 17, 0));
    }

    [Fact]
    public void A_twenty_four_hour_limit_counts_the_weekend()
    {
        var schedule = DeadlineSchedule.Compute(At(2026, 3, 13, 20, 0), TimeLimit.Parse("24h"), Calendar);

        schedule.Due.Should().Be(At(2026, 3, 14, 20, 0));
        schedule.Warning.Should().Be(At(2026, 3, 14, 14, 0));
        schedule.SupervisionNotice.Should().Be(At(2026, 3, 16, 17, 0));
    }

    [Fact]
    public void Steps_fall_due_in_order_and_each_is_handed_out_once()
    {
        var schedule = DeadlineSchedule.Compute(At(2026, 9, 30, 16, 0), TimeLimit.Parse("5wd"), Calendar);
        var applied = EscalationStepSet.Empty;

        schedule.StepsToApply(At(2026, 10, 12, 14, 59, 59), applied).Should().Be(EscalationStepSet.Empty);

        var atWarning = schedule.StepsToApply(At(2026, 10, 12, 15, 0), applied);
        atWarning.Should().Be(EscalationStepSet.Of(EscalationStep.Warning));
        applied = applied.Union(atWarning);
        schedule.StepsToApply(At(2026, 10, 13, 16, 59), applied).Should().Be(EscalationStepSet.Empty);

        var atDue = schedule.StepsToApply(At(2026, 10, 13, 17, 0), applied);
        atDue.Should().Be(EscalationStepSet.Of(EscalationStep.Overdue));
        applied = applied.Union(atDue);

        // A caller that wakes late gets every step it missed, and none twice.
        var late = schedule.StepsToApply(At(2026, 10, 21, 9, 0), applied);
        late.Should().Be(EscalationStepSet.Of(EscalationStep.SupervisionNotice, EscalationStep.DistrictLeaders));
        applied = applied.Union(late);
        schedule.StepsToApply(At(2026, 12, 31, 9, 0), applied).Should().Be(EscalationStepSet.Empty);
    }

    [Fact]
    public void The_next_step_to_wait_for_is_the_earliest_not_applied()
    {
        var schedule = DeadlineSchedule.Compute(At(2026, 9, 30, 16, 0), TimeLimit.Parse("5wd"), Calendar);

        schedule.TryGetNextStep(EscalationStepSet.Empty, out var first, out var firstAt).Should().BeTrue();
        first.Should().Be(EscalationStep.Warning);
        firstAt.Should().Be(At(2026, 10, 12, 15, 0));

        schedule.TryGetNextStep(EscalationStepSet.Of(EscalationStep.Warning, EscalationStep.Overdue), out var third, out var thirdAt).Should().BeTrue();
        third.Should().Be(EscalationStep.SupervisionNotice);
        thirdAt.Should().Be(At(2026, 10, 14, 17, 0));

        schedule.TryGetNextStep(EscalationStepSet.All, out _, out _).Should().BeFalse();
    }

    [Fact]
    public void Each_step_has_its_instant()
    {
        var schedule = DeadlineSchedule.Compute(At(2026, 9, 30, 16, 0), TimeLimit.Parse("5wd"), Calendar);

        schedule.InstantOf(EscalationStep.Warning).Should().Be(schedule.Warning);
        schedule.InstantOf(EscalationStep.Overdue).Should().Be(schedule.Due);
        schedule.InstantOf(EscalationStep.SupervisionNotice).Should().Be(schedule.SupervisionNotice);
        schedule.InstantOf(EscalationStep.DistrictLeaders).Should().Be(schedule.DistrictLeaders);
    }

    [Fact]
    public void An_extension_moves_the_deadline_and_recomputes_every_step_from_the_same_start()
    {
        var original = DeadlineSchedule.Compute(At(2026, 9, 30, 16, 0), TimeLimit.Parse("5wd"), Calendar);

        var extended = original.ExtendBy(TimeLimit.Parse("3wd"), Calendar);

        // Three working days after Oct 13: Oct 14, 15, 16.
        extended.Start.Should().Be(original.Start);
        extended.Limit.Should().Be(original.Limit);
        extended.Due.Should().Be(At(2026, 10, 16, 17, 0));

        // 1 h + 8 x 7 h = 57 h; 75% = 42.75 h: Sep 30 1 h, Oct 8-13 five days 35 h (6.75 h left),
        // Oct 14 morning 3.5 h (3.25 h), afternoon 13:30 + 3:15 = 16:45.
        extended.Warning.Should().Be(At(2026, 10, 14, 16, 45));
        extended.SupervisionNotice.Should().Be(At(2026, 10, 19, 17, 0));
        extended.DistrictLeaders.Should().Be(At(2026, 10, 23, 17, 0));
    }

    [Fact]
    public void After_an_extension_a_step_not_yet_reached_again_is_cleared_to_fire_at_its_new_instant()
    {
        var original = DeadlineSchedule.Compute(At(2026, 9, 30, 16, 0), TimeLimit.Parse("5wd"), Calendar);
        var applied = original.StepsToApply(At(2026, 10, 12, 16, 0), EscalationStepSet.Empty);
        applied.Should().Be(EscalationStepSet.Of(EscalationStep.Warning));

        var extended = original.ExtendTo(At(2026, 10, 16, 17, 0), Calendar);

        var carried = extended.CarryOverApplied(applied, At(2026, 10, 12, 16, 0));
        carried.Should().Be(EscalationStepSet.Empty);
        extended.StepsToApply(At(2026, 10, 14, 16, 45), carried).Should().Be(EscalationStepSet.Of(EscalationStep.Warning));
        extended.CarryOverApplied(applied, At(2026, 10, 15, 9, 0)).Should().Be(applied);
    }

    [Fact]
    public void An_extension_that_does_not_move_the_deadline_later_is_refused()
    {
        var schedule = DeadlineSchedule.Compute(At(2026, 9, 30, 16, 0), TimeLimit.Parse("5wd"), Calendar);

        var act = () => schedule.ExtendTo(At(2026, 10, 13, 17, 0), Calendar);

        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("An extension must move the deadline later than the current one, 2026-10-13T17:00:00.0000000+08:00.*");
    }

    [Fact]
    public void Recomputing_from_the_same_instant_and_limit_gives_an_equal_schedule()
    {
        var a = DeadlineSchedule.Compute(At(2026, 9, 30, 16, 0), TimeLimit.Parse("5wd"), Calendar);
        var b = DeadlineSchedule.Compute(new DateTimeOffset(2026, 9, 30, 8, 0, 0, TimeSpan.Zero), new TimeLimit.WorkingDays(5), Calendar);

        b.Should().Be(a);
    }

    [Fact]
    public void A_schedule_that_reaches_a_year_without_data_is_refused()
    {
        var act = () => DeadlineSchedule.Compute(At(2026, 12, 28, 9, 0), TimeLimit.Parse("5wd"), Calendar);

        act.Should().Throw<DateOutsideCalendarException>().WithMessage("*no official holiday data for 2027*");
    }
}
