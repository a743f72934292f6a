using Hanan.Ops.Domain.Identity;

namespace Hanan.Ops.Domain.Tests.Identity;

public class MobilePhoneNumberTests
{
    [Fact]
    public void An_eleven_digit_number_starting_with_1_is_accepted()
    {
        MobilePhoneNumber.TryParse("13812341234", out var number, out var error).Should().BeTrue(error);

        number!.Value.Should().Be("13812341234");
    }

    [Fact]
    public void The_masked_form_keeps_the_first_three_and_last_four_digits()
    {
        var number = MobilePhoneNumber.Parse("13812345678");

        number.Masked.Should().Be("138****5678");
        number.ToString().Should().Be("138****5678");
    }

    [Theory]
    [InlineData(null, "The mobile phone number is empty.")]
    [InlineData("", "The mobile phone number is empty.")]
    [InlineData("1381234123", "A mobile phone number has 11 digits; this one has 10.")]
    [InlineData("138123412345", "A mobile phone number has 11 digits; this one has 12.")]
    [InlineData("23812341234", "A mobile phone number starts with 1.")]
    [InlineData("138-1234-1234", "Character 4 of the mobile phone number is not a digit; a mobile number is 11 digits with no spaces or signs.")]
    [InlineData("+8613812341234", "Character 1 of the mobile phone number is not a digit; a mobile number is 11 digits with no spaces or signs.")]
    public void Malformed_numbers_are_refused_with_a_sentence_saying_what_is_wrong(string? text, string expected)
    {
        MobilePhoneNumber.TryParse(text, out var number, out var error).Should().BeFalse();

        number.Should().BeNull();
        error.Should().Be(expected);
    }

    [Fact]
    public void Parse_throws_a_format_exception_with_the_same_sentence()
    {
        var act = () => MobilePhoneNumber.Parse("23812341234");

        act.Should().Throw<FormatException>().WithMessage("A mobile phone number starts with 1.");
    }

    [Fact]
    public void Equal_numbers_are_equal_values()
    {
        MobilePhoneNumber.Parse("13812341234").Should().Be(MobilePhoneNumber.Parse("13812341234"));
        MobilePhoneNumber.Parse("13812341234").Should().NotBe(MobilePhoneNumber.Parse("13812341235"));
    }
}
