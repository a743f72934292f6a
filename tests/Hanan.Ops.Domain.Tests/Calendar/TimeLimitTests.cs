using Hanan.Ops.Domain.Calendar;
using static Hanan.Ops.Domain.Tests.Calendar.Shanghai;

namespace Hanan.Ops.Domain.Tests.Calendar;

public class TimeLimitTests
{
    private static readonly WorkingCalendar Calendar = WorkingCalendar.FromEmbeddedData();

    [Fact]
    public void The_three_kinds_parse_from_their_compact_form()
    {
        TimeLimit.Parse("5wd").Should().Be(new TimeLimit.WorkingDays(5));
        TimeLimit.Parse("2wh").Should().Be(new TimeLimit.WorkingHours(2));
        TimeLimit.Parse("30m").Should().Be(new TimeLimit.WallClock(TimeSpan.FromMinutes(30)));
        TimeLimit.Parse("24h").Should().Be(new TimeLimit.WallClock(TimeSpan.FromHours(24)));
    }

    [Theory]
    [InlineData("5wd", "5wd")]
    [InlineData("15wd", "15wd")]
    [InlineData("2wh", "2wh")]
    [InlineData("30m", "30m")]
    [InlineData("24h", "24h")]
    [InlineData("90m", "90m")]
    [InlineData("60m", "1h")]
    [InlineData("007wd", "7wd")]
    public void Limits_are_written_in_canonical_form_and_read_back_equal(string text, string canonical)
    {
        var limit = TimeLimit.Parse(text);

        limit.ToString().Should().Be(canonical);
        TimeLimit.Parse(limit.ToString()).Should().Be(limit);
    }

    [Fact]
    public void Only_working_day_and_working_hour_limits_count_working_time()
    {
        TimeLimit.Parse("5wd").CountsWorkingTime.Should().BeTrue();
        TimeLimit.Parse("2wh").CountsWorkingTime.Should().BeTrue();
        TimeLimit.Parse("30m").CountsWorkingTime.Should().BeFalse();
    }

    [Fact]
    public void Limits_of_the_same_length_but_different_kinds_differ()
    {
        TimeLimit.Parse("2wh").Should().NotBe(TimeLimit.Parse("2h"));
    }

    [Theory]
    [InlineData(null, "The time limit is empty; write a whole number followed by a unit: wd (working days), wh (working hours), h (hours) or m (minutes), e.g. 5wd, 2wh, 24h, 30m.")]
    [InlineData("", "The time limit is empty; *")]
    [InlineData("wd", "The time limit \"wd\" does not start with a number; *")]
    [InlineData("-5wd", "The time limit \"-5wd\" does not start with a number; *")]
    [InlineData(" 5wd", "The time limit \" 5wd\" does not start with a number; *")]
    [InlineData("5", "The time limit \"5\" has no unit; *")]
    [InlineData("5d", "The time limit \"5d\" has an unknown unit \"d\"; *")]
    [InlineData("5WD", "The time limit \"5WD\" has an unknown unit \"WD\"; *")]
    [InlineData("5 wd", "The time limit \"5 wd\" has an unknown unit \" wd\"; *")]
    [InlineData("0wd", "The time limit \"0wd\" is zero; a time limit must be at least 1 of its unit.")]
    [InlineData("1001wd", "The time limit \"1001wd\" is longer than the longest allowed, 1000wd.")]
    [InlineData("10001wh", "The time limit \"10001wh\" is longer than the longest allowed, 10000wh.")]
    [InlineData("8785h", "The time limit \"8785h\" is longer than the longest allowed, 8784h.")]
    [InlineData("527041m", "The time limit \"527041m\" is longer than the longest allowed, 8784h.")]
    [InlineData("1234567m", "The time limit \"1234567m\" has too many digits; *")]
    public void Malformed_limits_are_refused_with_a_sentence_saying_what_is_wrong(string? text, string expected)
    {
        TimeLimit.TryParse(text, out var limit, out var error).Should().BeFalse();

        limit.Should().BeNull();
        error.Should().Match(expected);
    }

    [Fact]
    public void Parse_throws_a_format_exception_with_the_same_sentence()
    {
        var act = () => TimeLimit.Parse("5d");

        act.Should().Throw<FormatException>().WithMessage("The time limit \"5d\" has an unknown unit \"d\"; *");
    }

    [Fact]
    public void The_largest_limits_are_accepted()
    {
        TimeLimit.Parse("1000wd").Should().Be(new TimeLimit.WorkingDays(1000));
        TimeLimit.Parse("527040m").Should().Be(new TimeLimit.WallClock(TimeSpan.FromDays(366)));
    }

    [Fact]
    public void Limits_built_in_code_keep_to_the_same_bounds()
    {
        var zeroDays = () => new TimeLimit.WorkingDays(0);
        var tooManyHours = () => new TimeLimit.WorkingHours(10001);
        var seconds = () => new TimeLimit.WallClock(TimeSpan.FromSeconds(90));

        zeroDays.Should().Throw<ArgumentOutOfRangeException>();
        tooManyHours.Should().Throw<ArgumentOutOfRangeException>();
        seconds.Should().Throw<ArgumentOutOfRangeException>().WithMessage("A wall-clock time limit must be whole minutes.*");
    }

    [Fact]
    public void Each_kind_computes_its_own_due_instant()
    {
        var start = At(2026, 9, 30, 16, 0);

        TimeLimit.Parse("5wd").DueFrom(start, Calendar).Should().Be(At(2026, 10, 13, 17, 0));
        TimeLimit.Parse("2wh").DueFrom(start, Calendar).Should().Be(At(2026, 10, 8, 9, 30));
        TimeLimit.Parse("24h").DueFrom(start, Calendar).Should().Be(At(2026, 10, 1, 16, 0));
    }
}
