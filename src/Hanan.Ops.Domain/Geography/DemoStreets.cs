namespace Hanan.Ops.Domain.Geography;

/// <summary>
/// A street-level unit of Pingfang with the parameters the demo generator uses for it.
/// </summary>
/// <param name="Code">Statistics-bureau 9-digit code.</param>
/// <param name="Name">Official name.</param>
/// <param name="RuralAnchors">For the rural units, where their seed points sit in the outline's unit frame
/// (mean outline radius 1, +u east, +v north), around the urban core; empty for the urban streets, which
/// cluster north-west of the centre.</param>
/// <param name="MinCommunities">Fewest communities (villages) to generate.</param>
/// <param name="MaxCommunities">Most communities (villages) to generate.</param>
/// <param name="CommunitySuffix">社区 for communities, 村 for villages.</param>
internal sealed record DemoStreet(
    string Code,
    string Name,
    IReadOnlyList<(double U, double V)> RuralAnchors,
    int MinCommunities,
    int MaxCommunities,
    string CommunitySuffix)
{
    public bool IsRural => RuralAnchors.Count > 0;
}

internal static class DemoStreets
{
    /// <summary>The 11 street-level units of Pingfang (codes as of 2022-10-31), in code order.</summary>
    public static IReadOnlyList<DemoStreet> All { get; } =
    [
        Urban("230108001", "兴建街道"),
        Urban("230108002", "保国街道"),
        Urban("230108003", "联盟街道"),
        Urban("230108004", "友协街道"),
        Urban("230108005", "新疆街道"),
        Urban("230108006", "新伟街道"),
        Urban("230108007", "平新街道"),
        Urban("230108008", "建安街道"),
        Urban("230108009", "平盛街道"),
        new("230108101", "平房镇", [(0.55, 0.30), (0.45, -0.35), (0.0, -0.70)], 8, 10, "村"),
        new("230108579", "平房农垦", [(-0.90, 0.05), (-0.55, -0.55)], 4, 5, "社区"),
    ];

    private static DemoStreet Urban(string code, string name) => new(code, name, [], 6, 7, "社区");
}
