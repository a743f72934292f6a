using Hanan.Ops.Domain.Appeals;
using static Hanan.Ops.Domain.Tests.Appeals.Statistics.HandBuiltCases;
using static Hanan.Ops.Domain.Tests.Calendar.Shanghai;

namespace Hanan.Ops.Domain.Tests.Appeals.Statistics;

public sealed class CaseFiguresTests
{
    private static IReadOnlyList<GroupFigures> Figures(FigureGrouping grouping, IEnumerable<CaseFacts>? cases = null, IEnumerable<string>? groups = null) =>
        CaseFigures.Compute(cases ?? All, March1To20, grouping, AsOf, groups);

    /// <summary>Response, resolution, satisfaction and on-time rates.</summary>
    private static (double? Response, double? Resolution, double? Satisfaction, double? OnTime) Rates(GroupFigures f) =>
        (f.ResponseRate, f.ResolutionRate, f.SatisfactionRate, f.OnTimeRate);

    [Fact]
    public void By_street_every_figure_of_the_hand_built_cases()
    {
        var figures = Figures(FigureGrouping.Street);

        figures.Select(f => f.Code).Should().Equal(Baoguo, Lianmeng);

        // Baoguo: C1, C2, C3, C9, C10 (C7 merged, C11 before the period).
        // Resolved C1, C2, C3, C9 = 4 of 5; on time C1, C2 = 2 of 4 (C3 and C9 late).
        // Rated C1 (5), C2 (2), C9 (4) = 3, satisfied C1, C9 = 2. Overdue open: none (C10 due March 25). Reopened: C2.
        // Lead assignments: C1 ✓, C2 ✗ (late), C3 ✓, C9 urban management ✓ (claimed, then returned), C9 heating ✓,
        // C10 still within its claim due (awaiting): 4 of 5 decided. Returns: C9's urban management.
        // Hours: 24, 48, 144, 132 → sorted 24, 48, 132, 144; mean 348 / 4 = 87; p90 rank ⌈0.9·4⌉ = 4 → 144.
        var baoguo = figures[0];
        baoguo.Should().Be(new GroupFigures(
            Baoguo, Cases: 5, Resolved: 4, ResolvedOnTime: 2, Rated: 3, Satisfied: 2, ClosedNotRated: 0, OverdueOpen: 0,
            Reopened: 1, Assignments: 5, ClaimedOnTime: 4, AwaitingClaim: 1, Returns: 1, MeanHandlingHours: 87,
            P90HandlingHours: 144));
        Rates(baoguo).Should().Be((4.0 / 5, 4.0 / 5, 2.0 / 3, 2.0 / 4));

        // Lianmeng: C4, C5, C6, C8 (C12 after the period).
        // Resolved C5, C6 = 2 of 4, both on time. Rated C5 (3, satisfied) = 1; C6 closed not rated.
        // Overdue open: C4 (due March 8), C8 (due March 10). Lead assignments: C4 ✓, C5 ✓, C6 ✓, C8 ✗ (returned
        // unclaimed) = 3 of 4. Returns: C8. Hours 12, 24 → mean 18; p90 rank ⌈0.9·2⌉ = 2 → 24.
        var lianmeng = figures[1];
        lianmeng.Should().Be(new GroupFigures(
            Lianmeng, Cases: 4, Resolved: 2, ResolvedOnTime: 2, Rated: 1, Satisfied: 1, ClosedNotRated: 1, OverdueOpen: 2,
            Reopened: 0, Assignments: 4, ClaimedOnTime: 3, AwaitingClaim: 0, Returns: 1, MeanHandlingHours: 18,
            P90HandlingHours: 24));
        Rates(lianmeng).Should().Be((3.0 / 4, 2.0 / 4, 1.0, 1.0));
    }

    [Fact]
    public void By_bureau_every_figure_of_the_hand_built_cases()
    {
        var figures = Figures(FigureGrouping.Bureau);

        figures.Select(f => f.Code).Should().Equal(Heating, Transport, UrbanManagement);

        // Heating leads C5, C6, C9, all resolved; on time C5, C6 (C9 12 h late) = 2 of 3. Rated C5 (3), C9 (4), both
        // satisfied; C6 not rated. Assignments C5 ✓, C6 ✓, C9 ✓. Hours 12, 24, 132 → mean 168 / 3 = 56;
        // p90 rank ⌈0.9·3⌉ = 3 → 132.
        figures[0].Should().Be(new GroupFigures(
            Heating, Cases: 3, Resolved: 3, ResolvedOnTime: 2, Rated: 2, Satisfied: 2, ClosedNotRated: 1, OverdueOpen: 0,
            Reopened: 0, Assignments: 3, ClaimedOnTime: 3, AwaitingClaim: 0, Returns: 0, MeanHandlingHours: 56,
            P90HandlingHours: 132));
        Rates(figures[0]).Should().Be((1.0, 1.0, 1.0, 2.0 / 3));

        // Transport leads C3 (resolved late, not rated yet) and C4 (overdue). Assignments C3 ✓, C4 ✓.
        // Nothing rated: no satisfaction rate. Hours: 144 alone.
        figures[1].Should().Be(new GroupFigures(
            Transport, Cases: 2, Resolved: 1, ResolvedOnTime: 0, Rated: 0, Satisfied: 0, ClosedNotRated: 0, OverdueOpen: 1,
            Reopened: 0, Assignments: 2, ClaimedOnTime: 2, AwaitingClaim: 0, Returns: 0, MeanHandlingHours: 144,
            P90HandlingHours: 144));
        Rates(figures[1]).Should().Be((1.0, 0.5, null, 0.0));

        // Urban management currently leads C1, C2, C10 (C8 and C9 it returned; C7 merged). Resolved C1, C2, both on
        // time; rated C1 (5) and C2 (2): 1 of 2 satisfied. Reopened: C2.
        // Every assignment of the bureau: C1 lead ✓, C2 lead ✗, C3 co ✗ (12:00 > 11:00), C4 co ✗ (never claimed, due
        // passed), C8 lead ✗ (returned unclaimed), C9 lead ✓ (claimed 09:30, then returned), C10 awaiting:
        // 2 of 6 decided. Returns: C8, C9. Hours 24, 48 → mean 36; p90 rank ⌈0.9·2⌉ = 2 → 48.
        figures[2].Should().Be(new GroupFigures(
            UrbanManagement, Cases: 3, Resolved: 2, ResolvedOnTime: 2, Rated: 2, Satisfied: 1, ClosedNotRated: 0,
            OverdueOpen: 0, Reopened: 1, Assignments: 6, ClaimedOnTime: 2, AwaitingClaim: 1, Returns: 2,
            MeanHandlingHours: 36, P90HandlingHours: 48));
        Rates(figures[2]).Should().Be((2.0 / 6, 2.0 / 3, 0.5, 1.0));
    }

    [Fact]
    public void By_grid_and_by_category_the_hand_built_cases_fall_where_their_codes_say()
    {
        // Grid A: C1, C2, C9, C10. Grid B: C3 (C7 merged). Grid C: C4, C5, C6, C8.
        var grids = Figures(FigureGrouping.Grid);
        grids.Select(f => (f.Code, f.Cases, f.Resolved, f.Rated, f.Satisfied, f.Assignments, f.ClaimedOnTime, f.Returns))
            .Should().Equal(
                (GridA, 4, 3, 3, 2, 4, 3, 1),
                (GridB, 1, 1, 0, 0, 1, 1, 0),
                (GridC, 4, 2, 1, 1, 4, 3, 1));

        // Heating: C5, C6, C9. Road damage: C3, C4. Sanitation: C1, C2, C8, C10.
        // Overdue open: C4 (road damage) and C8 (sanitation); C10 is not due yet.
        // Heating lead assignments: C5 ✓, C6 ✓, C9 urban management ✓, C9 heating ✓. Road damage: C3 ✓, C4 ✓ (the
        // co-handlers do not count). Sanitation: C1 ✓, C2 ✗, C8 ✗, C10 awaiting. Sanitation hours 24, 48: mean 36.
        var categories = Figures(FigureGrouping.Category);
        categories.Select(f => (f.Code, f.Cases, f.Resolved, f.OverdueOpen, f.Assignments, f.ClaimedOnTime, f.MeanHandlingHours))
            .Should().Equal(
                ("heating", 3, 3, 0, 4, 4, 56.0),
                ("road-damage", 2, 1, 1, 2, 2, 144.0),
                ("sanitation", 4, 2, 1, 3, 1, 36.0));
    }

    [Fact]
    public void For_the_district_one_group_holds_every_case_of_the_period()
    {
        var figures = Figures(FigureGrouping.District);

        // Baoguo and Lianmeng together (see By_street_…): 9 cases, 6 resolved (4 on time), 4 rated (3 satisfied),
        // 1 closed not rated, 2 overdue open, 1 reopened; lead assignments 9, 7 claimed on time, 1 awaiting; 2 returns.
        // Hours 12, 24, 24, 48, 132, 144: mean 384 / 6 = 64; p90 rank ⌈0.9·6⌉ = 6 → 144.
        figures.Should().Equal(new GroupFigures(
            District.Code, Cases: 9, Resolved: 6, ResolvedOnTime: 4, Rated: 4, Satisfied: 3, ClosedNotRated: 1, OverdueOpen: 2,
            Reopened: 1, Assignments: 9, ClaimedOnTime: 7, AwaitingClaim: 1, Returns: 2, MeanHandlingHours: 64,
            P90HandlingHours: 144));
        Rates(figures[0]).Should().Be((7.0 / 9, 6.0 / 9, 3.0 / 4, 4.0 / 6));
    }

    [Fact]
    public void Merged_cases_count_nowhere()
    {
        var merged = All.Single(c => c.CaseId == Id(7));
        var without = All.Where(c => c.Status != CaseStatus.Merged).ToList();

        foreach (var grouping in Enum.GetValues<FigureGrouping>())
        {
            Figures(grouping).Should().Equal(Figures(grouping, without), $"grouping {grouping}");
        }

        // Alone, a merged case gives no group at all, though it has a rating, an assignment and a return.
        Figures(FigureGrouping.Bureau, [merged]).Should().BeEmpty();
        Figures(FigureGrouping.Street, [merged]).Should().BeEmpty();
    }

    [Fact]
    public void With_nothing_to_divide_every_rate_is_null_and_nothing_is_reported_as_complete()
    {
        // One fresh case: nothing resolved, nothing rated, its claim still pending.
        var fresh = Case(20, "noise", Baoguo, GridA, At(2026, 3, 20, 11, 30), CaseStatus.Dispatched, null, null,
            Lead("ecology", At(2026, 3, 20, 13, 30), null, AssignmentStatus.Open));

        var figures = Figures(FigureGrouping.Bureau, [fresh], groups: ["education"]);

        var education = figures.Single(f => f.Code == "education");
        education.Should().Be(new GroupFigures("education", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, null, null));
        Rates(education).Should().Be((null, null, null, null));

        var ecology = figures.Single(f => f.Code == "ecology");
        ecology.Cases.Should().Be(1);
        ecology.AwaitingClaim.Should().Be(1);
        Rates(ecology).Should().Be((null, 0.0, null, null));
        ecology.MeanHandlingHours.Should().BeNull();
        ecology.P90HandlingHours.Should().BeNull();
    }

    [Fact]
    public void Not_rated_is_neither_satisfied_nor_in_the_denominator()
    {
        var rated = Case(21, "noise", Baoguo, GridA, At(2026, 3, 2, 9, 0), CaseStatus.Closed, At(2026, 3, 2, 10, 0), 2);
        var notRated = Case(22, "noise", Baoguo, GridA, At(2026, 3, 2, 9, 0), CaseStatus.Closed, At(2026, 3, 2, 10, 0), null)
            with { ClosedNotRated = true };

        var onlyNotRated = Figures(FigureGrouping.Street, [notRated]).Single();
        onlyNotRated.Rated.Should().Be(0);
        onlyNotRated.ClosedNotRated.Should().Be(1);
        onlyNotRated.SatisfactionRate.Should().BeNull();

        // One 不满意 and one not rated: 0 of 1, not 1 of 2 or 0 of 2 in some other sense.
        var both = Figures(FigureGrouping.Street, [rated, notRated]).Single();
        both.Rated.Should().Be(1);
        both.SatisfactionRate.Should().Be(0.0);
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, false)]
    [InlineData(3, true)]
    [InlineData(4, true)]
    [InlineData(5, true)]
    public void Ratings_of_3_to_5_are_satisfied(int rating, bool satisfied)
    {
        var c = Case(23, "noise", Baoguo, GridA, At(2026, 3, 2, 9, 0), CaseStatus.Closed, At(2026, 3, 2, 10, 0), rating);

        Figures(FigureGrouping.Street, [c]).Single().SatisfactionRate.Should().Be(satisfied ? 1.0 : 0.0);
    }

    [Fact]
    public void Resolution_needs_a_resolved_or_closed_status_and_a_resolution_time()
    {
        var filed = At(2026, 3, 2, 9, 0);
        CaseFacts[] cases =
        [
            // Closed without a resolution (no resolution time): not resolved, not open.
            Case(30, "noise", Baoguo, GridA, filed, CaseStatus.Closed, null, null),

            // Reopened and back in progress, still carrying the old resolution time: not resolved, open and overdue.
            Case(31, "noise", Baoguo, GridA, filed, CaseStatus.InProgress, At(2026, 3, 3, 9, 0), null) with { Reopenings = 1 },

            // Under supervision review after reopenings: open and overdue.
            Case(32, "noise", Baoguo, GridA, filed, CaseStatus.UnderReview, null, null) with { Reopenings = 3 },

            // Resolved exactly at its due: resolved and on time.
            Case(33, "noise", Baoguo, GridA, filed, CaseStatus.Resolved, filed.AddDays(5), null),
        ];

        var figures = Figures(FigureGrouping.Street, cases).Single();

        figures.Cases.Should().Be(4);
        figures.Resolved.Should().Be(1);
        figures.ResolvedOnTime.Should().Be(1);
        figures.OverdueOpen.Should().Be(2);
        figures.Reopened.Should().Be(2);
        figures.MeanHandlingHours.Should().Be(120);
    }

    [Fact]
    public void A_claim_at_its_due_is_in_time_a_tick_later_is_not_and_an_unclaimed_one_counts_once_its_due_passes()
    {
        var filed = At(2026, 3, 20, 9, 0);
        var due = At(2026, 3, 20, 11, 0);
        CaseFacts[] cases =
        [
            Case(40, "noise", Baoguo, GridA, filed, CaseStatus.InProgress, null, null, Lead("ecology", due, due, AssignmentStatus.Claimed)),
            Case(41, "noise", Baoguo, GridA, filed, CaseStatus.InProgress, null, null,
                Lead("ecology", due, due.AddTicks(1), AssignmentStatus.Claimed)),
            Case(42, "noise", Baoguo, GridA, filed, CaseStatus.Dispatched, null, null, Lead("ecology", due, null, AssignmentStatus.Open)),
        ];

        // March 20 12:00: the unclaimed one is past due.
        var figures = Figures(FigureGrouping.Bureau, cases).Single();
        figures.Assignments.Should().Be(3);
        figures.ClaimedOnTime.Should().Be(1);
        figures.AwaitingClaim.Should().Be(0);

        // At the due instant itself the unclaimed one may still be claimed in time.
        var atDue = CaseFigures.Compute(cases, March1To20, FigureGrouping.Bureau, due).Single();
        atDue.Assignments.Should().Be(2);
        atDue.AwaitingClaim.Should().Be(1);
    }

    [Fact]
    public void An_open_case_whose_claim_limit_passed_unclaimed_counts_as_overdue_until_claimed()
    {
        var filed = At(2026, 3, 20, 9, 0);
        var due = At(2026, 3, 20, 11, 0);
        CaseFacts[] cases =
        [
            Case(60, "noise", Baoguo, GridA, filed, CaseStatus.Dispatched, null, null, Lead("ecology", due, null, AssignmentStatus.Open)),
            Case(61, "noise", Baoguo, GridA, filed, CaseStatus.InProgress, null, null,
                Lead("ecology", due, due.AddHours(1), AssignmentStatus.Claimed)),
        ];

        CaseFigures.Compute(cases, March1To20, FigureGrouping.Street, due).Single().OverdueOpen.Should().Be(0);
        var figures = CaseFigures.Compute(cases, March1To20, FigureGrouping.Street, due.AddTicks(1)).Single();
        figures.OverdueOpen.Should().Be(1, "only the case still waiting in the queue; the late claim ended its 超期");
        CaseFigures.Compute(cases, March1To20, FigureGrouping.Bureau, due.AddTicks(1)).Single().OverdueOpen.Should().Be(1);
    }

    [Fact]
    public void Known_groups_with_nothing_in_the_period_are_reported()
    {
        var streets = Figures(FigureGrouping.Street, groups: [Baoguo, "230108009"]);

        streets.Select(f => f.Code).Should().Equal(Baoguo, Lianmeng, "230108009");
        streets[2].Cases.Should().Be(0);
    }

    [Fact]
    public void Inconsistent_facts_in_the_period_are_refused_with_the_case_id()
    {
        var filed = At(2026, 3, 2, 9, 0);
        var good = Case(50, "noise", Baoguo, GridA, filed, CaseStatus.Closed, filed.AddHours(1), 4);
        CaseFacts[] bad =
        [
            good with { Rating = 6 },
            good with { Rating = 0 },
            good with { ClosedNotRated = true },
            good with { ResolvedAt = filed.AddTicks(-1) },
            good with { Reopenings = -1 },
            good with { StreetCode = "" },
            good with
            {
                Assignments =
                [
                    Lead("ecology", filed, filed, AssignmentStatus.Claimed),
                    Lead("housing", filed, filed, AssignmentStatus.Claimed),
                ],
            },
            good with { Assignments = [Lead("ecology", filed, null, AssignmentStatus.Returned, returned: false)] },
        ];

        good.Check().Should().BeNull();
        foreach (var c in bad)
        {
            c.Check().Should().NotBeNull();
            var act = () => CaseFigures.Compute([c], March1To20, FigureGrouping.Street, AsOf);
            act.Should().Throw<ArgumentException>().WithMessage($"*{c.CaseId}*");
        }

        // Outside the period a case is not looked at.
        CaseFigures.Compute([bad[0] with { FiledAt = At(2026, 4, 1, 9, 0) }], March1To20, FigureGrouping.Street, AsOf)
            .Should().BeEmpty();
    }

    [Fact]
    public void A_period_of_days_runs_from_midnight_of_the_first_to_midnight_after_the_last_in_Beijing_time()
    {
        March1To20.From.Should().Be(At(2026, 3, 1, 0, 0));
        March1To20.To.Should().Be(At(2026, 3, 21, 0, 0));
        March1To20.Contains(At(2026, 3, 1, 0, 0)).Should().BeTrue();
        March1To20.Contains(At(2026, 3, 20, 23, 59, 59)).Should().BeTrue();
        March1To20.Contains(At(2026, 3, 21, 0, 0)).Should().BeFalse();
        March1To20.Contains(At(2026, 2, 28, 23, 59, 59)).Should().BeFalse();

        var backwards = () => new FilingPeriod(At(2026, 3, 2, 0, 0), At(2026, 3, 2, 0, 0));
        backwards.Should().Throw<ArgumentException>();
    }
}
