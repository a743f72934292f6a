using System.Diagnostics.CodeAnalysis;

namespace Hanan.Ops.Domain.Identity;

/// <summary>
/// A citizen ID number (公民身份号码, GB 11643-1999): 6-digit address code, 8-digit birth date, 3-digit sequence
/// number and an ISO 7064 MOD 11-2 check character.
/// </summary>
/// <remarks>
/// <para>Sensitive personal information (PIPL Art. 28). <see cref="ToString"/> returns the <see cref="Masked"/> form so
/// that the full number does not leak into logs by accident; use <see cref="Value"/> only where the full number is
/// needed. Error messages never repeat the number or any part of it.</para>
/// <para>Checks: 18 characters; digits in positions 1–17; a digit or X last (x is read as X); a real birth date not
/// after the given day; the check character. The address code is not checked against the current GB/T 2260 list:
/// a number keeps the code it was issued with, so a retired code is valid. Input is not trimmed.</para>
/// </remarks>
public sealed record CitizenIdNumber
{
    public const int Length = 18;

    private static readonly byte[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckCharacters = "10X98765432";

    private CitizenIdNumber(string value, DateOnly birthDate)
    {
        Value = value;
        BirthDate = birthDate;
    }

    /// <summary>The full 18-character number, with an upper-case X.</summary>
    public string Value { get; }

    /// <summary>The GB/T 2260 address code it was issued with (positions 1–6), e.g. 230108 for Pingfang.</summary>
    public string AddressCode => Value[..6];

    public DateOnly BirthDate { get; }

    /// <summary>The sequence number (顺序码, positions 15–17), 0–999.</summary>
    public int SequenceNumber => ((Value[14] - '0') * 100) + ((Value[15] - '0') * 10) + (Value[16] - '0');

    public Sex Sex => SequenceNumber % 2 == 1 ? Sex.Male : Sex.Female;

    /// <summary>The check character (position 18): 0–9 or X.</summary>
    public char CheckCharacter => Value[Length - 1];

    /// <summary>
    /// The first 4 and last 4 characters with the 10 between masked, e.g. <c>2301**********123X</c>: province and city
    /// stay visible for routing, the birth date is hidden, and the last four are enough for a citizen to recognise
    /// their own number.
    /// </summary>
    public string Masked => Masking.KeepEnds(Value, 4, 4);

    /// <summary>Parses a citizen ID number.</summary>
    /// <param name="text">The number as entered.</param>
    /// <param name="today">The current date in the district; a birth date after it is an error.</param>
    /// <param name="id">The number, when valid.</param>
    /// <param name="error">A sentence saying what is wrong, when not valid.</param>
    public static bool TryParse(
        [NotNullWhen(true)] string? text,
        DateOnly today,
        [NotNullWhen(true)] out CitizenIdNumber? id,
        [NotNullWhen(false)] out string? error)
    {
        id = null;
        error = Check(text, today, out var birthDate);
        if (error is not null)
        {
            return false;
        }

        var value = text![^1] == 'x'
            ? string.Create(Length, text, static (span, source) =>
            {
                source.AsSpan(0, Length - 1).CopyTo(span);
                span[^1] = 'X';
            })
            : text;
        id = new CitizenIdNumber(value, birthDate);
        return true;
    }

    /// <summary>Parses a citizen ID number.</summary>
    /// <exception cref="FormatException">The number is not valid; the message says why.</exception>
    public static CitizenIdNumber Parse(string text, DateOnly today) =>
        TryParse(text, today, out var id, out var error) ? id : throw new FormatException(error);

    /// <summary>The check character (0–9 or X) for the first 17 digits of a number.</summary>
    /// <exception cref="ArgumentException">Not exactly 17 digits.</exception>
    public static char ComputeCheckCharacter(ReadOnlySpan<char> first17Digits)
    {
        if (first17Digits.Length != Length - 1 || first17Digits.ContainsAnyExceptInRange('0', '9'))
        {
            throw new ArgumentException("The check character is computed from exactly 17 digits.", nameof(first17Digits));
        }

        return CheckCharacterFor(first17Digits);
    }

    /// <summary>The <see cref="Masked"/> form; never the full number.</summary>
    public override string ToString() => Masked;

    private static string? Check(string? text, DateOnly today, out DateOnly birthDate)
    {
        birthDate = default;
        if (string.IsNullOrEmpty(text))
        {
            return "The citizen ID number is empty.";
        }

        if (text.Length != Length)
        {
            return $"A citizen ID number has 18 characters; this one has {text.Length}.";
        }

        var nonDigit = text.AsSpan(0, Length - 1).IndexOfAnyExceptInRange('0', '9');
        if (nonDigit >= 0)
        {
            return $"Character {nonDigit + 1} of the citizen ID number is not a digit; the first 17 characters must be digits.";
        }

        var last = text[Length - 1];
        if (last is not ((>= '0' and <= '9') or 'X' or 'x'))
        {
            return "The last character of the citizen ID number must be a digit or X.";
        }

        if (!TryReadBirthDate(text.AsSpan(6, 8), out birthDate))
        {
            return "The birth date in the citizen ID number (characters 7 to 14) is not a real date.";
        }

        if (birthDate > today)
        {
            return "The birth date in the citizen ID number (characters 7 to 14) is in the future.";
        }

        if (CheckCharacterFor(text.AsSpan(0, Length - 1)) != char.ToUpperInvariant(last))
        {
            return "The check character of the citizen ID number (the 18th) does not match the first 17 digits; the number has a typing error.";
        }

        return null;
    }

    private static bool TryReadBirthDate(ReadOnlySpan<char> yyyymmdd, out DateOnly date)
    {
        var year = ((yyyymmdd[0] - '0') * 1000) + ((yyyymmdd[1] - '0') * 100) + ((yyyymmdd[2] - '0') * 10) + (yyyymmdd[3] - '0');
        var month = ((yyyymmdd[4] - '0') * 10) + (yyyymmdd[5] - '0');
        var day = ((yyyymmdd[6] - '0') * 10) + (yyyymmdd[7] - '0');
        if (year >= 1 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month))
        {
            date = new DateOnly(year, month, day);
            return true;
        }

        date = default;
        return false;
    }

    private static char CheckCharacterFor(ReadOnlySpan<char> digits)
    {
        var sum = 0;
        for (var i = 0; i < Weights.Length; i++)
        {
            sum += (digits[i] - '0') * Weights[i];
        }

        return CheckCharacters[sum % 11];
    }
}
