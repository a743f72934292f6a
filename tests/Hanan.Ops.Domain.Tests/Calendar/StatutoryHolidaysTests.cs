using Hanan.Ops.Domain.Calendar;

namespace Hanan.Ops.Domain.Tests.Calendar;

/// <summary>The provisional year built from the holiday law: lunar dates, the Qingming solar term, make-up days, and no invented 调休.</summary>
public sealed class StatutoryHolidaysTests
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    [Theory]
    [InlineData(2020, 4)]
    [InlineData(2021, 4)]
    [InlineData(2022, 5)]
    [InlineData(2023, 5)]
    [InlineData(2024, 4)]
    [InlineData(2025, 4)]
    [InlineData(2026, 5)]
    [InlineData(2027, 5)]
    [InlineData(2028, 4)]
    [InlineData(2029, 4)]
    [InlineData(2030, 5)]
    public void Qingming_falls_on_the_day_the_Sun_reaches_15_degrees_in_Beijing_time(int year, int day) =>
        SolarTerms.Qingming(year).Should().Be(new DateOnly(year, 4, day));

    [Fact]
    public void The_law_applied_to_2026_gives_the_statutory_days_the_domain_facts_list()
    {
        var days = StatutoryHolidays.Of(2026).SelectMany(h => h.Days).Order().ToList();

        days.Should().Equal(
            new DateOnly(2026, 1, 1),
            new DateOnly(2026, 2, 16), new DateOnly(2026, 2, 17), new DateOnly(2026, 2, 18), new DateOnly(2026, 2, 19),
            new DateOnly(2026, 4, 5),
            new DateOnly(2026, 5, 1), new DateOnly(2026, 5, 2),
            new DateOnly(2026, 6, 19),
            new DateOnly(2026, 9, 25),
            new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 2), new DateOnly(2026, 10, 3));
    }

    [Fact]
    public void Every_day_off_of_the_provisional_2026_is_a_day_off_in_the_official_2026()
    {
        var official = new WorkingCalendar(HolidayYear.Embedded.Where(y => y.Year == 2026), OfficeHours.Default);
        var provisional = StatutoryHolidays.ProvisionalYear(2026);

        provisional.IsProvisional.Should().BeTrue();
        provisional.Holidays.Should().HaveCount(7);
        foreach (var holiday in provisional.Holidays)
        {
            for (var day = holiday.FirstDayOff; day <= holiday.LastDayOff; day = day.AddDays(1))
            {
                official.IsWorkingDay(day).Should().BeFalse($"{day:yyyy-MM-dd} ({holiday.NameZh}) is off in the official 2026 too");
            }

            holiday.AdjustedWorkingDays.Should().BeEmpty("only the State Council's notice sets adjusted working days");
        }

        // Qingming 2026 is a Sunday: made up on Monday 6 April, as the official notice has it.
        provisional.Holidays.Single(h => h.NameZh == "清明节").LastDayOff.Should().Be(new DateOnly(2026, 4, 6));
    }

    [Fact]
    public void The_provisional_2027_has_the_statutory_days_and_their_make_up_days()
    {
        var year = StatutoryHolidays.ProvisionalYear(2027);

        year.Holidays.Select(h => (h.NameZh, h.FirstDayOff, h.LastDayOff)).Should().Equal(
            ("元旦", new DateOnly(2027, 1, 1), new DateOnly(2027, 1, 1)),
            // Lunar New Year 2027 is Saturday 6 February: eve Friday 5; Saturday 6 and Sunday 7 made up on 9 and 10.
            ("春节", new DateOnly(2027, 2, 5), new DateOnly(2027, 2, 10)),
            ("清明节", new DateOnly(2027, 4, 5), new DateOnly(2027, 4, 5)),
            ("劳动节", new DateOnly(2027, 5, 1), new DateOnly(2027, 5, 4)),
            ("端午节", new DateOnly(2027, 6, 9), new DateOnly(2027, 6, 9)),
            ("中秋节", new DateOnly(2027, 9, 15), new DateOnly(2027, 9, 15)),
            ("国庆节", new DateOnly(2027, 10, 1), new DateOnly(2027, 10, 5)));
    }

    [Fact]
    public void A_leap_month_before_the_festival_is_skipped()
    {
        // 2025 has a leap sixth month (闰六月): Mid-Autumn is 6 October, not a month earlier; Dragon Boat 31 May is before it.
        var days = StatutoryHolidays.Of(2025).ToDictionary(h => h.NameZh, h => h.Days);

        days["中秋节"].Should().Equal(new DateOnly(2025, 10, 6));
        days["端午节"].Should().Equal(new DateOnly(2025, 5, 31));
        days["春节"].Should().Equal(new DateOnly(2025, 1, 28), new DateOnly(2025, 1, 29), new DateOnly(2025, 1, 30), new DateOnly(2025, 1, 31));
    }

    [Fact]
    public void Holidays_whose_days_off_touch_are_one_run()
    {
        // 2031: Mid-Autumn (15th of the 8th month) is 1 October, inside National Day.
        var year = StatutoryHolidays.ProvisionalYear(2031);

        year.Holidays.Should().ContainSingle(h => h.NameZh.Contains("国庆节") && h.NameZh.Contains("中秋节"));
    }

    [Fact]
    public void The_last_working_day_of_2026_plus_one_working_day_skips_New_Years_Day_2027()
    {
        var calendar = WorkingCalendar.FromEmbeddedData(provisionalYears: 1);

        calendar.ProvisionalYears.Should().Equal(2027);
        calendar.AddWorkingDays(new DateOnly(2026, 12, 31), 1).Should().Be(new DateOnly(2027, 1, 4));
        calendar.HolidayOn(new DateOnly(2027, 1, 1))!.NameZh.Should().Be("元旦");
    }
}
