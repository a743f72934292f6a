using System.Diagnostics.CodeAnalysis;

namespace Hanan.Ops.Domain.Identity;

/// <summary>A mainland China mobile phone number (手机号码): 11 digits starting with 1.</summary>
/// <remarks>
/// Personal information: <see cref="ToString"/> returns the <see cref="Masked"/> form (<c>138****1234</c>) and error
/// messages never repeat the number. Only the bare 11 digits are accepted; a caller that allows <c>+86</c>, spaces or
/// hyphens removes them first.
/// </remarks>
public sealed record MobilePhoneNumber
{
    public const int Length = 11;

    private MobilePhoneNumber(string value) => Value = value;

    /// <summary>The full 11 digits.</summary>
    public string Value { get; }

    /// <summary>The first 3 and last 4 digits with the 4 between masked, e.g. <c>138****1234</c>.</summary>
    public string Masked => Masking.KeepEnds(Value, 3, 4);

    /// <summary>Parses a mobile number; on failure, <paramref name="error"/> says what is wrong.</summary>
    public static bool TryParse(
        [NotNullWhen(true)] string? text,
        [NotNullWhen(true)] out MobilePhoneNumber? number,
        [NotNullWhen(false)] out string? error)
    {
        number = null;
        error = Check(text);
        if (error is not null)
        {
            return false;
        }

        number = new MobilePhoneNumber(text!);
        return true;
    }

    /// <exception cref="FormatException">The number is not valid; the message says why.</exception>
    public static MobilePhoneNumber Parse(string text) =>
        TryParse(text, out var number, out var error) ? number : throw new FormatException(error);

    /// <summary>The <see cref="Masked"/> form; never the full number.</summary>
    public override string ToString() => Masked;

    private static string? Check(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "The mobile phone number is empty.";
        }

        var nonDigit = text.AsSpan().IndexOfAnyExceptInRange('0', '9');
        if (nonDigit >= 0)
        {
            return $"Character {nonDigit + 1} of the mobile phone number is not a digit; a mobile number is 11 digits with no spaces or signs.";
        }

        if (text.Length != Length)
        {
            return $"A mobile phone number has 11 digits; this one has {text.Length}.";
        }

        if (text[0] != '1')
        {
            return "A mobile phone number starts with 1.";
        }

        return null;
    }
}
