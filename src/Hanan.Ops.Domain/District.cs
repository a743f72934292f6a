namespace Hanan.Ops.Domain;

/// <summary>Pingfang District (平房区), Harbin: GB/T 2260 code 230108.</summary>
public static class District
{
    public const string Code = "230108";
    public const string Name = "平房区";
    public static readonly TimeZoneInfo TimeZone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
}
