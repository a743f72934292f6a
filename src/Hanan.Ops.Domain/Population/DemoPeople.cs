using System.Globalization;
using Hanan.Ops.Domain.Geography;
using Hanan.Ops.Domain.Identity;

namespace Hanan.Ops.Domain.Population;

/// <summary>Draws the members of a demo household: names, ages, valid synthetic ID numbers, phones and tags.</summary>
internal static class People
{
    private const string Surnames = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文";
    private const string GivenMale = "伟强磊军洋勇杰涛明超刚华鹏辉国庆海波宇浩博文远阳晨志建德福宝山林峰斌亮东成";
    private const string GivenFemale = "芳娜敏静丽艳娟秀霞玉兰萍红桂英欣怡涵桐琪思雨诺懿梅珍凤婷雪琳丹慧颖佳月";

    /// <summary>A family name drawn from the common surnames.</summary>
    internal static char Surname(SeededRandom random) => Surnames[random.NextInt(0, Surnames.Length)];

    public static IReadOnlyList<Resident> Members(PlannedHousehold household, SeededRandom random, HashSet<long> usedIds)
    {
        var members = new Resident[household.Size];
        var headAge = household.Size == 1
            ? (random.NextDouble() < 0.45 ? random.NextInt(60, 91) : random.NextInt(20, 60))
            : random.NextInt(25, 81);
        var headSex = random.NextDouble() < 0.5 ? Sex.Male : Sex.Female;
        var surname = Surnames[random.NextInt(0, Surnames.Length)];
        var lowIncome = random.NextDouble() < 0.035;
        for (var i = 0; i < members.Length; i++)
        {
            int age;
            Sex sex;
            var familyName = surname;
            switch (i)
            {
                case 0:
                    (age, sex) = (headAge, headSex);
                    break;
                case 1:
                    (age, sex) = (Math.Clamp(headAge + random.NextInt(-5, 6), 18, 98), headSex == Sex.Male ? Sex.Female : Sex.Male);
                    familyName = Surnames[random.NextInt(0, Surnames.Length)];
                    break;
                default:
                    var childAge = headAge - random.NextInt(22, 37);
                    age = childAge >= 0 ? childAge : Math.Min(headAge + random.NextInt(24, 33), 98);
                    sex = random.NextDouble() < 0.5 ? Sex.Male : Sex.Female;
                    break;
            }

            var id = IdNumber(age, sex, random, usedIds);
            var tags = Tags(age, household.Size, lowIncome, random);
            var phone = age >= 14 ? Phone(random) : null;
            var name = familyName + GivenName(sex, random);
            if (!Resident.TryCreate(NewGuid(random), id, name, household.Dwelling, household.Registration, tags, phone,
                    DemoPopulation.ReferenceDate, out var resident, out var error))
            {
                throw new InvalidOperationException("The demo generator drew an invalid resident: " + error);
            }

            members[i] = resident;
        }

        return members;
    }

    internal static string GivenName(Sex sex, SeededRandom random)
    {
        var chars = sex == Sex.Male ? GivenMale : GivenFemale;
        var first = chars[random.NextInt(0, chars.Length)];
        return random.NextDouble() < 0.35 ? first.ToString() : string.Concat(first, chars[random.NextInt(0, chars.Length)]);
    }

    /// <summary>230108, a birth date giving that age on the reference day, a sequence number unique for the day with the sex's parity, the check character.</summary>
    private static CitizenIdNumber IdNumber(int age, Sex sex, SeededRandom random, HashSet<long> usedIds)
    {
        while (true)
        {
            var birth = DemoPopulation.ReferenceDate.AddYears(-age).AddDays(-random.NextInt(0, 365));
            var sequence = (random.NextInt(0, 500) * 2) + (sex == Sex.Male ? 1 : 0);
            if (!usedIds.Add(((long)birth.DayNumber * 1000) + sequence))
            {
                continue;
            }

            var first17 = string.Create(CultureInfo.InvariantCulture, $"{District.Code}{birth:yyyyMMdd}{sequence:D3}");
            return CitizenIdNumber.Parse(first17 + CitizenIdNumber.ComputeCheckCharacter(first17), DemoPopulation.ReferenceDate);
        }
    }

    private static ResidentTags Tags(int age, int householdSize, bool lowIncome, SeededRandom random)
    {
        var tags = lowIncome ? ResidentTags.LowIncome : ResidentTags.None;
        if (householdSize == 1 && age >= ResidentTagRules.ElderlyFromAge && random.NextDouble() < 0.7)
        {
            tags |= ResidentTags.ElderlyLivingAlone;
        }

        if (random.NextDouble() < 0.06)
        {
            tags |= ResidentTags.Disability;
        }

        if (age >= 18)
        {
            foreach (var group in (ReadOnlySpan<ResidentTags>)[ResidentTags.ReleasedPrisoner, ResidentTags.CommunityCorrection,
                         ResidentTags.SevereMentalDisorder, ResidentTags.DrugUser, ResidentTags.HivAtRisk])
            {
                if (random.NextDouble() < 0.0015)
                {
                    tags |= group;
                }
            }
        }

        if (age is >= 6 and <= 25 && random.NextDouble() < 0.005)
        {
            tags |= ResidentTags.KeyYouth;
        }

        return tags;
    }

    internal static MobilePhoneNumber Phone(SeededRandom random)
    {
        var second = "35789"[random.NextInt(0, 5)];
        var rest = random.NextInt(0, 1_000_000_000);
        return MobilePhoneNumber.Parse(string.Create(CultureInfo.InvariantCulture, $"1{second}{rest:D9}"));
    }

    private static Guid NewGuid(SeededRandom random)
    {
        Span<byte> bytes = stackalloc byte[16];
        BitConverter.TryWriteBytes(bytes, random.NextUInt64());
        BitConverter.TryWriteBytes(bytes[8..], random.NextUInt64());
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // version 4
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes);
    }
}

/// <summary>Draws demo organisations: a name and a credit code of the matching kind.</summary>
internal static class Organisations
{
    private const string Words = "华鑫瑞丰盛达恒通宏远金泰龙江北方冰城平安兴隆顺发博源天成嘉禾";
    private static readonly string[] Trades = ["机械制造", "商贸", "餐饮管理", "物流", "科技", "建材", "食品", "汽车配件", "物业管理", "劳务服务", "航空配件", "电子"];
    private static readonly string[] Shops = ["便利店", "小吃部", "理发店", "五金店", "修车铺", "超市", "药店", "水果店"];
    private static readonly string[] Associations = ["书法家协会", "老年体育协会", "志愿者协会", "摄影家协会", "个体劳动者协会"];
    private static readonly string[] NonProfits = ["幼儿园", "养老院", "培训学校", "社会工作服务中心"];

    /// <summary>The code's first two characters and a name.</summary>
    public static (string Prefix, string Name) Next(SeededRandom random, bool rural)
    {
        var word = string.Concat(Pick(Words, random), Pick(Words, random));
        var draw = random.NextDouble();
        return draw switch
        {
            < 0.58 => ("91", $"哈尔滨{word}{Trades[random.NextInt(0, Trades.Length)]}有限公司"),
            < 0.88 => ("92", $"平房区{word}{Shops[random.NextInt(0, Shops.Length)]}"),
            < 0.92 when rural => ("93", $"平房镇{word}种植专业合作社"),
            < 0.96 => ("51", $"平房区{Associations[random.NextInt(0, Associations.Length)]}"),
            _ => ("52", $"平房区{word}{NonProfits[random.NextInt(0, NonProfits.Length)]}"),
        };
    }

    public static UnifiedSocialCreditCode CreditCode(string prefix, SeededRandom random, HashSet<string> used)
    {
        Span<char> first17 = stackalloc char[17];
        while (true)
        {
            prefix.AsSpan().CopyTo(first17);
            District.Code.AsSpan().CopyTo(first17[2..]);
            for (var i = 8; i < 17; i++)
            {
                first17[i] = UnifiedSocialCreditCode.Alphabet[random.NextInt(0, UnifiedSocialCreditCode.Alphabet.Length)];
            }

            var text = new string(first17) + UnifiedSocialCreditCode.ComputeCheckCharacter(first17);
            if (used.Add(text))
            {
                return UnifiedSocialCreditCode.Parse(text);
            }
        }
    }

    private static char Pick(string chars, SeededRandom random) => chars[random.NextInt(0, chars.Length)];
}
