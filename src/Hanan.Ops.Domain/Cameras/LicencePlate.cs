using System.Text;

namespace Hanan.Ops.Domain.Cameras;

/// <summary>Ordinary plates have 7 characters, new-energy plates 8 (GA 36).</summary>
public enum PlateKind
{
    Ordinary,
    NewEnergy,
}

/// <summary>
/// A motor-vehicle plate number (号牌号码) after GA 36: province abbreviation + issuing-authority letter + serial.
/// Stored without the separator dot (黑A12345); <see cref="Display"/> puts it back (黑A·12345).
/// </summary>
public sealed record LicencePlate
{
    /// <summary>The 31 provincial abbreviations, plus 使 (embassy) and 领 (consulate).</summary>
    public const string Provinces = "京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川贵云藏陕甘青宁新使领";

    /// <summary>Letters used on plates: A–Z without I and O (they read as 1 and 0).</summary>
    public const string Letters = "ABCDEFGHJKLMNPQRSTUVWXYZ";

    /// <summary>Last characters that mark special ordinary plates: trailer, learner, police, Hong Kong, Macao.</summary>
    public const string SpecialSuffixes = "挂学警港澳";

    /// <summary>The energy-type letters of new-energy plates (D electric, F hybrid, and the others of GA 36).</summary>
    public const string EnergyLetters = "DABCEFGHJK";

    private const string Separators = "·•・.-_ \t";

    private LicencePlate(string value, PlateKind kind)
    {
        Value = value;
        Kind = kind;
    }

    /// <summary>Normalised: no separator, upper-case ASCII (黑A12345).</summary>
    public string Value { get; }

    public PlateKind Kind { get; }

    public string Province => Value[..1];

    /// <summary>With the separator dot after the issuing-authority letter (黑A·12345).</summary>
    public string Display => string.Concat(Value.AsSpan(0, 2), "·", Value.AsSpan(2));

    /// <summary>For screens outside the police role: the serial masked except its last two characters (黑A·***45).</summary>
    public string Masked => string.Concat(Value.AsSpan(0, 2), "·", new string('*', Value.Length - 4), Value.AsSpan(Value.Length - 2));

    /// <summary>
    /// Folds what cameras and people write into the stored form: full-width characters to half-width (NFKC),
    /// lower-case letters to upper case, separators (· • ・ . - _ and spaces) removed.
    /// </summary>
    public static string Normalise(string text)
    {
        var folded = text.Normalize(NormalizationForm.FormKC);
        var builder = new StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            if (Separators.Contains(c, StringComparison.Ordinal) || char.IsWhiteSpace(c))
            {
                continue;
            }

            builder.Append(char.IsAsciiLetterLower(c) ? char.ToUpperInvariant(c) : c);
        }

        return builder.ToString();
    }

    public static bool TryParse(string? text, out LicencePlate? plate, out string? error)
    {
        plate = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "A plate number is required.";
            return false;
        }

        var value = Normalise(text);
        error = Check(value, out var kind);
        if (error is not null)
        {
            return false;
        }

        plate = new LicencePlate(value, kind);
        return true;
    }

    /// <exception cref="FormatException">The text is not a GA 36 plate.</exception>
    public static LicencePlate Parse(string text) =>
        TryParse(text, out var plate, out var error) ? plate! : throw new FormatException(error);

    public override string ToString() => Value;

    private static string? Check(string value, out PlateKind kind)
    {
        kind = PlateKind.Ordinary;
        if (value.Length is not (7 or 8))
        {
            return $"A plate has 7 characters (8 for new energy) after removing separators; '{Shorten(value)}' has {value.Length}.";
        }

        if (!Provinces.Contains(value[0], StringComparison.Ordinal))
        {
            return $"'{value[0]}' is not a provincial abbreviation (京津冀晋蒙辽吉黑…).";
        }

        if (!Letters.Contains(value[1], StringComparison.Ordinal))
        {
            return $"The second character must be a letter A–Z other than I and O, not '{value[1]}'.";
        }

        var serial = value.AsSpan(2);
        if (value.Length == 7)
        {
            for (var i = 0; i < 5; i++)
            {
                var c = serial[i];
                var ok = IsSerialChar(c) || (i == 4 && SpecialSuffixes.Contains(c, StringComparison.Ordinal));
                if (!ok)
                {
                    return $"Character {i + 3} ('{c}') must be a digit or a letter other than I and O{(i == 4 ? ", or one of 挂学警港澳" : "")}.";
                }
            }

            return null;
        }

        kind = PlateKind.NewEnergy;
        var large = AllDigits(serial[..5]) && EnergyLetters.Contains(serial[5], StringComparison.Ordinal);
        var small = EnergyLetters.Contains(serial[0], StringComparison.Ordinal) && IsSerialChar(serial[1]) && AllDigits(serial[2..]);
        return large || small
            ? null
            : "A new-energy serial is 5 digits and an energy letter (large vehicles), or an energy letter (D A B C E F G H J K), a letter or digit and 4 digits (small vehicles).";
    }

    private static bool IsSerialChar(char c) => char.IsAsciiDigit(c) || Letters.Contains(c, StringComparison.Ordinal);

    private static bool AllDigits(ReadOnlySpan<char> span)
    {
        foreach (var c in span)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static string Shorten(string text) => text.Length <= 16 ? text : text[..16] + "…";
}
