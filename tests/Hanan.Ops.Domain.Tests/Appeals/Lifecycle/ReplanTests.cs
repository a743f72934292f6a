using Hanan.Ops.Domain.Appeals;
using Hanan.Ops.Domain.Calendar;
using static Hanan.Ops.Domain.Tests.Appeals.Lifecycle.CaseFixture;
using static Hanan.Ops.Domain.Tests.Calendar.Shanghai;

namespace Hanan.Ops.Domain.Tests.Appeals.Lifecycle;

/// <summary>Re-planning the resolve deadline with new calendar data: moved only when the data moves it, extensions counted again, the reason kept.</summary>
public class ReplanTests
{
    private static readonly DateTimeOffset Now = At(2026, 10, 9, 15, 0);

    /// <summary>The official 2026 with Monday 12 October made a day off as well (a corrected notice, for the test).</summary>
    private static readonly WorkingCalendar Corrected = new(
        [new HolidayYear(2026, "corrected notice (test)",
            [.. HolidayYear.Embedded.Single(y => y.Year == 2026).Holidays, new Holiday("测试调休", "Test day off", new DateOnly(2026, 10, 12), new DateOnly(2026, 10, 12), [])])],
        OfficeHours.Default);

    [Fact]
    public void The_same_calendar_changes_nothing()
    {
        var file = Handling();

        var decision = file.Replan(Workdays, "2026年节假日安排", Now);

        decision.Events.Should().BeEmpty();
        decision.Case.Should().BeSameAs(file);
    }

    [Fact]
    public void A_day_off_inside_the_limit_moves_the_deadline_and_says_from_when_to_when()
    {
        var file = Handling();

        var decision = file.Replan(Corrected, "2026年节假日安排", Now);

        // 5wd from Sep 30: Oct 8, 9, 10, (12 now off) 13, 14.
        var replanned = decision.ShouldBeAcceptedFrom(file);
        replanned.ResolveSchedule.Due.Should().Be(At(2026, 10, 14, 17, 0));
        replanned.ResolveSchedule.Start.Should().Be(file.ResolveSchedule.Start);
        replanned.AppliedSteps.Should().Be(file.AppliedSteps, "no step fires twice");
        var e = decision.Events.Should().ContainSingle().Subject;
        e.Kind.Should().Be(CaseEventKind.DeadlinesReplanned);
        e.PreviousDueAt.Should().Be(Due);
        e.DueAt.Should().Be(At(2026, 10, 14, 17, 0));
        e.Text.Should().Be("2026年节假日安排");
    }

    [Fact]
    public void An_approved_extension_is_counted_again_from_the_new_deadline()
    {
        var extended = Handling()
            .Then(f => f.RequestExtension(Lead, Li, "Asphalt plant closed.", TimeLimit.Parse("3wd"), At(2026, 10, 9, 10, 0)))
            .Then(f => f.DecideExtension(Supervisor, true, null, Workdays, At(2026, 10, 9, 11, 0)));
        extended.ResolveSchedule.Due.Should().Be(At(2026, 10, 16, 17, 0), "Oct 13 + 3wd: 14, 15, 16");

        var replanned = extended.Replan(Corrected, "2026年节假日安排", Now).ShouldBeAcceptedFrom(extended);

        replanned.ResolveSchedule.Due.Should().Be(At(2026, 10, 19, 17, 0), "Oct 14 + 3wd: 15, 16, 19");
    }

    [Fact]
    public void A_closed_case_is_not_re_planned()
    {
        var closed = In(CaseStatus.Closed);

        closed.Replan(Corrected, "2026年节假日安排", Now).Events.Should().BeEmpty();
    }
}
