using Hanan.Ops.Domain.Geography;
using Hanan.Ops.Domain.Identity;
using Hanan.Ops.Domain.Population;
using Hanan.Ops.Domain.Tests.Geography;

namespace Hanan.Ops.Domain.Tests.Population;

/// <summary>The demo population of the default demo map, generated once for the class.</summary>
public sealed class DemoPopulationFixture
{
    public DemoPopulationFixture()
    {
        Map = new DemoDistrictFixture().Map;
        Population = DemoPopulation.Generate(Map);
        Households = [.. Population.Households()];
    }

    public DistrictMap Map { get; }

    public DemoPopulation Population { get; }

    public IReadOnlyList<DemoHousehold> Households { get; }
}

public sealed class DemoPopulationTests(DemoPopulationFixture fixture) : IClassFixture<DemoPopulationFixture>
{
    private IEnumerable<Resident> Residents => fixture.Households.SelectMany(h => h.Members);

    [Fact]
    public void The_district_has_about_75000_households_and_190000_residents()
    {
        fixture.Population.HouseholdCount.Should().BeInRange(72_000, 78_000);
        fixture.Population.ResidentCount.Should().BeInRange(180_000, 200_000);
        fixture.Households.Should().HaveCount(fixture.Population.HouseholdCount);
        Residents.Count().Should().Be(fixture.Population.ResidentCount);
        fixture.Population.LegalPersons.Count.Should().BeInRange(2_900, 3_100);
    }

    [Fact]
    public void No_grid_has_more_than_300_households_or_1000_people_and_every_grid_has_some()
    {
        var byGrid = fixture.Households.GroupBy(h => h.GridCode).ToList();

        byGrid.Select(g => g.Key).Should().BeEquivalentTo(fixture.Map.Grids.Select(g => g.Code));
        byGrid.Should().OnlyContain(g => g.Count() <= DemoPopulation.MaxHouseholdsPerGrid && g.Count() >= 20);
        byGrid.Should().OnlyContain(g => g.Sum(h => h.Members.Count) <= DemoPopulation.MaxPeoplePerGrid);
    }

    [Fact]
    public void Every_ID_number_is_valid_unique_from_230108_and_matches_sex_and_birth_date()
    {
        var numbers = Residents.Select(r => r.IdNumber).ToList();

        numbers.Select(n => n.Value).Should().OnlyHaveUniqueItems();
        numbers.Should().OnlyContain(n => n.AddressCode == "230108");
        numbers.Where(n => !CitizenIdNumber.TryParse(n.Value, DemoPopulation.ReferenceDate, out _, out _)).Should().BeEmpty();
        Residents.Select(r => r.Id).Should().OnlyHaveUniqueItems();
        Residents.Should().OnlyContain(r => r.AgeOn(DemoPopulation.ReferenceDate) >= 0 && r.AgeOn(DemoPopulation.ReferenceDate) <= 98);
        Residents.Count(r => r.Sex == Sex.Male).Should().BeInRange(85_000, 105_000);
    }

    [Fact]
    public void Every_credit_code_is_valid_and_unique_and_every_organisation_is_in_its_grid()
    {
        var legalPersons = fixture.Population.LegalPersons;

        legalPersons.Select(l => l.Code.Value).Should().OnlyHaveUniqueItems();
        legalPersons.Where(l => !UnifiedSocialCreditCode.TryParse(l.Code.Value, out _, out _)).Should().BeEmpty();
        legalPersons.Should().OnlyContain(l => l.Code.AreaCode == "230108");
        legalPersons.Should().OnlyContain(l => fixture.Map.Locate(l.Latitude, l.Longitude)!.Code == l.GridCode);
        legalPersons.Select(l => l.KindName).Distinct().Should().Contain(["企业", "个体工商户", "社会团体"]);
    }

    [Fact]
    public void Every_building_and_component_stands_in_its_grid_and_every_household_in_its_building()
    {
        var places = fixture.Population.Places.ToDictionary(p => p.Id);

        places.Values.Should().OnlyContain(p => fixture.Map.Locate(p.Latitude, p.Longitude)!.Code == p.GridCode && p.Id.StartsWith(p.GridCode, StringComparison.Ordinal));
        fixture.Population.Components.Should().OnlyContain(c => fixture.Map.Locate(c.Latitude, c.Longitude)!.Code == c.GridCode);
        fixture.Population.Components.Select(c => c.Id).Should().OnlyHaveUniqueItems();
        fixture.Households.Should().OnlyContain(h => places[h.Dwelling.BuildingId].Contains(h.Dwelling)
            && places[h.Dwelling.BuildingId].Longitude == h.Longitude && places[h.Dwelling.BuildingId].Latitude == h.Latitude);
        fixture.Households.Select(h => h.Id).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public void Households_have_registration_tags_and_a_mix_of_sizes()
    {
        fixture.Households.Count(h => h.Registration == Registration.Floating).Should().BeInRange(10_000, 20_000);
        fixture.Households.Should().OnlyContain(h => h.Members.All(m => m.Registration == h.Registration && m.Home == h.Dwelling));
        fixture.Households.Select(h => h.Members.Count).Distinct().Should().BeEquivalentTo([1, 2, 3, 4, 5]);
        Residents.Count(r => r.Tags.HasFlag(ResidentTags.ElderlyLivingAlone)).Should().BeGreaterThan(3_000);
        Residents.Count(r => (r.Tags & ResidentTagRules.SpecialGroups) != 0).Should().BeInRange(500, 3_000);
        Residents.Count(r => r.Tags.HasFlag(ResidentTags.LowIncome)).Should().BeInRange(3_000, 12_000);
    }

    [Fact]
    public void The_household_points_carry_each_household_and_its_head_count()
    {
        var points = fixture.Population.HouseholdPoints().ToList();

        points.Select(p => (p.Id, p.Longitude, p.Latitude, p.People))
            .Should().Equal(fixture.Households.Select(h => (h.Id, h.Longitude, h.Latitude, h.Members.Count)));
        points.Sum(p => p.People).Should().Be(fixture.Population.ResidentCount);
    }

    [Fact]
    public void The_same_seed_gives_the_same_population_and_another_seed_another()
    {
        var again = DemoPopulation.Generate(fixture.Map);
        var first = again.Households().Take(500).SelectMany(h => h.Members).Select(r => (r.Id, r.IdNumber.Value, r.Name, r.Home, r.Tags, r.Phone?.Value));
        var expected = fixture.Households.Take(500).SelectMany(h => h.Members).Select(r => (r.Id, r.IdNumber.Value, r.Name, r.Home, r.Tags, r.Phone?.Value));

        first.Should().Equal(expected);
        again.LegalPersons.Select(l => l.Code.Value).Should().Equal(fixture.Population.LegalPersons.Select(l => l.Code.Value));

        var other = DemoPopulation.Generate(fixture.Map, seed: 7);
        other.Households().First().Members[0].IdNumber.Should().NotBe(fixture.Households[0].Members[0].IdNumber);
    }

    [Fact]
    public void Households_are_generated_lazily()
    {
        // Streaming: taking the first household does not draw the other 75,000.
        fixture.Population.Households().Take(1).Should().ContainSingle();
    }
}
