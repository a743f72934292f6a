using System.Globalization;
using Hanan.Ops.Domain.Geography;
using Xunit.Abstractions;

namespace Hanan.Ops.Domain.Tests.Geography;

[Collection(DemoDistrictCollection.Name)]
public sealed class DemoDistrictTests(DemoDistrictFixture fixture, ITestOutputHelper output)
{
    private static readonly (string Code, string Name)[] RealStreets =
    [
        ("230108001", "兴建街道"), ("230108002", "保国街道"), ("230108003", "联盟街道"), ("230108004", "友协街道"),
        ("230108005", "新疆街道"), ("230108006", "新伟街道"), ("230108007", "平新街道"), ("230108008", "建安街道"),
        ("230108009", "平盛街道"), ("230108101", "平房镇"), ("230108579", "平房农垦"),
    ];

    private static readonly string[] RuralStreetCodes = ["230108101", "230108579"];

    private DistrictMap Map => fixture.Map;

    [Fact]
    public void The_same_seed_gives_the_same_map_coordinate_for_coordinate()
    {
        var again = DemoDistrict.Generate(DemoDistrict.DefaultSeed);
        output.WriteLine($"First generation (with JIT): {fixture.GenerationTime.TotalMilliseconds:F0} ms");

        again.Boundary.EqualsExact(Map.Boundary).Should().BeTrue();
        AssertSameUnits(again.Streets, Map.Streets);
        AssertSameUnits(again.Communities, Map.Communities);
        AssertSameUnits(again.Grids, Map.Grids);
        again.Grids.Select(g => (g.CommunityCode, g.StreetCode))
            .Should().Equal(Map.Grids.Select(g => (g.CommunityCode, g.StreetCode)));
    }

    [Fact]
    public void A_different_seed_gives_a_different_map()
    {
        var other = DemoDistrict.Generate(1);

        other.Boundary.EqualsExact(Map.Boundary).Should().BeFalse();
        other.Grids.Select(g => g.Boundary.Centroid.Coordinate)
            .Should().NotEqual(Map.Grids.Select(g => g.Boundary.Centroid.Coordinate));
    }

    [Fact]
    public void Streets_are_the_eleven_real_units_with_their_codes_and_names()
    {
        Map.Streets.Select(s => (s.Code, s.Name)).Should().Equal(RealStreets);
    }

    [Theory]
    [InlineData(DemoDistrict.DefaultSeed)]
    [InlineData(1)]
    [InlineData(42)]
    [InlineData(2024)]
    public void Any_seed_gives_eleven_streets_about_seventy_communities_and_about_450_grids(int seed)
    {
        var map = seed == DemoDistrict.DefaultSeed ? Map : DemoDistrict.Generate(seed);

        map.Streets.Should().HaveCount(11);
        map.Communities.Should().HaveCountGreaterThanOrEqualTo(60).And.HaveCountLessThanOrEqualTo(80);
        map.Grids.Should().HaveCountGreaterThanOrEqualTo(400).And.HaveCountLessThanOrEqualTo(500);
        map.Streets.Should().OnlyContain(s => map.CommunitiesOf(s.Code).Count > 0);
        map.Communities.Should().OnlyContain(c => map.GridsOf(c.Code).Count > 0);
    }

    [Fact]
    public void The_district_covers_about_95_square_kilometres_around_45_6_N_126_63_E()
    {
        Map.AreaSquareMeters.Should().BeInRange(0.8 * 95e6, 1.2 * 95e6);

        var centre = Map.Boundary.EnvelopeInternal.Centre;
        centre.Y.Should().BeApproximately(45.60, 0.05);
        centre.X.Should().BeApproximately(126.63, 0.05);
        Map.Boundary.SRID.Should().Be(4326);
    }

    [Fact]
    public void Street_areas_add_up_to_the_district_area()
    {
        Map.Streets.Sum(s => s.AreaSquareMeters).Should().BeApproximately(Map.AreaSquareMeters, 1e-6 * Map.AreaSquareMeters);
    }

    [Fact]
    public void Urban_streets_are_smaller_and_denser_than_the_rural_town_and_farm()
    {
        var urban = Map.Streets.Where(s => !RuralStreetCodes.Contains(s.Code)).ToList();
        var rural = Map.Streets.Where(s => RuralStreetCodes.Contains(s.Code)).ToList();

        urban.Max(s => s.AreaSquareMeters).Should().BeLessThan(rural.Min(s => s.AreaSquareMeters));

        double MeanGridArea(IEnumerable<Street> streets) =>
            streets.SelectMany(s => Map.Grids.Where(g => g.StreetCode == s.Code)).Average(g => g.AreaSquareMeters);
        MeanGridArea(urban).Should().BeLessThan(MeanGridArea(rural) / 3);
    }

    [Fact]
    public void Codes_nest_are_unique_and_number_children_from_001_without_gaps()
    {
        Map.Communities.Should().OnlyContain(c => c.Code.Length == 12 && c.Code.StartsWith(c.StreetCode, StringComparison.Ordinal));
        Map.Grids.Should().OnlyContain(g =>
            g.Code.Length == 15 && g.Code.StartsWith(g.CommunityCode, StringComparison.Ordinal) &&
            g.CommunityCode.StartsWith(g.StreetCode, StringComparison.Ordinal));
        Map.Streets.Concat<IDistrictUnit>(Map.Communities).Concat(Map.Grids)
            .Should().OnlyContain(u => u.Code.All(char.IsAsciiDigit));
        Map.Communities.Select(c => c.Code).Should().OnlyHaveUniqueItems();
        Map.Grids.Select(g => g.Code).Should().OnlyHaveUniqueItems();

        foreach (var street in Map.Streets)
        {
            Map.CommunitiesOf(street.Code).Select(c => c.Code[9..])
                .Should().Equal(Serials(Map.CommunitiesOf(street.Code).Count), $"communities of {street.Code}");
        }

        foreach (var community in Map.Communities)
        {
            Map.GridsOf(community.Code).Select(g => g.Code[12..])
                .Should().Equal(Serials(Map.GridsOf(community.Code).Count), $"grids of {community.Code}");
        }
    }

    [Fact]
    public void Communities_have_unique_chinese_names_and_grids_are_named_after_their_community()
    {
        Map.Communities.Select(c => c.Name).Should().OnlyHaveUniqueItems();
        Map.Communities.Where(c => c.StreetCode == "230108101").Should().OnlyContain(c => c.Name.EndsWith('村'));
        Map.Communities.Where(c => c.StreetCode != "230108101").Should().OnlyContain(c => c.Name.EndsWith("社区", StringComparison.Ordinal));
        Map.Communities.Should().OnlyContain(c => c.Name.Length >= 3 && c.Name.All(ch => ch >= '\u4e00' && ch <= '\u9fff'));

        foreach (var grid in Map.Grids)
        {
            var community = Map.FindCommunity(grid.CommunityCode)!;
            var serial = int.Parse(grid.Code[12..], CultureInfo.InvariantCulture);
            grid.Name.Should().Be($"{community.Name}第{serial}网格");
        }
    }

    [Fact]
    public void The_known_real_community_keeps_its_real_code_and_name()
    {
        Map.FindCommunity("230108002003")!.Name.Should().Be("东升社区");
        Map.Communities.Where(c => c.Name == "东升社区").Should().ContainSingle();
    }

    [Fact]
    public void Lookups_by_code_find_each_unit_and_return_null_for_unknown_codes()
    {
        Map.Streets.Should().OnlyContain(s => ReferenceEquals(Map.FindStreet(s.Code), s));
        Map.Communities.Should().OnlyContain(c => ReferenceEquals(Map.FindCommunity(c.Code), c));
        Map.Grids.Should().OnlyContain(g => ReferenceEquals(Map.FindGrid(g.Code), g));

        Map.FindStreet("230108010").Should().BeNull();
        Map.FindCommunity("230108001999").Should().BeNull();
        Map.FindGrid("230108001001999").Should().BeNull();
        Map.CommunitiesOf("230108010").Should().BeEmpty();
        Map.GridsOf("230108001999").Should().BeEmpty();
        Map.Grids.Should().Equal(Map.Communities.SelectMany(c => Map.GridsOf(c.Code)));
    }

    private static IEnumerable<string> Serials(int count) =>
        Enumerable.Range(1, count).Select(i => i.ToString("D3", CultureInfo.InvariantCulture));

    private static void AssertSameUnits(IEnumerable<IDistrictUnit> actual, IEnumerable<IDistrictUnit> expected)
    {
        actual.Select(u => (u.Code, u.Name)).Should().Equal(expected.Select(u => (u.Code, u.Name)));
        actual.Zip(expected).Should().OnlyContain(pair => pair.First.Boundary.EqualsExact(pair.Second.Boundary));
    }
}
