using System.Globalization;

namespace Hanan.Ops.Domain.Appeals;

/// <summary>
/// The human-readable case number (案件编号), unique per district and year: <c>HN-2026-000123</c>.
/// Numbers are allocated in increasing order; a crash may leave gaps, never duplicates.
/// </summary>
public readonly record struct CaseNumber(int Year, long Sequence)
{
    public const string Prefix = "HN";

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Prefix}-{Year:D4}-{Sequence:D6}");

    public static bool TryParse(string? text, out CaseNumber number)
    {
        number = default;
        if (text is null || text.Length < 14 || !text.StartsWith(Prefix + "-", StringComparison.Ordinal) || text[7] != '-')
        {
            return false;
        }

        if (!int.TryParse(text.AsSpan(3, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || !long.TryParse(text.AsSpan(8), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            || sequence <= 0)
        {
            return false;
        }

        number = new CaseNumber(year, sequence);
        return true;
    }
}
