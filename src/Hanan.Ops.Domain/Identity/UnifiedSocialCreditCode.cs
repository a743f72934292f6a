using System.Diagnostics.CodeAnalysis;

namespace Hanan.Ops.Domain.Identity;

/// <summary>
/// A unified social credit code of a legal person or other organisation (统一社会信用代码, GB 32100-2015).
/// </summary>
/// <remarks>
/// <para>Layout: position 1 registering authority (登记管理部门代码), 2 organisation type (机构类别代码), 3–8 GB/T 2260
/// area code, 9–17 organisation code (主体标识码), 18 check character.</para>
/// <para>Characters are the 31 of <see cref="Alphabet"/> (digits and capitals without I, O, S, V, Z), worth 0–30 in
/// that order. The check value is (31 − Σ valueᵢ × 3ⁱ⁻¹ mod 31) mod 31 over positions 1–17, written as a character.
/// Lower-case letters are read as capitals. Input is not trimmed. The codes of organisations are public, so messages
/// may quote the character at fault.</para>
/// </remarks>
public sealed record UnifiedSocialCreditCode
{
    public const int Length = 18;

    /// <summary>The code's characters, in value order.</summary>
    public const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    private static readonly byte[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    // Value of each ASCII character in the code, or -1; lower-case letters have the value of their capital.
    private static readonly sbyte[] Values = BuildValues();

    private UnifiedSocialCreditCode(string value) => Value = value;

    /// <summary>The code, in capitals.</summary>
    public string Value { get; }

    public char RegisteringAuthority => Value[0];

    public char OrganisationType => Value[1];

    /// <summary>The GB/T 2260 area code (positions 3–8).</summary>
    public string AreaCode => Value.Substring(2, 6);

    /// <summary>The organisation code (positions 9–17).</summary>
    public string OrganisationCode => Value.Substring(8, 9);

    public char CheckCharacter => Value[Length - 1];

    /// <summary>Parses a unified social credit code; on failure, <paramref name="error"/> says what is wrong.</summary>
    public static bool TryParse(
        [NotNullWhen(true)] string? text,
        [NotNullWhen(true)] out UnifiedSocialCreditCode? code,
        [NotNullWhen(false)] out string? error)
    {
        code = null;
        error = Check(text);
        if (error is not null)
        {
            return false;
        }

        var value = text!;
        code = new UnifiedSocialCreditCode(value.AsSpan().ContainsAnyInRange('a', 'z') ? value.ToUpperInvariant() : value);
        return true;
    }

    /// <exception cref="FormatException">The code is not valid; the message says why.</exception>
    public static UnifiedSocialCreditCode Parse(string text) =>
        TryParse(text, out var code, out var error) ? code : throw new FormatException(error);

    /// <summary>The check character for the first 17 characters of a code.</summary>
    /// <exception cref="ArgumentException">Not exactly 17 characters of the code's alphabet.</exception>
    public static char ComputeCheckCharacter(ReadOnlySpan<char> first17)
    {
        if (first17.Length != Length - 1 || IndexOfInvalid(first17) >= 0)
        {
            throw new ArgumentException("The check character is computed from exactly 17 characters of the code's alphabet.", nameof(first17));
        }

        return CheckCharacterFor(first17);
    }

    public override string ToString() => Value;

    private static string? Check(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "The unified social credit code is empty.";
        }

        if (text.Length != Length)
        {
            return $"A unified social credit code has 18 characters; this one has {text.Length}.";
        }

        var invalid = IndexOfInvalid(text);
        if (invalid >= 0)
        {
            return $"Character {invalid + 1} of the unified social credit code, '{text[invalid]}', is not allowed; the code uses digits and the capital letters A to Y except I, O, S, V and Z.";
        }

        if (text.AsSpan(2, 6).ContainsAnyExceptInRange('0', '9'))
        {
            return "Characters 3 to 8 of the unified social credit code are an area code and must be digits.";
        }

        if (CheckCharacterFor(text.AsSpan(0, Length - 1)) != Alphabet[Values[text[Length - 1]]])
        {
            return "The check character of the unified social credit code (the 18th) does not match the first 17 characters; the code has a typing error.";
        }

        return null;
    }

    private static int IndexOfInvalid(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c >= Values.Length || Values[c] < 0)
            {
                return i;
            }
        }

        return -1;
    }

    private static char CheckCharacterFor(ReadOnlySpan<char> first17)
    {
        var sum = 0;
        for (var i = 0; i < Weights.Length; i++)
        {
            sum += Values[first17[i]] * Weights[i];
        }

        return Alphabet[(31 - (sum % 31)) % 31];
    }

    private static sbyte[] BuildValues()
    {
        var values = new sbyte[128];
        Array.Fill(values, (sbyte)-1);
        for (var i = 0; i < Alphabet.Length; i++)
        {
            values[Alphabet[i]] = (sbyte)i;
            if (char.IsAsciiLetterUpper(Alphabet[i]))
            {
                values[char.ToLowerInvariant(Alphabet[i])] = (sbyte)i;
            }
        }

        return values;
    }
}
