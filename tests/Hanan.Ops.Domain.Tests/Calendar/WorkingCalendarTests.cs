using Hanan.Ops.Domain.Calendar;
using static Hanan.Ops.Domain.Tests.Calendar.Shanghai;

namespace Hanan.Ops.Domain.Tests.Calendar;

public class WorkingCalendarTests
{
    private static readonly WorkingCalendar Calendar = WorkingCalendar.FromEmbeddedData();

    [Fact]
    public void Twenty_twenty_six_has_248_working_days()
    {
        Calendar.CountWorkingDays(new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31)).Should().Be(248);
    }

    [Theory]
    [InlineData("2026-01-04", true)] // Sunday worked for New Year's Day
    [InlineData("2026-02-14", true)] // Saturday worked for the Spring Festival
    [InlineData("2026-02-28", true)] // Saturday worked for the Spring Festival
    [InlineData("2026-05-09", true)] // Saturday worked for Labour Day
    [InlineData("2026-09-20", true)] // Sunday worked for National Day
    [InlineData("2026-10-10", true)] // Saturday worked for National Day
    [InlineData("2026-01-02", false)] // Friday off for New Year's Day
    [InlineData("2026-02-23", false)] // Monday, last day of the Spring Festival
    [InlineData("2026-04-06", false)] // Monday off for Qingming
    [InlineData("2026-10-07", false)] // Wednesday, last day of National Day
    [InlineData("2026-03-14", false)] // ordinary Saturday
    [InlineData("2026-03-15", false)] // ordinary Sunday
    [InlineData("2026-03-16", true)] // ordinary Monday
    public void Working_days_follow_weekdays_and_the_official_notice(string date, bool working)
    {
        Calendar.IsWorkingDay(Day(date)).Should().Be(working);
    }

    [Fact]
    public void Five_working_days_from_Feb_12_land_on_Feb_26()
    {
        Calendar.AddWorkingDays(new DateOnly(2026, 2, 12), 5).Should().Be(new DateOnly(2026, 2, 26));
    }

    [Theory]
    [InlineData("2026-03-13", 2, "2026-03-17")] // Friday, across an ordinary weekend
    [InlineData("2026-02-13", 1, "2026-02-14")] // the adjusted Saturday before the Spring Festival counts
    [InlineData("2026-02-13", 2, "2026-02-24")] // then the whole festival is skipped
    [InlineData("2026-02-25", 3, "2026-02-28")] // the adjusted Saturday after the festival counts
    [InlineData("2026-03-14", 1, "2026-03-16")] // a start on a weekend counts from the next working day
    [InlineData("2026-10-01", 1, "2026-10-08")] // a start on a holiday too
    [InlineData("2026-09-30", 5, "2026-10-13")] // Oct 10, a Saturday, is worked
    public void Working_days_are_counted_from_the_day_after_the_start(string start, int days, string expected)
    {
        Calendar.AddWorkingDays(Day(start), days).Should().Be(Day(expected));
    }

    [Fact]
    public void A_working_day_deadline_is_the_end_of_office_hours_on_the_last_day()
    {
        Calendar.AddWorkingDays(At(2026, 9, 30, 16, 0), 5).Should().Be(At(2026, 10, 13, 17, 0));
        Calendar.AddWorkingDays(At(2026, 3, 13, 8, 0), 2).Should().Be(At(2026, 3, 17, 17, 0));
    }

    [Fact]
    public void A_working_day_deadline_uses_the_district_date_not_the_utc_date()
    {
        // 17:00 UTC on Thursday Mar 12 is 01:00 on Friday Mar 13 in Harbin.
        var start = new DateTimeOffset(2026, 3, 12, 17, 0, 0, TimeSpan.Zero);

        Calendar.AddWorkingDays(start, 1).Should().Be(At(2026, 3, 16, 17, 0));
    }

    [Fact]
    public void Adding_fewer_than_one_working_day_is_refused()
    {
        var act = () => Calendar.AddWorkingDays(new DateOnly(2026, 3, 13), 0);

        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Theory]
    [InlineData("2026-03-10 11:00", 2, "2026-03-10 14:30")] // spans the lunch break
    [InlineData("2026-03-10 16:30", 2, "2026-03-11 10:00")] // spans the night
    [InlineData("2026-03-13 16:00", 3, "2026-03-16 10:30")] // Friday afternoon, across the weekend
    [InlineData("2026-03-10 12:30", 1, "2026-03-10 14:30")] // a start in the lunch break waits for 13:30
    [InlineData("2026-03-10 07:00", 1, "2026-03-10 09:30")] // a start before office hours waits for 08:30
    [InlineData("2026-03-10 10:00", 2, "2026-03-10 12:00")] // ending exactly at noon gives noon, not 13:30
    [InlineData("2026-03-10 10:00", 7, "2026-03-11 10:00")] // seven hours is one full working day
    [InlineData("2026-10-01 09:00", 1, "2026-10-08 09:30")] // a start on a holiday waits for the next working day
    [InlineData("2026-02-13 16:00", 2, "2026-02-14 09:30")] // the adjusted Saturday has office hours
    public void Working_hours_count_only_office_time(string start, int hours, string expected)
    {
        Calendar.AddWorkingHours(At(start), hours).Should().Be(At(expected));
    }

    [Fact]
    public void Adding_no_working_time_returns_the_start_even_outside_office_hours()
    {
        Calendar.AddWorkingTime(At(2026, 3, 14, 3, 0), TimeSpan.Zero).Should().Be(At(2026, 3, 14, 3, 0));
    }

    [Fact]
    public void Adding_negative_working_time_is_refused()
    {
        var act = () => Calendar.AddWorkingTime(At(2026, 3, 10, 9, 0), TimeSpan.FromMinutes(-1));

        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Theory]
    [InlineData("2026-03-10 11:00", "2026-03-10 14:00", 90)] // lunch does not count
    [InlineData("2026-03-10 12:10", "2026-03-10 13:20", 0)] // all inside lunch
    [InlineData("2026-03-10 16:00", "2026-03-11 09:00", 90)] // overnight
    [InlineData("2026-03-13 16:00", "2026-03-16 09:00", 90)] // over a weekend
    [InlineData("2026-03-14 09:00", "2026-03-15 18:00", 0)] // an ordinary weekend has none
    [InlineData("2026-02-13 09:00", "2026-02-24 09:00", 840)] // 6.5 h + adjusted Saturday 7 h + 0.5 h
    [InlineData("2026-09-30 16:00", "2026-10-13 17:00", 2160)] // 1 h + five full working days
    public void Working_time_between_two_instants_counts_only_office_time(string from, string to, int minutes)
    {
        Calendar.WorkingTimeBetween(At(from), At(to)).Should().Be(TimeSpan.FromMinutes(minutes));
    }

    [Fact]
    public void Working_time_between_instants_in_reverse_order_is_negative()
    {
        Calendar.WorkingTimeBetween(At(2026, 3, 11, 9, 0), At(2026, 3, 10, 16, 0)).Should().Be(TimeSpan.FromMinutes(-90));
    }

    [Theory]
    [InlineData("2026-09-30 16:00", 2160)]
    [InlineData("2026-02-12 09:15", 4000)]
    [InlineData("2026-12-24 12:45", 2000)]
    [InlineData("2026-05-08 23:59", 1)]
    public void Adding_working_time_and_measuring_it_back_agree(string start, int minutes)
    {
        var amount = TimeSpan.FromMinutes(minutes);

        var end = Calendar.AddWorkingTime(At(start), amount);

        Calendar.WorkingTimeBetween(At(start), end).Should().Be(amount);
        Calendar.IsWithinWorkingHours(end.AddTicks(-1)).Should().BeTrue();
    }

    [Theory]
    [InlineData("2026-03-10 08:30", true)]
    [InlineData("2026-03-10 11:59", true)]
    [InlineData("2026-03-10 12:00", false)]
    [InlineData("2026-03-10 13:30", true)]
    [InlineData("2026-03-10 17:00", false)]
    [InlineData("2026-02-14 10:00", true)] // adjusted Saturday
    [InlineData("2026-02-16 10:00", false)] // Spring Festival Monday
    public void Office_hours_are_08_30_to_12_00_and_13_30_to_17_00_on_working_days(string instant, bool inside)
    {
        Calendar.IsWithinWorkingHours(At(instant)).Should().Be(inside);
    }

    [Fact]
    public void Results_are_the_same_instant_whatever_offset_the_input_has()
    {
        var utcStart = At(2026, 3, 10, 11, 0).ToUniversalTime();

        Calendar.AddWorkingHours(utcStart, 2).Should().Be(At(2026, 3, 10, 14, 30));
        Calendar.AddWorkingHours(utcStart, 2).Offset.Should().Be(Offset);
    }

    [Fact]
    public void The_holiday_of_a_day_off_is_named()
    {
        Calendar.HolidayOn(new DateOnly(2026, 2, 16))!.NameZh.Should().Be("春节");
        Calendar.HolidayOn(new DateOnly(2026, 2, 14)).Should().BeNull();
    }

    [Fact]
    public void The_end_of_a_day_off_is_refused_with_the_holiday_named()
    {
        var act = () => Calendar.EndOfWorkingDay(new DateOnly(2026, 10, 1));

        act.Should().Throw<ArgumentException>().WithMessage("2026-10-01 is not a working day; it is a day off for National Day (国庆节).*");
    }

    [Fact]
    public void A_date_in_a_year_without_data_is_a_clear_error()
    {
        var act = () => Calendar.IsWorkingDay(new DateOnly(2027, 1, 4));

        act.Should().Throw<DateOutsideCalendarException>()
            .WithMessage("The working calendar has no official holiday data for 2027, so it cannot tell whether 2027-01-04 is a working day; it covers 2026. Add Data/calendar/2027.json*")
            .Which.Date.Should().Be(new DateOnly(2027, 1, 4));
        Calendar.Covers(new DateOnly(2027, 1, 4)).Should().BeFalse();
        Calendar.Covers(new DateOnly(2026, 12, 31)).Should().BeTrue();
    }

    [Fact]
    public void A_count_that_runs_past_the_last_year_with_data_is_an_error_not_a_guess()
    {
        var addDays = () => Calendar.AddWorkingDays(new DateOnly(2026, 12, 29), 5);
        var addHours = () => Calendar.AddWorkingHours(At(2026, 12, 31, 16, 0), 2);
        var measure = () => Calendar.WorkingTimeBetween(At(2025, 12, 31, 9, 0), At(2026, 1, 5, 9, 0));

        addDays.Should().Throw<DateOutsideCalendarException>().Which.Date.Should().Be(new DateOnly(2027, 1, 1));
        addHours.Should().Throw<DateOutsideCalendarException>().Which.Date.Should().Be(new DateOnly(2027, 1, 1));
        measure.Should().Throw<DateOutsideCalendarException>().Which.Date.Should().Be(new DateOnly(2025, 12, 31));
    }

    [Fact]
    public void An_instant_at_midnight_after_the_last_year_needs_no_data()
    {
        Calendar.WorkingTimeBetween(At(2026, 12, 31, 9, 0), At(2027, 1, 1, 0, 0)).Should().Be(TimeSpan.FromHours(6.5));
    }

    [Fact]
    public void Office_hours_can_be_configured()
    {
        var summer = WorkingCalendar.FromEmbeddedData(new OfficeHours { AfternoonStart = new TimeOnly(13, 0) });

        summer.WorkingDayLength.Should().Be(TimeSpan.FromHours(7.5));
        summer.AddWorkingHours(At(2026, 3, 10, 11, 0), 2).Should().Be(At(2026, 3, 10, 14, 0));
        Calendar.WorkingDayLength.Should().Be(TimeSpan.FromHours(7));
    }

    [Fact]
    public void Office_hours_out_of_order_are_refused_with_the_times_named()
    {
        var hours = new OfficeHours { AfternoonStart = new TimeOnly(11, 30) };

        hours.TryValidate(out var error).Should().BeFalse();
        error.Should().Be("Office hours must run in order (morning start < morning end <= afternoon start < afternoon end); got 08:30–12:00 and 11:30–17:00.");
        var act = () => WorkingCalendar.FromEmbeddedData(hours);
        act.Should().Throw<ArgumentException>().WithMessage(error + "*");
    }

    [Fact]
    public void A_calendar_needs_each_year_once()
    {
        var year = HolidayYear.Embedded[0];

        var twice = () => new WorkingCalendar([year, year], OfficeHours.Default);
        var none = () => new WorkingCalendar([], OfficeHours.Default);

        twice.Should().Throw<ArgumentException>().WithMessage("The holiday data of 2026 is given twice.*");
        none.Should().Throw<ArgumentException>().WithMessage("A working calendar needs the holiday data of at least one year.*");
    }

    [Fact]
    public void Local_time_follows_the_zone_rules_in_a_year_with_daylight_saving()
    {
        // China used daylight saving time (UTC+9) in the summers of 1986-1991.
        var calendar = new WorkingCalendar([new HolidayYear(1988, "test data without holidays", [])], OfficeHours.Default);
        var nineInTheMorning = new DateTimeOffset(1988, 7, 5, 0, 0, 0, TimeSpan.Zero);

        calendar.AddWorkingHours(nineInTheMorning, 1).Should().Be(new DateTimeOffset(1988, 7, 5, 10, 0, 0, TimeSpan.FromHours(9)));
        calendar.EndOfWorkingDay(new DateOnly(1988, 12, 6)).Should().Be(new DateTimeOffset(1988, 12, 6, 17, 0, 0, Offset));
    }

    private static DateOnly Day(string iso) => DateOnly.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);
}
