using Hanan.Ops.Domain.Appeals;
using static Hanan.Ops.Domain.Tests.Appeals.Hotspots.Sphere;
using static Hanan.Ops.Domain.Tests.Calendar.Shanghai;

namespace Hanan.Ops.Domain.Tests.Appeals.Hotspots;

public sealed class DuplicateFinderTests
{
    private static readonly DateTimeOffset T0 = At(2026, 3, 2, 9, 0);

    private static OpenCaseLocation Open(int n, (double Lat, double Lon) p, DateTimeOffset filed, string category = "road-damage") =>
        new(Id(n), category, p.Lat, p.Lon, filed);

    private static Guid Id(int n) => new(n, 3, 3, new byte[8]);

    [Fact]
    public void Open_cases_of_the_category_within_the_radius_nearest_first()
    {
        var finder = new DuplicateFinder(300);
        finder.Add(Open(1, Destination(Pingfang, 10, 250), T0));
        finder.Add(Open(2, Destination(Pingfang, 200, 50), T0.AddHours(1)));
        finder.Add(Open(3, Destination(Pingfang, 100, 150), T0.AddHours(2)));
        finder.Add(Open(4, Destination(Pingfang, 300, 10), T0, "sanitation"));
        finder.Add(Open(5, Destination(Pingfang, 45, 310), T0));

        var candidates = finder.Find("road-damage", Pingfang.Lat, Pingfang.Lon);

        candidates.Select(c => c.CaseId).Should().Equal(Id(2), Id(3), Id(1));
        candidates.Select(c => c.DistanceMeters).Should().Equal([50, 150, 250], (x, e) => Math.Abs(x - e) < 1e-6);
        candidates[0].FiledAt.Should().Be(T0.AddHours(1));
    }

    [Fact]
    public void Equally_near_cases_are_offered_oldest_first_then_by_id()
    {
        var finder = new DuplicateFinder(300);
        var spot = Destination(Pingfang, 0, 100);
        finder.Add(Open(9, spot, T0.AddHours(1)));
        finder.Add(Open(8, spot, T0.AddHours(1)));
        finder.Add(Open(7, spot, T0.AddHours(2)));
        finder.Add(Open(6, spot, T0));

        finder.Find("road-damage", Pingfang.Lat, Pingfang.Lon).Select(c => c.CaseId).Should().Equal(Id(6), Id(8), Id(9), Id(7));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(90)]
    [InlineData(315)]
    public void A_case_just_inside_the_radius_is_offered_one_just_outside_is_not(double bearing)
    {
        var finder = new DuplicateFinder(300);
        finder.Add(Open(1, Destination(Pingfang, bearing, 299.99), T0));
        finder.Add(Open(2, Destination(Pingfang, bearing, 300.01), T0));

        finder.Find("road-damage", Pingfang.Lat, Pingfang.Lon).Select(c => c.CaseId).Should().Equal(Id(1));
    }

    [Fact]
    public void A_removed_case_is_no_longer_offered()
    {
        var finder = new DuplicateFinder(300);
        finder.Add(Open(1, Destination(Pingfang, 0, 20), T0));
        finder.Add(Open(2, Destination(Pingfang, 0, 40), T0));

        finder.Remove(Id(1)).Should().BeTrue();
        finder.Remove(Id(1)).Should().BeFalse();
        finder.Remove(Id(99)).Should().BeFalse();

        finder.Count.Should().Be(1);
        finder.Contains(Id(1)).Should().BeFalse();
        finder.Find("road-damage", Pingfang.Lat, Pingfang.Lon).Select(c => c.CaseId).Should().Equal(Id(2));

        finder.Remove(Id(2)).Should().BeTrue();
        finder.Find("road-damage", Pingfang.Lat, Pingfang.Lon).Should().BeEmpty();
    }

    [Fact]
    public void Adding_a_case_again_moves_it()
    {
        var finder = new DuplicateFinder(300);
        finder.Add(Open(1, Destination(Pingfang, 0, 2000), T0)).Should().BeTrue();
        finder.Find("road-damage", Pingfang.Lat, Pingfang.Lon).Should().BeEmpty();

        // Re-categorised and moved next to the appeal.
        finder.Add(Open(1, Destination(Pingfang, 0, 30), T0, "sanitation")).Should().BeFalse();

        finder.Count.Should().Be(1);
        finder.Find("road-damage", Pingfang.Lat, Pingfang.Lon).Should().BeEmpty();
        finder.Find("sanitation", Pingfang.Lat, Pingfang.Lon).Select(c => c.CaseId).Should().Equal(Id(1));
    }

    [Fact]
    public void A_case_can_be_left_out_of_its_own_candidates()
    {
        var finder = new DuplicateFinder(300);
        finder.Add(Open(1, Pingfang, T0));
        finder.Add(Open(2, Destination(Pingfang, 90, 60), T0));

        finder.Find("road-damage", Pingfang.Lat, Pingfang.Lon, except: Id(1)).Select(c => c.CaseId).Should().Equal(Id(2));
        finder.Find("road-damage", Pingfang.Lat, Pingfang.Lon).Select(c => c.CaseId).Should().Equal(Id(1), Id(2));
    }

    [Fact]
    public void Random_open_cases_are_found_exactly_as_a_brute_force_search_says()
    {
        var random = new Random(230108);
        var finder = new DuplicateFinder(300);
        var open = new Dictionary<Guid, OpenCaseLocation>();
        var offered = 0;
        for (var i = 0; i < 1500; i++)
        {
            var p = Destination(Destination(Pingfang, 0, random.NextDouble() * 3000), 90, random.NextDouble() * 3000);
            var category = $"c{random.Next(2)}";
            if (i % 3 == 2 && open.Count > 0)
            {
                // Close a case now and then.
                var closing = open.Keys.ElementAt(random.Next(open.Count));
                finder.Remove(closing).Should().BeTrue();
                open.Remove(closing);
            }

            var expected = open.Values
                .Where(c => c.CategoryCode == category)
                .Select(c => (c.CaseId, Distance((c.Latitude, c.Longitude), p)))
                .Where(c => c.Item2 <= 300)
                .OrderBy(c => c.Item2)
                .Select(c => c.CaseId)
                .ToList();
            finder.Find(category, p.Lat, p.Lon).Select(c => c.CaseId).Should().Equal(expected, $"search {i}");
            offered += expected.Count;

            var added = Open(i, p, T0.AddMinutes(i), category);
            finder.Add(added);
            open.Add(added.CaseId, added);
        }

        finder.Count.Should().Be(open.Count);
        offered.Should().BeGreaterThan(100, "the sample must offer candidates");
    }

    [Fact]
    public void The_later_of_two_nearby_cases_is_the_duplicate_whatever_order_they_were_heard_in()
    {
        var known = new DuplicateCandidate(Id(9), 40, T0);

        known.IsOriginalFor(Id(1), T0.AddSeconds(1)).Should().BeTrue("it was filed a second before the new case");
        known.IsOriginalFor(Id(1), T0.AddSeconds(-1)).Should().BeFalse("the new case, heard of late, was filed a second earlier");
        known.IsOriginalFor(Id(1), T0).Should().BeTrue("at the same instant the case heard of first is the original");
        known.IsOriginalFor(Id(9), T0).Should().BeFalse("a case is not its own original");
    }

    [Fact]
    public void Unusable_radii_and_coordinates_are_refused()
    {
        var tooSmall = () => new DuplicateFinder(0);
        var notANumber = () => new DuplicateFinder(double.NaN);
        tooSmall.Should().Throw<ArgumentOutOfRangeException>();
        notANumber.Should().Throw<ArgumentOutOfRangeException>();

        var finder = new DuplicateFinder(300);
        var badAdd = () => finder.Add(Open(1, (45.6, 181), T0));
        var noCategory = () => finder.Add(Open(1, Pingfang, T0, ""));
        var badFind = () => finder.Find("road-damage", double.NaN, 126.6);
        badAdd.Should().Throw<ArgumentOutOfRangeException>();
        noCategory.Should().Throw<ArgumentException>();
        badFind.Should().Throw<ArgumentOutOfRangeException>();
        finder.Count.Should().Be(0);
    }
}
