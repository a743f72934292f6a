using System.Text.Json;
using Hanan.Ops.Domain.Calendar;
using static Hanan.Ops.Domain.Tests.Calendar.Shanghai;

namespace Hanan.Ops.Domain.Tests.Calendar;

public class CalendarJsonTests
{
    private static readonly WorkingCalendar Calendar = WorkingCalendar.FromEmbeddedData();

    [Theory]
    [InlineData("5wd")]
    [InlineData("2wh")]
    [InlineData("24h")]
    [InlineData("30m")]
    public void A_time_limit_is_stored_as_its_text_form_and_read_back_equal(string text)
    {
        var limit = TimeLimit.Parse(text);

        var json = JsonSerializer.Serialize(limit);

        json.Should().Be($"\"{text}\"");
        JsonSerializer.Deserialize<TimeLimit>(json).Should().Be(limit);
    }

    [Fact]
    public void A_time_limit_inside_an_object_uses_the_text_form_too()
    {
        var json = JsonSerializer.Serialize(new LimitHolder(TimeLimit.Parse("15wd")));

        json.Should().Be("{\"Limit\":\"15wd\"}");
        JsonSerializer.Deserialize<LimitHolder>(json).Should().Be(new LimitHolder(TimeLimit.Parse("15wd")));
    }

    [Theory]
    [InlineData("\"5d\"", "*unknown unit*")]
    [InlineData("\"0wd\"", "*is zero*")]
    [InlineData("5", "*must be a JSON string*")]
    [InlineData("{\"Days\":5}", "*must be a JSON string*")]
    public void A_malformed_stored_time_limit_is_a_JSON_error_saying_why(string json, string message)
    {
        var read = () => JsonSerializer.Deserialize<TimeLimit>(json);

        read.Should().Throw<JsonException>().WithMessage(message);
    }

    [Fact]
    public void An_escalation_step_set_is_stored_as_step_names_in_step_order()
    {
        var set = EscalationStepSet.Of(EscalationStep.SupervisionNotice, EscalationStep.Warning);

        var json = JsonSerializer.Serialize(set);

        json.Should().Be("[\"Warning\",\"SupervisionNotice\"]");
        JsonSerializer.Deserialize<EscalationStepSet>(json).Should().Be(set);
        JsonSerializer.Serialize(EscalationStepSet.Empty).Should().Be("[]");
        JsonSerializer.Deserialize<EscalationStepSet>("[]").Should().Be(EscalationStepSet.Empty);
    }

    [Theory]
    [InlineData("[\"warning\"]")]
    [InlineData("[\"1\"]")]
    [InlineData("[1]")]
    [InlineData("[\"Reminder\"]")]
    [InlineData("3")]
    public void Anything_but_exact_step_names_is_refused_when_reading_a_step_set(string json)
    {
        var read = () => JsonSerializer.Deserialize<EscalationStepSet>(json);

        read.Should().Throw<JsonException>();
    }

    [Fact]
    public void A_deadline_schedule_reads_back_equal_with_every_instant_as_stored()
    {
        var schedule = DeadlineSchedule.Compute(At(2026, 9, 30, 16, 0), TimeLimit.Parse("5wd"), Calendar)
            .ExtendBy(TimeLimit.Parse("3wd"), Calendar);

        var json = JsonSerializer.Serialize(schedule);
        var read = JsonSerializer.Deserialize<DeadlineSchedule>(json)!;

        read.Should().Be(schedule);
        read.Limit.Should().Be(TimeLimit.Parse("5wd"));
        read.Due.Should().Be(At(2026, 10, 16, 17, 0));
        read.Due.Offset.Should().Be(Offset);
        json.Should().Contain("\"Limit\":\"5wd\"");
    }

    [Fact]
    public void A_stored_schedule_with_steps_out_of_order_is_refused()
    {
        var schedule = DeadlineSchedule.Compute(At(2026, 9, 30, 16, 0), TimeLimit.Parse("5wd"), Calendar);
        var json = JsonSerializer.Serialize(schedule).Replace(
            JsonSerializer.Serialize(schedule.Warning), JsonSerializer.Serialize(schedule.DistrictLeaders), StringComparison.Ordinal);

        var read = () => JsonSerializer.Deserialize<DeadlineSchedule>(json);

        read.Should().Throw<JsonException>().WithMessage("*must run start <= warning <= due*");
    }

    private sealed record LimitHolder(TimeLimit Limit);
}
