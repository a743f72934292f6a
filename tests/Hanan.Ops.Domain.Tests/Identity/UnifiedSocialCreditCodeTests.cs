using Hanan.Ops.Domain.Identity;

namespace Hanan.Ops.Domain.Tests.Identity;

public class UnifiedSocialCreditCodeTests
{
    [Theory]
    [InlineData("91110000600037341L")]
    [InlineData("91230184MA1BUFLT44")]
    public void The_public_valid_vectors_are_accepted(string text)
    {
        UnifiedSocialCreditCode.TryParse(text, out var code, out var error).Should().BeTrue(error);

        code!.Value.Should().Be(text);
        code.ToString().Should().Be(text);
    }

    [Fact]
    public void The_parts_of_a_code_are_read()
    {
        var code = UnifiedSocialCreditCode.Parse("91230184MA1BUFLT44");

        code.RegisteringAuthority.Should().Be('9');
        code.OrganisationType.Should().Be('1');
        code.AreaCode.Should().Be("230184");
        code.OrganisationCode.Should().Be("MA1BUFLT4");
        code.CheckCharacter.Should().Be('4');
    }

    [Fact]
    public void A_wrong_check_character_is_refused()
    {
        UnifiedSocialCreditCode.TryParse("91110000600037341N", out var code, out var error).Should().BeFalse();

        code.Should().BeNull();
        error.Should().Be("The check character of the unified social credit code (the 18th) does not match the first 17 characters; the code has a typing error.");
    }

    [Fact]
    public void A_letter_outside_the_codes_alphabet_is_refused_and_named()
    {
        UnifiedSocialCreditCode.TryParse("9111000060003IOZSV", out _, out var error).Should().BeFalse();

        error.Should().Be("Character 14 of the unified social credit code, 'I', is not allowed; the code uses digits and the capital letters A to Y except I, O, S, V and Z.");
    }

    [Theory]
    [InlineData("9111000060003741OL", 17, 'O')]
    [InlineData("911100006000S7341L", 13, 'S')]
    [InlineData("91110000600037341中", 18, '中')]
    [InlineData("91110000-00037341L", 9, '-')]
    public void Each_character_outside_the_alphabet_is_refused_at_its_position(string text, int position, char character)
    {
        UnifiedSocialCreditCode.TryParse(text, out _, out var error).Should().BeFalse();

        error.Should().StartWith($"Character {position} of the unified social credit code, '{character}', is not allowed");
    }

    [Fact]
    public void Lower_case_letters_are_read_as_capitals()
    {
        var code = UnifiedSocialCreditCode.Parse("91230184ma1buflt44");

        code.Value.Should().Be("91230184MA1BUFLT44");
        code.Should().Be(UnifiedSocialCreditCode.Parse("91230184MA1BUFLT44"));
    }

    [Theory]
    [InlineData(null, "The unified social credit code is empty.")]
    [InlineData("", "The unified social credit code is empty.")]
    [InlineData("91110000600037341", "A unified social credit code has 18 characters; this one has 17.")]
    [InlineData("91A10000600037341L", "Characters 3 to 8 of the unified social credit code are an area code and must be digits.")]
    public void Malformed_codes_are_refused_with_a_sentence_saying_what_is_wrong(string? text, string expected)
    {
        UnifiedSocialCreditCode.TryParse(text, out _, out var error).Should().BeFalse();

        error.Should().Be(expected);
    }

    [Fact]
    public void Parse_throws_a_format_exception_with_the_same_sentence()
    {
        var act = () => UnifiedSocialCreditCode.Parse("91110000600037341N");

        act.Should().Throw<FormatException>().WithMessage("The check character of the unified social credit code*");
    }

    [Fact]
    public void The_check_character_is_computed_from_17_characters()
    {
        UnifiedSocialCreditCode.ComputeCheckCharacter("91110000600037341").Should().Be('L');
        UnifiedSocialCreditCode.ComputeCheckCharacter("91230184MA1BUFLT4").Should().Be('4');

        var act = () => UnifiedSocialCreditCode.ComputeCheckCharacter("9111000060003IOZS");
        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void The_alphabet_has_31_characters_without_I_O_S_V_Z()
    {
        UnifiedSocialCreditCode.Alphabet.Should().HaveLength(31);
        UnifiedSocialCreditCode.Alphabet.Should().NotContainAny("I", "O", "S", "V", "Z");
    }
}
