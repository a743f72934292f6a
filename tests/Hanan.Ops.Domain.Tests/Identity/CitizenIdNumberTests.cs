using Hanan.Ops.Domain.Identity;

namespace Hanan.Ops.Domain.Tests.Identity;

public class CitizenIdNumberTests
{
    private static readonly DateOnly Today = new(2026, 3, 10);

    [Theory]
    [InlineData("360426199101010071")]
    [InlineData("44011320141005001X")]
    [InlineData("110102199101010078")]
    [InlineData("412723199010050012")]
    public void The_public_valid_vectors_are_accepted(string text)
    {
        CitizenIdNumber.TryParse(text, Today, out var id, out var error).Should().BeTrue(error);

        id!.Value.Should().Be(text);
    }

    [Fact]
    public void The_parts_of_a_number_are_read()
    {
        var id = CitizenIdNumber.Parse("44011320141005001X", Today);

        id.AddressCode.Should().Be("440113");
        id.BirthDate.Should().Be(new DateOnly(2014, 10, 5));
        id.SequenceNumber.Should().Be(1);
        id.Sex.Should().Be(Sex.Male);
        id.CheckCharacter.Should().Be('X');
    }

    [Fact]
    public void An_even_sequence_number_is_female()
    {
        var id = CitizenIdNumber.Parse("230108199003070021", Today);

        id.SequenceNumber.Should().Be(2);
        id.Sex.Should().Be(Sex.Female);
    }

    [Fact]
    public void A_lower_case_x_is_read_as_X()
    {
        var id = CitizenIdNumber.Parse("44011320141005001x", Today);

        id.Value.Should().Be("44011320141005001X");
        id.Should().Be(CitizenIdNumber.Parse("44011320141005001X", Today));
    }

    [Fact]
    public void A_wrong_check_character_is_refused()
    {
        CitizenIdNumber.TryParse("36042619910102009X", Today, out var id, out var error).Should().BeFalse();

        id.Should().BeNull();
        error.Should().Be("The check character of the citizen ID number (the 18th) does not match the first 17 digits; the number has a typing error.");
    }

    [Fact]
    public void A_birth_date_that_is_not_a_real_date_is_refused()
    {
        CitizenIdNumber.TryParse("360426199113010079", Today, out _, out var error).Should().BeFalse();

        error.Should().Be("The birth date in the citizen ID number (characters 7 to 14) is not a real date.");
    }

    [Fact]
    public void February_29_is_a_real_date_only_in_a_leap_year()
    {
        CitizenIdNumber.TryParse("230108200002290036", Today, out var leap, out _).Should().BeTrue();
        leap!.BirthDate.Should().Be(new DateOnly(2000, 2, 29));

        CitizenIdNumber.TryParse("230108199902290036", Today, out _, out var error).Should().BeFalse();
        error.Should().Contain("is not a real date");
    }

    [Fact]
    public void A_birth_date_after_today_is_refused_and_one_born_today_is_accepted()
    {
        CitizenIdNumber.TryParse("44011320141005001X", new DateOnly(2014, 10, 4), out _, out var error).Should().BeFalse();
        error.Should().Be("The birth date in the citizen ID number (characters 7 to 14) is in the future.");

        CitizenIdNumber.TryParse("44011320141005001X", new DateOnly(2014, 10, 5), out _, out _).Should().BeTrue();
    }

    [Fact]
    public void Any_six_digit_address_code_is_accepted_because_retired_codes_stay_valid()
    {
        var id = CitizenIdNumber.Parse("999999198506150044", Today);

        id.AddressCode.Should().Be("999999");
    }

    [Theory]
    [InlineData(null, "The citizen ID number is empty.")]
    [InlineData("", "The citizen ID number is empty.")]
    [InlineData("36042619910101007", "A citizen ID number has 18 characters; this one has 17.")]
    [InlineData(" 360426199101010071", "A citizen ID number has 18 characters; this one has 19.")]
    [InlineData("3604A6199101010071", "Character 5 of the citizen ID number is not a digit; the first 17 characters must be digits.")]
    [InlineData("36042619910101007Y", "The last character of the citizen ID number must be a digit or X.")]
    [InlineData("３６０426199101010071", "Character 1 of the citizen ID number is not a digit; the first 17 characters must be digits.")]
    public void Malformed_numbers_are_refused_with_a_sentence_saying_what_is_wrong(string? text, string expected)
    {
        CitizenIdNumber.TryParse(text, Today, out _, out var error).Should().BeFalse();

        error.Should().Be(expected);
    }

    [Fact]
    public void Parse_throws_a_format_exception_with_the_same_sentence()
    {
        var act = () => CitizenIdNumber.Parse("36042619910102009X", Today);

        act.Should().Throw<FormatException>().WithMessage("The check character of the citizen ID number (the 18th)*");
    }

    [Fact]
    public void The_masked_form_keeps_the_first_four_and_last_four_characters()
    {
        var id = CitizenIdNumber.Parse("44011320141005001X", Today);

        id.Masked.Should().Be("4401**********001X");
    }

    [Fact]
    public void ToString_never_shows_the_full_number()
    {
        var id = CitizenIdNumber.Parse("360426199101010071", Today);

        id.ToString().Should().Be("3604**********0071");
        $"{id}".Should().NotContain("19910101");
    }

    [Fact]
    public void The_check_character_is_computed_from_17_digits()
    {
        CitizenIdNumber.ComputeCheckCharacter("44011320141005001").Should().Be('X');
        CitizenIdNumber.ComputeCheckCharacter("36042619910101007").Should().Be('1');

        var act = () => CitizenIdNumber.ComputeCheckCharacter("3604261991010100");
        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Equal_numbers_are_equal_values()
    {
        var a = CitizenIdNumber.Parse("110102199101010078", Today);
        var b = CitizenIdNumber.Parse(new string("110102199101010078".AsSpan()), Today);

        a.Should().Be(b);
        a.GetHashCode().Should().Be(b.GetHashCode());
        a.Should().NotBe(CitizenIdNumber.Parse("412723199010050012", Today));
    }
}
