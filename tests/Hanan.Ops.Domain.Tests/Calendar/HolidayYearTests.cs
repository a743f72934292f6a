using Hanan.Ops.Domain.Calendar;

namespace Hanan.Ops.Domain.Tests.Calendar;

public class HolidayYearTests
{
    public static TheoryData<string, string, string, string, string[]> Notice2026 => new()
    {
        { "元旦", "New Year's Day", "2026-01-01", "2026-01-03", ["2026-01-04"] },
        { "春节", "Spring Festival", "2026-02-15", "2026-02-23", ["2026-02-14", "2026-02-28"] },
        { "清明节", "Qingming Festival", "2026-04-04", "2026-04-06", [] },
        { "劳动节", "Labour Day", "2026-05-01", "2026-05-05", ["2026-05-09"] },
        { "端午节", "Dragon Boat Festival", "2026-06-19", "2026-06-21", [] },
        { "中秋节", "Mid-Autumn Festival", "2026-09-25", "2026-09-27", [] },
        { "国庆节", "National Day", "2026-10-01", "2026-10-07", ["2026-09-20", "2026-10-10"] },
    };

    [Fact]
    public void The_shipped_data_has_2026_with_seven_holidays()
    {
        var year = HolidayYear.Embedded.Should().ContainSingle(y => y.Year == 2026).Subject;
        year.Holidays.Should().HaveCount(7);
        year.Source.Should().Contain("2025-11-04");
    }

    [Theory]
    [MemberData(nameof(Notice2026))]
    public void The_2026_file_matches_the_State_Council_notice(string nameZh, string nameEn, string first, string last, string[] working)
    {
        var year = HolidayYear.Embedded.Single(y => y.Year == 2026);

        var holiday = year.Holidays.Should().ContainSingle(h => h.NameZh == nameZh).Subject;
        holiday.NameEn.Should().Be(nameEn);
        holiday.FirstDayOff.Should().Be(DateOnly.Parse(first, System.Globalization.CultureInfo.InvariantCulture));
        holiday.LastDayOff.Should().Be(DateOnly.Parse(last, System.Globalization.CultureInfo.InvariantCulture));
        holiday.AdjustedWorkingDays.Should().Equal(working.Select(d => DateOnly.Parse(d, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void A_valid_file_is_read_with_holidays_in_date_order()
    {
        var year = HolidayYear.Parse(YearJson(
            Holiday("国庆节", "2026-10-01", "2026-10-07", "\"2026-10-10\""),
            Holiday("元旦", "2026-01-01", "2026-01-03")));

        year.Year.Should().Be(2026);
        year.Holidays.Select(h => h.NameZh).Should().Equal("元旦", "国庆节");
        year.Holidays[1].DaysOffCount.Should().Be(7);
    }

    [Fact]
    public void A_day_off_outside_the_files_year_is_rejected()
    {
        var act = () => HolidayYear.Parse(YearJson(Holiday("元旦", "2025-12-31", "2026-01-02")), "2026.json");

        act.Should().Throw<InvalidDataException>()
            .WithMessage("2026.json: The holiday * (元旦) is wrong: its days off, 2025-12-31–2026-01-02, are not all in 2026.");
    }

    [Fact]
    public void An_adjusted_working_day_outside_the_files_year_is_rejected()
    {
        var act = () => HolidayYear.Parse(YearJson(Holiday("元旦", "2026-01-01", "2026-01-03", "\"2025-12-27\"")));

        act.Should().Throw<InvalidDataException>().WithMessage("*adjusted working day 2025-12-27 is not in 2026*");
    }

    [Fact]
    public void A_day_both_off_and_working_within_one_holiday_is_rejected()
    {
        var act = () => HolidayYear.Parse(YearJson(Holiday("春节", "2026-02-15", "2026-02-23", "\"2026-02-21\"")));

        act.Should().Throw<InvalidDataException>()
            .WithMessage("*2026-02-21 is listed both as a day off and as an adjusted working day*");
    }

    [Fact]
    public void A_working_day_of_one_holiday_that_is_off_for_another_is_rejected()
    {
        var act = () => HolidayYear.Parse(YearJson(
            Holiday("中秋节", "2026-09-25", "2026-09-27", "\"2026-10-03\""),
            Holiday("国庆节", "2026-10-01", "2026-10-07")));

        act.Should().Throw<InvalidDataException>()
            .WithMessage("*(中秋节)*2026-10-03 is an adjusted working day but also a day off of * (国庆节)*");
    }

    [Fact]
    public void An_adjusted_working_day_on_a_weekday_is_rejected()
    {
        var act = () => HolidayYear.Parse(YearJson(Holiday("春节", "2026-02-15", "2026-02-23", "\"2026-02-27\"")));

        act.Should().Throw<InvalidDataException>()
            .WithMessage("*adjusted working day 2026-02-27 is a Friday; only a Saturday or Sunday can be made a working day*");
    }

    [Fact]
    public void The_same_adjusted_working_day_under_two_holidays_is_rejected()
    {
        var act = () => HolidayYear.Parse(YearJson(
            Holiday("中秋节", "2026-09-25", "2026-09-27", "\"2026-09-20\""),
            Holiday("国庆节", "2026-10-01", "2026-10-07", "\"2026-09-20\"")));

        act.Should().Throw<InvalidDataException>().WithMessage("*2026-09-20 is also listed under*");
    }

    [Fact]
    public void Overlapping_holidays_are_rejected()
    {
        var act = () => HolidayYear.Parse(YearJson(
            Holiday("中秋节", "2026-09-25", "2026-10-01"),
            Holiday("国庆节", "2026-10-01", "2026-10-07")));

        act.Should().Throw<InvalidDataException>().WithMessage("*(国庆节) is wrong: its days off overlap those of * (中秋节).");
    }

    [Fact]
    public void Days_off_in_reverse_order_are_rejected()
    {
        var act = () => HolidayYear.Parse(YearJson(Holiday("元旦", "2026-01-03", "2026-01-01")));

        act.Should().Throw<InvalidDataException>()
            .WithMessage("*its last day off, 2026-01-01, is before its first day off, 2026-01-03.");
    }

    [Fact]
    public void An_unknown_property_is_rejected_so_typos_do_not_drop_data()
    {
        var json = """{ "year": 2026, "source": "test", "holidays": [ { "nameZh": "元旦", "nameEn": "New Year", "firstDayOff": "2026-01-01", "lastDayOff": "2026-01-03", "adjustedWorkingDay": ["2026-01-04"] } ] }""";

        var act = () => HolidayYear.Parse(json, "2026.json");

        act.Should().Throw<InvalidDataException>().WithMessage("2026.json: holiday 1 has an unknown property \"adjustedWorkingDay\"*");
    }

    [Fact]
    public void A_missing_property_is_rejected()
    {
        var act = () => HolidayYear.Parse("""{ "year": 2026, "holidays": [] }""");

        act.Should().Throw<InvalidDataException>().WithMessage("*must have \"year\", \"source\" and \"holidays\"*");
    }

    [Fact]
    public void A_date_not_written_as_yyyy_mm_dd_is_rejected()
    {
        var act = () => HolidayYear.Parse(YearJson(Holiday("元旦", "2026/01/01", "2026-01-03")));

        act.Should().Throw<InvalidDataException>()
            .WithMessage("*holiday 1: \"firstDayOff\" is \"2026/01/01\", which is not a date in the form YYYY-MM-DD.");
    }

    [Fact]
    public void Malformed_json_is_rejected_with_the_source_name()
    {
        var act = () => HolidayYear.Parse("{ \"year\": 2026, ", "Data/calendar/2026.json");

        act.Should().Throw<InvalidDataException>().WithMessage("Data/calendar/2026.json is not valid JSON: *");
    }

    [Fact]
    public void A_holiday_built_in_code_is_checked_like_one_read_from_a_file()
    {
        var act = () => new Holiday("春节", "Spring Festival", new DateOnly(2026, 2, 15), new DateOnly(2026, 2, 23), [new DateOnly(2026, 2, 14), new DateOnly(2026, 2, 14)]);

        act.Should().Throw<ArgumentException>().WithMessage("*the adjusted working day 2026-02-14 is listed twice.");
    }

    private static string YearJson(params string[] holidays) =>
        $$"""{ "year": 2026, "source": "test notice", "holidays": [ {{string.Join(", ", holidays)}} ] }""";

    private static string Holiday(string nameZh, string first, string last, params string[] working) =>
        $$"""{ "nameZh": "{{nameZh}}", "nameEn": "Test holiday", "firstDayOff": "{{first}}", "lastDayOff": "{{last}}", "adjustedWorkingDays": [ {{string.Join(", ", working)}} ] }""";
}
