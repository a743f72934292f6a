using Hanan.Ops.Domain.Geography;
using NetTopologySuite.Algorithm;
using NetTopologySuite.Algorithm.Locate;
using NetTopologySuite.Geometries;

namespace Hanan.Ops.Domain.Tests.Geography;

[Collection(DemoDistrictCollection.Name)]
public sealed class DistrictMapLocateTests(DemoDistrictFixture fixture)
{
    private DistrictMap Map => fixture.Map;

    [Fact]
    public void Every_point_in_the_district_falls_in_exactly_one_grid_and_locate_returns_it()
    {
        var inside = RandomPoints(seed: 11, count: 3000).Where(p => Map.Boundary.Contains(Point(p))).ToList();
        inside.Should().HaveCountGreaterThan(1500);

        foreach (var p in inside)
        {
            var containing = Map.Grids
                .Where(g => g.Boundary.EnvelopeInternal.Contains(p) && g.Boundary.Contains(Point(p)))
                .ToList();
            containing.Should().ContainSingle($"({p.Y}, {p.X}) is inside the district");
            Map.Locate(p.Y, p.X).Should().BeSameAs(containing[0]);
        }
    }

    [Fact]
    public void Points_outside_the_district_locate_to_null_and_are_not_contained()
    {
        var outside = RandomPoints(seed: 12, count: 2000).Where(p => !Map.Boundary.Covers(Point(p))).ToList();
        outside.Should().HaveCountGreaterThan(200);

        outside.Should().OnlyContain(p => Map.Locate(p.Y, p.X) == null && !Map.Contains(p.Y, p.X));
        Map.Locate(39.9042, 116.4074).Should().BeNull("Beijing is not in Pingfang");
        Map.Locate(0, 0).Should().BeNull();
    }

    [Fact]
    public void Contains_agrees_with_locate()
    {
        RandomPoints(seed: 13, count: 2000).Should().OnlyContain(p => Map.Contains(p.Y, p.X) == (Map.Locate(p.Y, p.X) != null));
    }

    [Fact]
    public void A_point_on_an_edge_shared_by_two_grids_goes_to_the_grid_with_the_smaller_code()
    {
        var (edge, owners) = SharedSegments().First(s => ExactMidpoint(s.Segment) is not null);
        var midpoint = ExactMidpoint(edge)!;

        var covering = Covering(midpoint);
        covering.Select(g => g.Code).Should().BeEquivalentTo(owners.Select(g => g.Code), "both grids of the edge cover it and no other");
        Map.Locate(midpoint.Y, midpoint.X)!.Code.Should().Be(SmallestCode(owners));
    }

    [Fact]
    public void A_vertex_shared_by_three_or_more_grids_goes_to_the_grid_with_the_smallest_code()
    {
        var node = Map.Grids
            .SelectMany(g => g.Boundary.Shell.Coordinates.Skip(1).Select(c => (Vertex: c, Grid: g)))
            .GroupBy(t => t.Vertex)
            .First(group => group.Select(t => t.Grid).Distinct().Count() >= 3);

        var covering = Covering(node.Key);
        covering.Select(g => g.Code).Should().BeEquivalentTo(node.Select(t => t.Grid.Code).Distinct());
        Map.Locate(node.Key.Y, node.Key.X)!.Code.Should().Be(SmallestCode(covering));
    }

    [Fact]
    public void A_point_on_the_district_boundary_is_contained_and_located()
    {
        var vertex = Map.Boundary.Shell.Coordinates[0];

        Map.Contains(vertex.Y, vertex.X).Should().BeTrue();
        Map.Locate(vertex.Y, vertex.X)!.Code.Should().Be(SmallestCode(Covering(vertex)));
    }

    [Theory]
    [InlineData(double.NaN, 126.6)]
    [InlineData(45.6, double.PositiveInfinity)]
    [InlineData(91, 126.6)]
    [InlineData(45.6, -180.5)]
    public void Invalid_coordinates_are_rejected(double latitude, double longitude)
    {
        Map.Invoking(m => m.Locate(latitude, longitude)).Should().Throw<ArgumentOutOfRangeException>();
        Map.Invoking(m => m.Contains(latitude, longitude)).Should().Throw<ArgumentOutOfRangeException>();
    }

    private static string SmallestCode(IEnumerable<Grid> grids) => grids.Select(g => g.Code).Min(StringComparer.Ordinal)!;

    private List<Grid> Covering(Coordinate c) =>
        Map.Grids.Where(g => new IndexedPointInAreaLocator(g.Boundary).Locate(c) != Location.Exterior).ToList();

    private IEnumerable<(LineSegment Segment, List<Grid> Owners)> SharedSegments() =>
        Map.Grids
            .SelectMany(g => Segments(g.Boundary).Select(s => (Segment: s, Grid: g)))
            .GroupBy(t => t.Segment)
            .Where(group => group.Count() == 2)
            .Select(group => (group.Key, group.Select(t => t.Grid).ToList()));

    private static IEnumerable<LineSegment> Segments(Polygon polygon)
    {
        var c = polygon.Shell.Coordinates;
        for (var i = 0; i + 1 < c.Length; i++)
        {
            var segment = new LineSegment(c[i], c[i + 1]);
            segment.Normalize();
            yield return segment;
        }
    }

    /// <summary>The midpoint of the segment when floating point puts it exactly on the segment, else null.</summary>
    private static Coordinate? ExactMidpoint(LineSegment s)
    {
        var m = new Coordinate((s.P0.X + s.P1.X) / 2, (s.P0.Y + s.P1.Y) / 2);
        return Orientation.Index(s.P0, s.P1, m) == OrientationIndex.Collinear && !m.Equals2D(s.P0) && !m.Equals2D(s.P1)
            ? m
            : null;
    }

    private List<Coordinate> RandomPoints(int seed, int count)
    {
        var random = new Random(seed);
        var envelope = new Envelope(Map.Boundary.EnvelopeInternal);
        envelope.ExpandBy(0.01);
        return Enumerable.Range(0, count)
            .Select(_ => new Coordinate(
                envelope.MinX + (random.NextDouble() * envelope.Width),
                envelope.MinY + (random.NextDouble() * envelope.Height)))
            .ToList();
    }

    private static Point Point(Coordinate c) => Wgs84.Factory.CreatePoint(c);
}
