using Hanan.Ops.Domain.Population;

namespace Hanan.Ops.Domain.Tests.Geography.Consolidation;

/// <summary>The demo population's households are points on the ground: on the unified grid they are located, not re-planned.</summary>
[Collection(DemoConsolidationCollection.Name)]
public sealed class PopulationOnUnifiedGridTests(DemoConsolidationFixture demo)
{
    [Fact]
    public void Located_on_the_unified_grid_every_building_household_component_and_organisation_lies_in_its_grid()
    {
        var planned = DemoPopulation.Generate(demo.District);
        var unified = demo.Result.Map;

        var located = planned.LocatedOn(unified);

        located.Places.Should().HaveCount(planned.Places.Count);
        located.Places.Zip(planned.Places).Should().AllSatisfy(p =>
        {
            p.First.GridCode.Should().Be(unified.Locate(p.Second.Latitude, p.Second.Longitude)!.Code);
            p.First.Id.Should().StartWith(p.First.GridCode + "B");
            (p.First.Longitude, p.First.Latitude).Should().Be((p.Second.Longitude, p.Second.Latitude));
        });
        located.Places.Select(p => p.Id).Should().OnlyHaveUniqueItems();
        located.Places.Zip(planned.Places).Count(p => p.First.GridCode != p.Second.GridCode)
            .Should().BePositive("the unified grid is not the demo district's grid");
        located.Components.Should().AllSatisfy(c => c.GridCode.Should().Be(unified.Locate(c.Latitude, c.Longitude)!.Code));
        var places = located.Places.ToDictionary(p => p.Id);
        located.LegalPersons.Should().AllSatisfy(l =>
        {
            l.GridCode.Should().Be(unified.Locate(l.Latitude, l.Longitude)!.Code);
            if (l.PlaceId is not null)
            {
                places[l.PlaceId].GridCode.Should().Be(l.GridCode);
            }
        });
    }

    [Fact]
    public void Located_on_the_unified_grid_the_residents_are_the_same_people_in_the_same_homes()
    {
        var planned = DemoPopulation.Generate(demo.District);
        var located = planned.LocatedOn(demo.Result.Map);

        var before = planned.Households().Take(2_000).ToList();
        var after = located.Households().Take(2_000).ToList();

        after.Zip(before).Should().AllSatisfy(p =>
        {
            p.First.GridCode.Should().Be(demo.Result.Map.Locate(p.Second.Latitude, p.Second.Longitude)!.Code);
            (p.First.Dwelling.Unit, p.First.Dwelling.Room).Should().Be((p.Second.Dwelling.Unit, p.Second.Dwelling.Room));
            p.First.Members.Select(m => m.IdNumber).Should().Equal(p.Second.Members.Select(m => m.IdNumber));
            p.First.Members.Should().AllSatisfy(m => m.Home.Should().Be(p.First.Dwelling));
        });
        located.ResidentCount.Should().Be(planned.ResidentCount);
    }

    [Fact]
    public void On_its_own_map_the_population_is_unchanged()
    {
        var planned = DemoPopulation.Generate(demo.District);

        var located = planned.LocatedOn(demo.District);

        located.Places.Should().Equal(planned.Places);
        located.Components.Should().Equal(planned.Components);
        located.LegalPersons.Should().Equal(planned.LegalPersons);
        located.HouseholdPoints().Should().Equal(planned.HouseholdPoints());
    }
}
