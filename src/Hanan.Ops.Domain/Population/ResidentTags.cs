namespace Hanan.Ops.Domain.Population;

/// <summary>
/// Restricted tags of a resident (重点人群标签). Only authorised roles may see or search them. Care tags (关爱对象) and
/// the special groups of GB/T 31000 (特殊人群) are kept together as flags.
/// </summary>
[Flags]
public enum ResidentTags
{
    None = 0,

    /// <summary>独居老人: 60 or older and living alone.</summary>
    ElderlyLivingAlone = 1 << 0,

    /// <summary>残疾人.</summary>
    Disability = 1 << 1,

    /// <summary>低保对象: receives the minimum living allowance.</summary>
    LowIncome = 1 << 2,

    /// <summary>刑满释放人员 (GB/T 31000 special group).</summary>
    ReleasedPrisoner = 1 << 3,

    /// <summary>社区矫正人员 (GB/T 31000 special group).</summary>
    CommunityCorrection = 1 << 4,

    /// <summary>严重精神障碍患者 (GB/T 31000 special group).</summary>
    SevereMentalDisorder = 1 << 5,

    /// <summary>吸毒人员 (GB/T 31000 special group).</summary>
    DrugUser = 1 << 6,

    /// <summary>艾滋病危险人员 (GB/T 31000 special group).</summary>
    HivAtRisk = 1 << 7,

    /// <summary>重点青少年, aged 6 to 25 (GB/T 31000 special group).</summary>
    KeyYouth = 1 << 8,
}

/// <summary>Names of the tags in the API and the age rules some of them carry.</summary>
public static class ResidentTagRules
{
    /// <summary>The six special groups of GB/T 31000 (特殊人群).</summary>
    public const ResidentTags SpecialGroups = ResidentTags.ReleasedPrisoner | ResidentTags.CommunityCorrection
        | ResidentTags.SevereMentalDisorder | ResidentTags.DrugUser | ResidentTags.HivAtRisk | ResidentTags.KeyYouth;

    /// <summary>Every defined tag.</summary>
    public const ResidentTags All = SpecialGroups | ResidentTags.ElderlyLivingAlone | ResidentTags.Disability | ResidentTags.LowIncome;

    /// <summary>The age from which a resident counts as elderly (老年人).</summary>
    public const int ElderlyFromAge = 60;

    private static readonly (ResidentTags Tag, string Name)[] Names =
    [
        (ResidentTags.ElderlyLivingAlone, "elderly-living-alone"),
        (ResidentTags.Disability, "disability"),
        (ResidentTags.LowIncome, "low-income"),
        (ResidentTags.ReleasedPrisoner, "released-prisoner"),
        (ResidentTags.CommunityCorrection, "community-correction"),
        (ResidentTags.SevereMentalDisorder, "severe-mental-disorder"),
        (ResidentTags.DrugUser, "drug-user"),
        (ResidentTags.HivAtRisk, "hiv-at-risk"),
        (ResidentTags.KeyYouth, "key-youth"),
    ];

    /// <summary>The API names of every tag, in a fixed order.</summary>
    public static IReadOnlyList<string> AllNames { get; } = [.. Names.Select(n => n.Name)];

    /// <summary>The API name of each tag that is set, in a fixed order.</summary>
    public static IReadOnlyList<string> ToNames(ResidentTags tags) =>
        [.. Names.Where(n => (tags & n.Tag) != 0).Select(n => n.Name)];

    /// <summary>Reads one tag by its API name (case-insensitive).</summary>
    public static bool TryParse(string? name, out ResidentTags tag)
    {
        foreach (var (t, n) in Names)
        {
            if (string.Equals(n, name, StringComparison.OrdinalIgnoreCase))
            {
                tag = t;
                return true;
            }
        }

        tag = ResidentTags.None;
        return false;
    }

    /// <summary>Reads a list of tag names; on failure, <paramref name="error"/> names the unknown one.</summary>
    public static bool TryParseAll(IEnumerable<string>? names, out ResidentTags tags, out string? error)
    {
        tags = ResidentTags.None;
        foreach (var name in names ?? [])
        {
            if (!TryParse(name, out var tag))
            {
                error = $"'{name}' is not a resident tag; the tags are {string.Join(", ", AllNames)}.";
                return false;
            }

            tags |= tag;
        }

        error = null;
        return true;
    }

    /// <summary>Checks the tags against the age they require; null when they fit.</summary>
    public static string? CheckAge(ResidentTags tags, int age)
    {
        if ((tags & ResidentTags.ElderlyLivingAlone) != 0 && age < ElderlyFromAge)
        {
            return $"Only a resident aged {ElderlyFromAge} or older can be tagged as elderly living alone.";
        }

        if ((tags & ResidentTags.KeyYouth) != 0 && age is < 6 or > 25)
        {
            return "Only a resident aged 6 to 25 can be tagged as key youth.";
        }

        return (tags & ~All) != 0 ? "The tags include an undefined value." : null;
    }
}
