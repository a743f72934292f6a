using System.Text.RegularExpressions;
using Hanan.Ops.Domain.Identity;

namespace Hanan.Ops.Domain.Privacy;

/// <summary>
/// Masks the personal numbers a resident may write into free text (a description, a note, an address) before it
/// leaves for an audience that may not see them: mainland mobile numbers (<c>138****5678</c>) and resident ID numbers
/// (<c>2301**********1234</c>). Digits that are part of a longer run of digits are left alone.
/// </summary>
public static partial class FreeTextMasking
{
    public static string Mask(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return PersonalNumber().Replace(text, m => m.Length == 11 ? Masking.KeepEnds(m.Value, 3, 4) : Masking.KeepEnds(m.Value, 4, 4));
    }

    /// <summary>An 18-character ID number (17 digits and a digit or X) or an 11-digit mobile number (1[3-9]…), not inside a longer number.</summary>
    [GeneratedRegex(@"(?<![0-9])(?:[0-9]{17}[0-9Xx]|1[3-9][0-9]{9})(?![0-9Xx])", RegexOptions.CultureInvariant)]
    private static partial Regex PersonalNumber();
}
