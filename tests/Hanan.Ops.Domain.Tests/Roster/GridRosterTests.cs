using Hanan.Ops.Domain.Roster;

namespace Hanan.Ops.Domain.Tests.Roster;

public sealed class GridRosterTests
{
    private const string A = "230108001001001";
    private const string B = "230108001001002";
    private const string C = "230108001001003";
    private static readonly HashSet<string> District = [A, B, C];

    private static bool OfDistrict(string code) => District.Contains(code);

    private static GridRoster Roster(params RosterEntry[] workers) => new(workers);

    [Fact]
    public void Grids_without_an_active_worker_are_reported_as_uncovered()
    {
        var roster = Roster(new RosterEntry("w1", [A], true), new RosterEntry("w2", [B], false));

        roster.Uncovered(District).Should().Equal(B, C);
        roster.Assignment().Should().ContainKey(A).And.NotContainKey(B);
        roster.ActiveWorkersOf(A).Should().Equal("w1");
    }

    [Fact]
    public void A_worker_may_serve_several_grids_and_a_grid_several_workers()
    {
        var roster = Roster(new RosterEntry("w1", [A, B], true), new RosterEntry("w2", [B, C], true));

        roster.Uncovered(District).Should().BeEmpty();
        roster.ActiveWorkersOf(B).Should().Equal("w1", "w2");
    }

    [Fact]
    public void Reassignment_that_leaves_a_covered_grid_without_an_active_worker_is_refused()
    {
        var roster = Roster(new RosterEntry("w1", [A], true), new RosterEntry("w2", [B, C], true));

        var change = roster.Assign(new RosterEntry("w2", [B], true), OfDistrict);

        change.Accepted.Should().BeFalse();
        change.WouldUncover.Should().Equal(C);
        change.Refusal.Should().Contain(C);
    }

    [Fact]
    public void Reassignment_is_accepted_once_the_successor_is_assigned_first()
    {
        var roster = Roster(new RosterEntry("w1", [A], true), new RosterEntry("w2", [B, C], true));

        var successor = roster.Assign(new RosterEntry("w3", [C], true), OfDistrict);
        successor.Accepted.Should().BeTrue();
        var handedOver = successor.Roster!.Assign(new RosterEntry("w2", [B], true), OfDistrict);

        handedOver.Accepted.Should().BeTrue();
        handedOver.Roster!.ActiveWorkersOf(C).Should().Equal("w3");
        handedOver.Roster.Uncovered(District).Should().BeEmpty();
    }

    [Fact]
    public void Deactivating_the_only_worker_of_a_grid_is_refused_but_a_grid_never_covered_does_not_block_changes()
    {
        var roster = Roster(new RosterEntry("w1", [A], true));

        roster.Assign(new RosterEntry("w1", [A], false), OfDistrict).WouldUncover.Should().Equal(A);
        roster.Assign(new RosterEntry("w9", [B], true), OfDistrict).Accepted.Should().BeTrue("C stays uncovered, but it was uncovered before");
    }

    [Theory]
    [InlineData(new string[0], true, "1 to 8")]
    [InlineData(new[] { "230108999999999" }, true, "Not grids of the district: 230108999999999")]
    [InlineData(new[] { A, A }, true, "twice")]
    [InlineData(new[] { A, B, C, A, B, C, A, B, C }, true, "at most 8")]
    public void An_active_worker_serves_one_to_eight_distinct_grids_of_the_district(string[] grids, bool active, string message)
    {
        var change = Roster().Assign(new RosterEntry("w1", grids, active), OfDistrict);

        change.Accepted.Should().BeFalse();
        change.Refusal.Should().Contain(message);
    }

    [Fact]
    public void An_inactive_worker_may_keep_no_grids()
    {
        var change = Roster().Assign(new RosterEntry("w1", [], false), OfDistrict);

        change.Accepted.Should().BeTrue();
        change.Roster!.Find("w1")!.Active.Should().BeFalse();
    }

    [Theory]
    [InlineData("wg230108001001001", true)]
    [InlineData("worker-1.b_2", true)]
    [InlineData("", false)]
    [InlineData("网格员", false)]
    [InlineData("a b", false)]
    public void Worker_ids_are_the_ids_people_sign_in_with(string id, bool valid) =>
        GridRosterRules.IsWorkerId(id).Should().Be(valid);

    [Fact]
    public void A_worker_cannot_be_on_the_roster_twice() =>
        FluentActions.Invoking(() => Roster(new RosterEntry("w1", [A], true), new RosterEntry("w1", [B], true)))
            .Should().Throw<ArgumentException>();
}
