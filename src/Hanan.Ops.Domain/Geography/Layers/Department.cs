using System.Text.RegularExpressions;

namespace Hanan.Ops.Domain.Geography.Layers;

/// <summary>
/// A department that keeps its own grid layer (城管 urban management, 公安 police, 民政 civil affairs …).
/// The code is a short lowercase slug used on the command line and in storage.
/// </summary>
public sealed partial record Department(string Code, string Name)
{
    /// <summary>城管: urban management grids.</summary>
    public static readonly Department UrbanManagement = new("urban-management", "城管");

    /// <summary>公安: police grids (警格).</summary>
    public static readonly Department Police = new("police", "公安");

    /// <summary>民政: civil affairs grids.</summary>
    public static readonly Department CivilAffairs = new("civil-affairs", "民政");

    public static IReadOnlyList<Department> Known { get; } = [UrbanManagement, Police, CivilAffairs];

    /// <summary>A known department by code, or a new one when the code is a valid slug; null otherwise.</summary>
    public static Department? FromCode(string? code)
    {
        if (code is null || !Slug().IsMatch(code))
        {
            return null;
        }

        return Known.FirstOrDefault(d => d.Code == code) ?? new Department(code, code);
    }

    public override string ToString() => $"{Code} ({Name})";

    [GeneratedRegex("^[a-z][a-z0-9-]{0,39}$", RegexOptions.CultureInvariant)]
    private static partial Regex Slug();
}
