using Hanan.Ops.Domain.Appeals;
using static Hanan.Ops.Domain.Tests.Appeals.Hotspots.Sphere;
using static Hanan.Ops.Domain.Tests.Calendar.Shanghai;

namespace Hanan.Ops.Domain.Tests.Appeals.Hotspots;

public sealed class ClusterWindowTests
{
    // The host's rule: 5 appeals of one category within 300 m and 24 h.
    private static readonly HotClusterRule HostRule = new(5, 300, 24);
    private static readonly HotClusterRule Pairs = new(2, 300, 24);
    private static readonly DateTimeOffset T0 = At(2026, 1, 12, 8, 0);

    private static int _next;

    private static ClusterAppeal Appeal((double Lat, double Lon) p, DateTimeOffset at, string category = "snow-removal") =>
        new(new Guid(Interlocked.Increment(ref _next), 7, 7, new byte[8]), category, p.Lat, p.Lon, at);

    [Fact]
    public void Four_appeals_are_not_a_cluster_the_fifth_completes_it()
    {
        var window = new ClusterWindow(HostRule);
        var appeals = Enumerable.Range(0, 5)
            .Select(i => Appeal(Destination(Pingfang, i * 72, 100), T0.AddHours(i)))
            .ToList();

        for (var i = 0; i < 4; i++)
        {
            var outcome = window.Add(appeals[i]);
            outcome.CompletesCluster.Should().BeFalse($"appeal {i + 1} of 5");
            outcome.Members.Should().BeEmpty();
        }

        var fifth = window.Add(appeals[4]);

        fifth.CompletesCluster.Should().BeTrue();
        fifth.Members.Should().Equal(appeals);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(90)]
    [InlineData(225)]
    public void An_appeal_just_inside_the_radius_clusters_and_one_just_outside_does_not(double bearing)
    {
        var inside = new ClusterWindow(Pairs);
        inside.Add(Appeal(Pingfang, T0));
        inside.Add(Appeal(Destination(Pingfang, bearing, 299.99), T0)).CompletesCluster.Should().BeTrue();

        var outside = new ClusterWindow(Pairs);
        outside.Add(Appeal(Pingfang, T0));
        outside.Add(Appeal(Destination(Pingfang, bearing, 300.01), T0)).CompletesCluster.Should().BeFalse();
    }

    [Fact]
    public void An_appeal_exactly_one_window_later_still_clusters_a_tick_more_does_not_and_evicts_the_first()
    {
        var near = Destination(Pingfang, 0, 50);

        var atEdge = new ClusterWindow(Pairs);
        atEdge.Add(Appeal(Pingfang, T0));
        atEdge.Add(Appeal(near, T0.AddHours(24))).CompletesCluster.Should().BeTrue();

        var past = new ClusterWindow(Pairs);
        past.Add(Appeal(Pingfang, T0));
        past.Add(Appeal(near, T0.AddHours(24).AddTicks(1))).CompletesCluster.Should().BeFalse();
        past.Count.Should().Be(1);
    }

    [Fact]
    public void Appeals_of_different_categories_never_cluster()
    {
        var window = new ClusterWindow(Pairs);
        string[] categories = ["snow-removal", "road-damage", "sanitation", "heating"];

        foreach (var category in categories)
        {
            window.Add(Appeal(Pingfang, T0, category)).CompletesCluster.Should().BeFalse(category);
        }

        window.Count.Should().Be(4);
        categories.Should().OnlyContain(c => window.CountOf(c) == 1);

        // A second snow-removal appeal clusters with the first only.
        var again = window.Add(Appeal(Pingfang, T0, "snow-removal"));
        again.CompletesCluster.Should().BeTrue();
        again.Members.Should().OnlyContain(a => a.CategoryCode == "snow-removal").And.HaveCount(2);
    }

    [Fact]
    public void Expired_appeals_of_every_category_are_evicted_as_time_advances()
    {
        var window = new ClusterWindow(HostRule);
        for (var i = 0; i < 4; i++)
        {
            window.Add(Appeal(Destination(Pingfang, 0, i * 10), T0.AddMinutes(i), "snow-removal"));
            window.Add(Appeal(Destination(Pingfang, 0, i * 10), T0.AddMinutes(i), "sanitation"));
        }

        window.Count.Should().Be(8);

        // 24 h after the second appeal: the first of each category has expired.
        window.Add(Appeal(Pingfang, T0.AddMinutes(1).AddHours(24), "heating"));
        window.Count.Should().Be(7);
        window.CountOf("snow-removal").Should().Be(3);
        window.CountOf("sanitation").Should().Be(3);

        // The next snow-removal appeal moves the clock to minute 2 after a day: minute 1 expires, so minutes 2 and 3
        // and the new one are kept. Three, not the five that would complete a cluster.
        window.Add(Appeal(Pingfang, T0.AddHours(24).AddMinutes(2), "snow-removal")).CompletesCluster.Should().BeFalse();
        window.CountOf("snow-removal").Should().Be(3);
        window.CountOf("sanitation").Should().Be(2);

        // A day later everything but the newest is gone.
        window.Add(Appeal(Pingfang, T0.AddDays(3), "noise"));
        window.Count.Should().Be(1);
        window.CountOf("snow-removal").Should().Be(0);
        window.Newest.Should().Be(T0.AddDays(3));
    }

    [Fact]
    public void An_appeal_older_than_the_window_is_neither_stored_nor_clustered()
    {
        var window = new ClusterWindow(Pairs);
        window.Add(Appeal(Pingfang, T0.AddHours(30)));

        var stale = window.Add(Appeal(Pingfang, T0));

        stale.CompletesCluster.Should().BeFalse();
        window.Count.Should().Be(1);
    }

    [Fact]
    public void A_late_appeal_within_the_window_is_clustered_and_expires_in_time_order()
    {
        var window = new ClusterWindow(Pairs);
        var later = Appeal(Pingfang, T0.AddHours(10));
        var earlier = Appeal(Destination(Pingfang, 180, 100), T0);
        window.Add(later);

        var outcome = window.Add(earlier);

        outcome.CompletesCluster.Should().BeTrue();
        outcome.Members.Should().Equal(earlier, later);

        // At T0 + 24 h + 1 tick the earlier one (arrived second) expires first; the later one stays.
        window.Add(Appeal(Destination(Pingfang, 0, 5000), T0.AddHours(24).AddTicks(1)));
        window.Count.Should().Be(2);
        window.Add(Appeal(Pingfang, T0.AddHours(24).AddTicks(2))).Members.Should().Contain(later).And.HaveCount(2);
    }

    [Fact]
    public void The_same_appeal_added_twice_counts_once()
    {
        var window = new ClusterWindow(Pairs);
        var appeal = Appeal(Pingfang, T0);

        window.Add(appeal).CompletesCluster.Should().BeFalse();
        window.Add(appeal).CompletesCluster.Should().BeFalse();
        window.Count.Should().Be(1);
    }

    [Fact]
    public void A_full_category_drops_its_oldest_appeal()
    {
        var window = new ClusterWindow(Pairs, maxEntriesPerCategory: 3);
        var first = Appeal(Pingfang, T0);
        window.Add(first);
        for (var i = 1; i <= 3; i++)
        {
            window.Add(Appeal(Destination(Pingfang, 90, i * 1000), T0.AddMinutes(i)));
        }

        window.CountOf("snow-removal").Should().Be(3);
        window.Add(Appeal(Pingfang, T0.AddMinutes(5))).CompletesCluster.Should().BeFalse("the first appeal was dropped");
        window.Add(Appeal(Pingfang, T0.AddMinutes(5), "sanitation")).CompletesCluster.Should().BeFalse();
        window.CountOf("sanitation").Should().Be(1, "the cap is per category");
    }

    [Fact]
    public void Neighbours_in_adjacent_cells_are_found_in_every_direction()
    {
        // Pairs 270 m apart in eight directions, the first point stepped across a whole cell in 30 m steps both ways,
        // so that the pairs straddle cell edges to the side, above and below, and diagonally.
        var cells = new SpatialBuckets(Pairs.RadiusMeters);
        var (sameCell, rowOnly, columnOnly, diagonal) = (0, 0, 0, 0);
        for (var i = 0; i < 11; i++)
        {
            for (var j = 0; j < 11; j++)
            {
                var a = Destination(Destination(Pingfang, 0, i * 30), 90, j * 30);
                for (var bearing = 0; bearing < 360; bearing += 45)
                {
                    var b = Destination(a, bearing, 270);
                    var window = new ClusterWindow(Pairs);
                    window.Add(Appeal(a, T0));
                    window.Add(Appeal(b, T0)).CompletesCluster.Should().BeTrue($"{a} to {b} at bearing {bearing}");

                    var (ka, kb) = (cells.CellOf(a.Lat, a.Lon), cells.CellOf(b.Lat, b.Lon));
                    var (rowDiffers, columnDiffers) = (ka >> 32 != kb >> 32, (int)ka != (int)kb);
                    _ = (rowDiffers, columnDiffers) switch
                    {
                        (false, false) => sameCell++,
                        (true, false) => rowOnly++,
                        (false, true) => columnOnly++,
                        (true, true) => diagonal++,
                    };
                }
            }
        }

        new[] { sameCell, rowOnly, columnOnly, diagonal }.Should().OnlyContain(n => n > 0);
    }

    [Fact]
    public void Random_appeals_cluster_exactly_as_a_brute_force_count_says()
    {
        var random = new Random(20260112);
        var window = new ClusterWindow(new HotClusterRule(3, 300, 6));
        var kept = new List<ClusterAppeal>();
        var hot = 0;
        var newest = DateTimeOffset.MinValue;
        for (var i = 0; i < 600; i++)
        {
            // 2 km square, 3 categories, 72 hours, slightly out of order now and then.
            var p = Destination(Destination(Pingfang, 0, random.NextDouble() * 2000), 90, random.NextDouble() * 2000);
            var at = T0.AddMinutes((i * 7) - (random.Next(10) == 0 ? random.Next(120) : 0));
            var appeal = Appeal(p, at, $"c{random.Next(3)}");

            var outcome = window.Add(appeal);

            newest = at > newest ? at : newest;
            var cutoff = newest.AddHours(-6);
            kept.RemoveAll(a => a.At < cutoff);
            if (at < cutoff)
            {
                outcome.CompletesCluster.Should().BeFalse();
                continue;
            }

            kept.Add(appeal);
            var expected = kept
                .Where(a => a.CategoryCode == appeal.CategoryCode && Distance((a.Latitude, a.Longitude), p) <= 300)
                .OrderBy(a => a.At).ThenBy(a => a.Id)
                .ToList();
            if (expected.Count >= 3)
            {
                hot++;
                outcome.Members.Should().Equal(expected, $"appeal {i}");
            }
            else
            {
                outcome.CompletesCluster.Should().BeFalse($"appeal {i}");
            }

            window.Count.Should().Be(kept.Count);
        }

        hot.Should().BeGreaterThan(20, "the sample must exercise clusters");
    }

    [Fact]
    public void Adding_an_appeal_that_completes_no_cluster_allocates_nothing_once_warm()
    {
        // Appeals 1 km apart along a line that wraps every 50 appeals, one every 30 minutes: the 24 h window holds
        // 49 of them, so every Add also evicts one. Warm up over two full windows, then measure.
        var window = new ClusterWindow(Pairs);
        var appeals = Enumerable.Range(0, 400)
            .Select(i => Appeal(Destination(Pingfang, 90, (i % 50) * 1000), T0.AddMinutes(30 * i)))
            .ToArray();
        for (var i = 0; i < 200; i++)
        {
            window.Add(appeals[i]);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var clusters = 0;
        for (var i = 200; i < appeals.Length; i++)
        {
            clusters += window.Add(appeals[i]).CompletesCluster ? 1 : 0;
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        clusters.Should().Be(0);
        window.Count.Should().Be(49);
        allocated.Should().Be(0);
    }

    [Fact]
    public void Unusable_rules_and_appeals_are_refused()
    {
        var badRules = new Action[]
        {
            () => _ = new ClusterWindow(new HotClusterRule(0, 300, 24)),
            () => _ = new ClusterWindow(new HotClusterRule(5, 0.5, 24)),
            () => _ = new ClusterWindow(new HotClusterRule(5, double.NaN, 24)),
            () => _ = new ClusterWindow(new HotClusterRule(5, 300, 0)),
            () => _ = new ClusterWindow(HostRule, maxEntriesPerCategory: 4),
        };
        badRules.Should().AllSatisfy(a => a.Should().Throw<ArgumentOutOfRangeException>());

        var window = new ClusterWindow(HostRule);
        var badAppeals = new Action[]
        {
            () => window.Add(Appeal((91, 126.6), T0)),
            () => window.Add(Appeal((45.6, double.PositiveInfinity), T0)),
            () => window.Add(Appeal(Pingfang, T0) with { CategoryCode = "" }),
        };
        badAppeals.Should().AllSatisfy(a => a.Should().Throw<ArgumentException>());
        window.Count.Should().Be(0);
    }
}
