using Hanan.Ops.Domain.Roster;
using Hanan.Ops.Domain.Tests.Geography;

namespace Hanan.Ops.Domain.Tests.Roster;

[Collection(DemoDistrictCollection.Name)]
public sealed class DemoRosterTests(DemoDistrictFixture fixture)
{
    [Fact]
    public void Every_grid_of_the_demo_district_has_an_active_worker()
    {
        var workers = DemoRoster.Generate(fixture.Map);
        var roster = new GridRoster(workers.Select(w => w.Entry()));

        roster.Uncovered(fixture.Map.Grids.Select(g => g.Code)).Should().BeEmpty();
        workers.SelectMany(w => w.Grids).Should().OnlyHaveUniqueItems().And.HaveCount(fixture.Map.Grids.Count);
    }

    [Fact]
    public void Urban_workers_serve_one_grid_and_some_rural_workers_two_of_one_community()
    {
        var workers = DemoRoster.Generate(fixture.Map);

        foreach (var worker in workers)
        {
            var grids = worker.Grids.Select(g => fixture.Map.FindGrid(g)!).ToList();
            grids.Select(g => g.CommunityCode).Distinct().Should().ContainSingle();
            if (!DemoRoster.IsRural(grids[0].StreetCode))
            {
                worker.Grids.Should().ContainSingle();
            }
        }

        workers.Should().Contain(w => w.Grids.Count == 2, "the rural units pair small grids");
        workers.Select(w => w.Id).Should().OnlyHaveUniqueItems().And.OnlyContain(id => GridRosterRules.IsWorkerId(id));
    }

    [Fact]
    public void The_demo_roster_is_the_same_every_time()
    {
        var first = DemoRoster.Generate(fixture.Map);
        var second = DemoRoster.Generate(fixture.Map);

        second.Select(w => (w.Id, w.Name, w.Phone.Value, string.Join(',', w.Grids)))
            .Should().Equal(first.Select(w => (w.Id, w.Name, w.Phone.Value, string.Join(',', w.Grids))));
    }
}
