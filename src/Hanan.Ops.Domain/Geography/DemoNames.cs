namespace Hanan.Ops.Domain.Geography;

/// <summary>Synthetic but plausible names for demo communities and villages, drawn without repetition.</summary>
internal sealed class DemoNames
{
    /// <summary>The one community name the project knows to be real; it keeps its real code.</summary>
    public const string KnownCommunityCode = "230108002003";

    public const string KnownCommunityName = "东升社区";

    private static readonly string[] CommunityStems =
    [
        "新华", "友谊", "幸福", "和平", "红旗", "胜利", "前进", "光明", "园林", "阳光",
        "长青", "兴业", "东方", "新城", "民生", "祥和", "康乐", "安泰", "丰源", "永兴",
        "瑞祥", "锦绣", "星光", "明珠", "春华", "秀水", "松江", "航天", "航空", "机电",
        "铁路", "景阳", "朝阳", "宏伟", "振兴", "育才", "文化", "曙光", "龙华", "嘉禾",
        "金地", "紫荆", "银杏", "丁香", "海棠", "翠湖", "福源", "泰和", "平安", "迎宾",
        "双龙", "兴盛", "富强", "鸿运", "华山", "天鹅", "北辰", "启明", "新安", "建设",
        "团结", "工农", "新风", "长安", "宁远", "安康", "和顺", "兴旺", "惠民", "青年",
        "红星", "望江", "枫林", "书香", "怡园", "润泽", "盛世", "同心", "春晖", "新兴",
    ];

    private static readonly string[] VillageStems =
    [
        "永胜", "太平", "联合", "民主", "东兴", "西泉", "南岗", "北岭", "兴隆", "富民",
        "万宝", "双合", "保安", "平乐", "庆丰",
    ];

    private readonly Queue<string> _communityStems;
    private readonly Queue<string> _villageStems;

    public DemoNames(SeededRandom random)
    {
        var communities = CommunityStems.ToList();
        var villages = VillageStems.ToList();
        random.Shuffle(communities);
        random.Shuffle(villages);
        _communityStems = new Queue<string>(communities);
        _villageStems = new Queue<string>(villages);
    }

    /// <summary>Name for a community (suffix 社区) or village (suffix 村) with the given code.</summary>
    public string Next(string code, string suffix)
    {
        if (code == KnownCommunityCode)
        {
            return KnownCommunityName;
        }

        var stems = suffix == "村" ? _villageStems : _communityStems;
        return stems.TryDequeue(out var stem)
            ? stem + suffix
            : throw new InvalidOperationException($"The demo name pool for '{suffix}' is exhausted.");
    }

    /// <summary>Grid name: community name + 第n网格.</summary>
    public static string GridName(string communityName, int serial) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{communityName}第{serial}网格");
}
