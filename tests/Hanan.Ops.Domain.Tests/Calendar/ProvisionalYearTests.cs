using Hanan.Ops.Domain.Calendar;

namespace Hanan.Ops.Domain.Tests.Calendar;

public sealed class ProvisionalYearTests
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    [Fact]
    public void Without_provisional_years_a_date_in_2027_is_refused()
    {
        var calendar = WorkingCalendar.FromEmbeddedData();

        var act = () => calendar.IsWorkingDay(new DateOnly(2027, 1, 4));

        act.Should().Throw<DateOutsideCalendarException>();
        calendar.ProvisionalYears.Should().BeEmpty();
    }

    [Fact]
    public void A_provisional_year_follows_the_holiday_law_and_is_reported_as_provisional()
    {
        var calendar = WorkingCalendar.FromEmbeddedData(provisionalYears: 1);

        calendar.ProvisionalYears.Should().Equal(2027);
        calendar.IsWorkingDay(new DateOnly(2027, 1, 1)).Should().BeFalse("New Year's Day is a statutory holiday, notice or not");
        calendar.IsWorkingDay(new DateOnly(2027, 1, 2)).Should().BeFalse("Saturday");
        calendar.IsWorkingDay(new DateOnly(2027, 1, 4)).Should().BeTrue("Monday");
        calendar.IsWorkingDay(new DateOnly(2026, 1, 1)).Should().BeFalse("2026 keeps its official holidays");
    }

    [Fact]
    public void A_deadline_filed_before_the_new_year_crosses_into_the_provisional_year()
    {
        var calendar = WorkingCalendar.FromEmbeddedData(provisionalYears: 1);

        // Monday 2026-12-28 + 5 working days: Tue 29, Wed 30, Thu 31 (2026 data), then New Year's Day 2027 is off:
        // Mon 4 and Tue 5 January 2027 (provisional).
        var due = calendar.AddWorkingDays(new DateTimeOffset(2026, 12, 28, 10, 0, 0, Beijing), 5);

        due.Should().Be(new DateTimeOffset(2027, 1, 5, 17, 0, 0, Beijing));
    }
}
