using Hanan.Ops.Domain.Appeals;
using Hanan.Ops.Domain.Live;
using static Hanan.Ops.Domain.Tests.Calendar.Shanghai;

namespace Hanan.Ops.Domain.Tests.Live;

public sealed class DistrictPictureTests
{
    private const string G1 = "230108001001001";
    private const string G2 = "230108001001002";

    // Hand-computed cells (see HeatBinTests): A and B share a 1 km cell but not a 250 m one.
    private static readonly (double Lat, double Lon) A = (45.6, 126.6);
    private static readonly (double Lat, double Lon) B = (45.601, 126.601);
    private static readonly (double Lat, double Lon) C = (45.61, 126.62);
    private static readonly HeatBin FineA = new(BinLevel.Fine, 20281, 39397);
    private static readonly HeatBin FineB = new(BinLevel.Fine, 20282, 39397);
    private static readonly HeatBin FineC = new(BinLevel.Fine, 20286, 39403);
    private static readonly HeatBin CoarseAB = new(BinLevel.Coarse, 5070, 9849);
    private static readonly HeatBin CoarseC = new(BinLevel.Coarse, 5071, 9850);

    /// <summary>Thursday 26 November 2026, 15:00 in Harbin.</summary>
    private static readonly DateTimeOffset Now = At(2026, 11, 26, 15, 0);

    private static PictureCase Case(int n, CaseStatus status, string category, string grid, (double Lat, double Lon) at, DateTimeOffset filed,
        DateTimeOffset? resolved = null, bool hot = false, bool overdue = false, long version = 1) =>
        new(Id(n), version, status, category, grid, at.Lat, at.Lon, hot, overdue, filed, resolved);

    private static Guid Id(int n) => new(n, 0, 0, new byte[8]);

    /// <summary>
    /// C1 open and hot, filed 30 min ago; C2 claimed, 90 min ago; C3 claimed and overdue, 2 days ago; C4 resolved today,
    /// filed yesterday 20:00; C5 closed, filed 8 days ago and resolved 6 days ago (no figure needs it);
    /// C6 closed, filed 16 days ago but resolved today 09:00; C7 merged, filed 10 min ago; C8 open, filed 25 days ago.
    /// </summary>
    private static IEnumerable<PictureCase> Eight() =>
    [
        Case(1, CaseStatus.Dispatched, "noise", G1, A, Now.AddMinutes(-30), hot: true),
        Case(2, CaseStatus.InProgress, "noise", G1, A, Now.AddMinutes(-90)),
        Case(3, CaseStatus.InProgress, "road", G2, C, At(2026, 11, 24, 10, 0), overdue: true),
        Case(4, CaseStatus.Resolved, "road", G2, C, At(2026, 11, 25, 20, 0), resolved: At(2026, 11, 26, 11, 0)),
        Case(5, CaseStatus.Closed, "road", G2, C, At(2026, 11, 18, 9, 0), resolved: At(2026, 11, 20, 9, 0)),
        Case(6, CaseStatus.Closed, "noise", G1, A, At(2026, 11, 10, 9, 0), resolved: At(2026, 11, 26, 9, 0)),
        Case(7, CaseStatus.Merged, "noise", G1, B, Now.AddMinutes(-10)),
        Case(8, CaseStatus.Dispatched, "noise", G2, C, At(2026, 11, 1, 9, 0)),
    ];

    private static DistrictPicture Fed(IEnumerable<PictureCase> cases)
    {
        var picture = new DistrictPicture();
        foreach (var c in cases)
        {
            picture.Upsert(c).Should().BeTrue();
        }

        return picture;
    }

    [Fact]
    public void Figures_per_grid_and_district_wide()
    {
        var state = Fed(Eight()).Compute(Now);

        // Open C1 C2 C3 C8; overdue C3; hot C1; filed today C1 C2 C7; claimed C2 C3; resolved today C4 C6.
        state.District.Should().Be(new LiveCounts(Open: 4, Overdue: 1, Hot: 1, FiledToday: 3, Claimed: 2, ResolvedToday: 2));
        state.Grids.Should().BeEquivalentTo(new Dictionary<string, LiveCounts>
        {
            // C1, C2, C6, C7.
            [G1] = new(Open: 2, Overdue: 0, Hot: 1, FiledToday: 3, Claimed: 1, ResolvedToday: 1),
            // C3, C4, C8 (C5 counts nowhere).
            [G2] = new(Open: 2, Overdue: 1, Hot: 0, FiledToday: 0, Claimed: 1, ResolvedToday: 1),
        });
    }

    [Fact]
    public void Choropleth_counts_per_grid_category_and_window()
    {
        var state = Fed(Eight()).Compute(Now);

        state.GridHeat.Should().BeEquivalentTo(new Dictionary<GridHeatKey, int>
        {
            [new(G1, "noise", PictureWindow.OpenNow)] = 2, // C1 C2
            [new(G1, "noise", PictureWindow.LastHour)] = 2, // C1 (30 min) C7 (10 min)
            [new(G1, "noise", PictureWindow.Last24Hours)] = 3, // C1 C2 C7
            [new(G1, "noise", PictureWindow.Last7Days)] = 3, // C6 was filed 16 days ago
            [new(G2, "road", PictureWindow.OpenNow)] = 1, // C3
            [new(G2, "road", PictureWindow.Last24Hours)] = 1, // C4 (19 h); C3 is 53 h old
            [new(G2, "road", PictureWindow.Last7Days)] = 2, // C3 C4; C5 is 8 days old
            [new(G2, "noise", PictureWindow.OpenNow)] = 1, // C8, filed 25 days ago
        });
    }

    [Fact]
    public void Density_cells_at_both_levels()
    {
        var state = Fed(Eight()).Compute(Now);

        state.BinHeat.Should().BeEquivalentTo(new Dictionary<BinHeatKey, int>
        {
            [new(FineA, "noise", PictureWindow.OpenNow)] = 2, // C1 C2
            [new(FineA, "noise", PictureWindow.LastHour)] = 1, // C1
            [new(FineA, "noise", PictureWindow.Last24Hours)] = 2,
            [new(FineA, "noise", PictureWindow.Last7Days)] = 2,
            [new(FineB, "noise", PictureWindow.LastHour)] = 1, // C7
            [new(FineB, "noise", PictureWindow.Last24Hours)] = 1,
            [new(FineB, "noise", PictureWindow.Last7Days)] = 1,
            [new(FineC, "road", PictureWindow.OpenNow)] = 1, // C3
            [new(FineC, "road", PictureWindow.Last24Hours)] = 1, // C4
            [new(FineC, "road", PictureWindow.Last7Days)] = 2, // C3 C4
            [new(FineC, "noise", PictureWindow.OpenNow)] = 1, // C8
            [new(CoarseAB, "noise", PictureWindow.OpenNow)] = 2,
            [new(CoarseAB, "noise", PictureWindow.LastHour)] = 2,
            [new(CoarseAB, "noise", PictureWindow.Last24Hours)] = 3,
            [new(CoarseAB, "noise", PictureWindow.Last7Days)] = 3,
            [new(CoarseC, "road", PictureWindow.OpenNow)] = 1,
            [new(CoarseC, "road", PictureWindow.Last24Hours)] = 1,
            [new(CoarseC, "road", PictureWindow.Last7Days)] = 2,
            [new(CoarseC, "noise", PictureWindow.OpenNow)] = 1,
        });
    }

    [Fact]
    public void Hotspots_are_the_cells_growing_fastest_hour_on_hour()
    {
        // Cell A: C1 in the last hour, C2 in the hour before: no growth. Cell B: C7 in the last hour, none before.
        Fed(Eight()).Compute(Now).Hotspots.Should().Equal(new Hotspot(FineB, LastHour: 1, HourBefore: 0));

        // Seven cells 300 m apart along a parallel (each in its own 250 m column): cell i gets i appeals in the last
        // hour and 1 in the hour before, cell 0 none at all. Growth i − 1: cells 6, 5, 4, 3, 2 make the top 5; cell 1
        // does not grow.
        var picture = new DistrictPicture();
        var n = 100;
        for (var cell = 1; cell <= 6; cell++)
        {
            var at = (45.6, 126.6 + (cell * 0.0032134 * 1.2));
            picture.Upsert(Case(n++, CaseStatus.Dispatched, "noise", G1, at, Now.AddMinutes(-75)));
            for (var i = 0; i < cell; i++)
            {
                picture.Upsert(Case(n++, CaseStatus.Dispatched, "noise", G1, at, Now.AddMinutes(-5 - i)));
            }
        }

        var hotspots = picture.Compute(Now).Hotspots;

        hotspots.Select(h => (h.LastHour, h.HourBefore, h.Growth)).Should().Equal((6, 1, 5), (5, 1, 4), (4, 1, 3), (3, 1, 2), (2, 1, 1));
        hotspots.Select(h => h.Bin.Column).Should().BeInDescendingOrder().And.OnlyHaveUniqueItems();
    }

    [Fact]
    public void The_highest_version_of_a_case_wins_in_any_order()
    {
        var picture = new DistrictPicture();
        var filed = Now.AddMinutes(-20);
        picture.Upsert(Case(1, CaseStatus.InProgress, "noise", G1, A, filed, version: 3)).Should().BeTrue();

        picture.Upsert(Case(1, CaseStatus.Dispatched, "noise", G1, A, filed, version: 2)).Should().BeFalse("an older version arrived late");
        picture.Upsert(Case(1, CaseStatus.Dispatched, "noise", G1, A, filed, version: 3)).Should().BeFalse("the same version again");
        picture.Compute(Now).District.Should().Be(new LiveCounts(Open: 1, Overdue: 0, Hot: 0, FiledToday: 1, Claimed: 1, ResolvedToday: 0));

        picture.Upsert(Case(1, CaseStatus.Resolved, "noise", G1, A, filed, resolved: Now, version: 4)).Should().BeTrue();
        picture.Compute(Now).District.Should().Be(new LiveCounts(Open: 0, Overdue: 0, Hot: 0, FiledToday: 1, Claimed: 0, ResolvedToday: 1));
    }

    [Fact]
    public void Cases_no_window_needs_are_dropped_and_stay_dropped_for_late_versions()
    {
        var picture = Fed(Eight());

        picture.Compute(Now);

        picture.Count.Should().Be(7);
        picture.Contains(Id(5)).Should().BeFalse("closed, filed 8 days ago and resolved 6 days ago");
        picture.Contains(Id(6)).Should().BeTrue("filed 16 days ago but resolved today");
        picture.Contains(Id(8)).Should().BeTrue("filed 25 days ago but still open");
        picture.Upsert(Case(5, CaseStatus.InProgress, "road", G2, C, At(2026, 11, 18, 9, 0), version: 0))
            .Should().BeFalse("a late delivery of an older version must not bring a dropped case back as open");
        picture.Compute(Now).District.Open.Should().Be(4);

        // Tomorrow C6 was not resolved "today" any more and goes too.
        picture.Compute(At(2026, 11, 27, 0, 1));
        picture.Contains(Id(6)).Should().BeFalse();
    }

    [Fact]
    public void Today_is_the_Harbin_calendar_day_whatever_the_offset_of_now()
    {
        var picture = Fed([Case(1, CaseStatus.Dispatched, "noise", G1, A, At(2026, 11, 26, 23, 30))]);

        picture.Compute(At(2026, 11, 26, 23, 59)).District.FiledToday.Should().Be(1);
        picture.Compute(At(2026, 11, 27, 0, 1)).District.FiledToday.Should().Be(0);
        // 16:30 UTC on the 26th is 00:30 on the 27th in Harbin.
        picture.Compute(new DateTimeOffset(2026, 11, 26, 16, 30, 0, TimeSpan.Zero)).District.FiledToday.Should().Be(0);
        LiveCounts.DayStart(new DateTimeOffset(2026, 11, 26, 16, 30, 0, TimeSpan.Zero)).Should().Be(At(2026, 11, 27, 0, 0));
    }

    [Fact]
    public void A_change_lists_only_what_differs_with_absolute_values()
    {
        var picture = Fed(Eight());
        var before = picture.Compute(Now);

        picture.Compute(Now).Since(before).IsEmpty.Should().BeTrue("nothing happened");

        // A new road appeal at A, filed now, in G1.
        picture.Upsert(Case(9, CaseStatus.Dispatched, "road", G1, A, Now));
        var change = picture.Compute(Now).Since(before);

        change.District.Should().Be(new LiveCounts(Open: 5, Overdue: 1, Hot: 1, FiledToday: 4, Claimed: 2, ResolvedToday: 2));
        change.Grids.Should().BeEquivalentTo(new Dictionary<string, LiveCounts>
        {
            [G1] = new(Open: 3, Overdue: 0, Hot: 1, FiledToday: 4, Claimed: 1, ResolvedToday: 1),
        });
        change.GridHeat.Should().BeEquivalentTo(
            Enum.GetValues<PictureWindow>().Select(w => new KeyValuePair<GridHeatKey, int>(new(G1, "road", w), 1)));
        change.BinHeat.Should().BeEquivalentTo(
            Enum.GetValues<PictureWindow>().SelectMany(w => new[]
            {
                new KeyValuePair<BinHeatKey, int>(new(FineA, "road", w), 1),
                new KeyValuePair<BinHeatKey, int>(new(CoarseAB, "road", w), 1),
            }));
        // Cell A now has 2 in the last hour against 1 before: growth 1, like B, but more appeals, so first.
        change.Hotspots.Should().Equal(new Hotspot(FineA, 2, 1), new Hotspot(FineB, 1, 0));
    }

    [Fact]
    public void Time_alone_moves_appeals_out_of_windows_and_the_change_says_zero()
    {
        var picture = Fed(Eight());
        var before = picture.Compute(Now);

        // 31 minutes later C1 (filed 30 min before Now) leaves the last hour; C7 (10 min) stays.
        var change = picture.Compute(Now.AddMinutes(31)).Since(before);

        change.District.Should().BeNull("no figure of the day changed");
        change.Grids.Should().BeEmpty();
        change.GridHeat.Should().BeEquivalentTo(new Dictionary<GridHeatKey, int> { [new(G1, "noise", PictureWindow.LastHour)] = 1 });
        change.BinHeat.Should().BeEquivalentTo(new Dictionary<BinHeatKey, int>
        {
            [new(FineA, "noise", PictureWindow.LastHour)] = 0,
            [new(CoarseAB, "noise", PictureWindow.LastHour)] = 1,
        });
        // Cell A: C1 moved to the hour before, C2 (121 min) out of both: 0 against 1, no growth. Cell B still 1 against 0,
        // so the list is unchanged.
        change.Hotspots.Should().BeNull();
    }
}
