using System.Globalization;
using NetTopologySuite.Geometries;

namespace Hanan.Ops.Domain.Geography;

/// <summary>
/// A synthetic, seeded Pingfang-like district for demos and tests: an irregular outline of about 95 km² centred
/// near 45.60°N 126.63°E, the 11 real street-level units (real codes and names), about 70 communities with
/// synthetic names and about 450 grids. Urban streets are small and dense; 平房镇 and 平房农垦 are large and rural.
/// </summary>
/// <remarks>
/// How it is built: seed points per level (streets — the rural ones with several — then communities inside each
/// street's Voronoi cell, then grids inside each community's cell); the boundaries of all Voronoi cells of all levels cut the outline into faces in a
/// single snap-rounded noding on the 1e-7° grid; each face goes to the street of the nearest street site, then to the nearest
/// community site of that street, then to the nearest grid site of that community; a unit that falls into several
/// pieces keeps its largest and hands each other piece to the sibling it shares the longest border with. Every
/// polygon is a union of the same faces, so each level partitions its parent exactly (no slivers, no overlaps).
/// The same seed gives the same map, coordinate for coordinate.
/// </remarks>
public static class DemoDistrict
{
    public const int DefaultSeed = 230108;

    public const double CentreLatitude = 45.60;

    public const double CentreLongitude = 126.63;

    public const double TargetAreaSquareKilometers = 95;

    public static DistrictMap Generate(int seed = DefaultSeed)
    {
        var random = new SeededRandom(seed);
        var plane = new LocalPlane(CentreLatitude, CentreLongitude);
        var outline = DemoOutline.Create(random, TargetAreaSquareKilometers * 1e6);
        var outlineDegrees = ToPrecisePolygon(outline.Ring, plane);
        var outlineMeters = (Polygon)plane.ToMeters(outlineDegrees);

        var streets = DemoStreets.All;
        var gridTotal = random.NextInt(435, 466);
        var streetNodes = DemoLayout.Build(random, outline, outlineMeters, streets, gridTotal);
        var faces = FaceGraph.Build(outlineDegrees, DemoLayout.CutLines(streetNodes).Select(plane.ToDegrees), plane);

        var communityNodes = streetNodes
            .SelectMany((node, street) => node.Children.Select(child => (Parent: street, Node: child)))
            .ToArray();
        var gridNodes = communityNodes
            .SelectMany((node, community) => node.Node.Children.Select(child => (Parent: community, Node: child)))
            .ToArray();

        var allFaces = Enumerable.Range(0, faces.Count).ToArray();
        var streetOf = new int[faces.Count];
        var streetSites = streetNodes.SelectMany((node, street) => node.Sites.Select(site => (street, site))).ToArray();
        FaceAssignment.AssignNearest(allFaces, faces, streetSites, streetOf);
        FaceAssignment.MakeConnected(allFaces, faces, streetOf);
        var communityOf = AssignWithinParents(faces, streetOf, communityNodes);
        var gridOf = AssignWithinParents(faces, communityOf, gridNodes);

        var layers = new Layers(new DemoNames(random));
        var facesByGrid = allFaces
            .GroupBy(f => gridOf[f])
            .ToDictionary(g => g.Key, g => g.Order().Select(faces.Face).ToList());
        for (var s = 0; s < streets.Count; s++)
        {
            var communities = Enumerable.Range(0, communityNodes.Length)
                .Where(c => communityNodes[c].Parent == s)
                .Select(c => Enumerable.Range(0, gridNodes.Length)
                    .Where(g => gridNodes[g].Parent == c && facesByGrid.ContainsKey(g))
                    .Select(g => PolygonCoverage.UnionToPolygon(facesByGrid[g], "a demo grid"))
                    .ToList())
                .Where(grids => grids.Count > 0)
                .ToList();
            layers.AddStreet(streets[s], communities);
        }

        var boundary = PolygonCoverage.UnionToPolygon(layers.Streets.Select(st => st.Boundary).ToList(), "the demo district");
        return DistrictMap.FromLayers(boundary, layers.Streets, layers.Communities, layers.Grids);
    }

    /// <summary>Child labels for each face: nearest child site of the face's parent, then made connected per parent.</summary>
    private static int[] AssignWithinParents(FaceGraph faces, int[] parentOf, (int Parent, SiteNode Node)[] children)
    {
        var labels = new int[faces.Count];
        foreach (var parent in Enumerable.Range(0, faces.Count).GroupBy(f => parentOf[f]).OrderBy(g => g.Key))
        {
            var members = parent.ToArray();
            var candidates = Enumerable.Range(0, children.Length)
                .Where(c => children[c].Parent == parent.Key)
                .SelectMany(c => children[c].Node.Sites.Select(site => (c, site)))
                .ToArray();
            FaceAssignment.AssignNearest(members, faces, candidates, labels);
            FaceAssignment.MakeConnected(members, faces, labels);
        }

        return labels;
    }

    private static Polygon ToPrecisePolygon(IEnumerable<Coordinate> ringMeters, LocalPlane plane)
    {
        var ring = ringMeters.Select(c =>
        {
            var degrees = plane.ToDegrees(c);
            Wgs84.PrecisionModel.MakePrecise(degrees);
            return degrees;
        }).ToArray();
        var polygon = Wgs84.Factory.CreatePolygon(ring);
        return polygon.IsValid
            ? PolygonCoverage.OrientForGeoJson(polygon)
            : throw new InvalidOperationException("The demo outline is not a valid polygon.");
    }

    /// <summary>Collects the coded, named units street by street.</summary>
    private sealed class Layers(DemoNames names)
    {
        public List<Street> Streets { get; } = [];

        public List<Community> Communities { get; } = [];

        public List<Grid> Grids { get; } = [];

        /// <summary>Adds a street from its communities (each a list of grid polygons); serials run north to south.</summary>
        public void AddStreet(DemoStreet street, IReadOnlyList<List<Polygon>> communities)
        {
            var communityPolygons = new List<Polygon>();
            var serial = 0;
            foreach (var (polygon, grids) in communities
                .Select(grids => (Polygon: PolygonCoverage.UnionToPolygon(grids, "a demo community"), Grids: grids))
                .OrderBy(t => t.Polygon, NorthToSouth))
            {
                var code = street.Code + Serial(++serial);
                var name = names.Next(code, street.CommunitySuffix);
                Communities.Add(new Community(code, name, street.Code, polygon));
                communityPolygons.Add(polygon);

                var gridSerial = 0;
                foreach (var grid in grids.Order(NorthToSouth))
                {
                    gridSerial++;
                    Grids.Add(new Grid(code + Serial(gridSerial), DemoNames.GridName(name, gridSerial), code, street.Code, grid));
                }
            }

            Streets.Add(new Street(street.Code, street.Name, PolygonCoverage.UnionToPolygon(communityPolygons, street.Name)));
        }

        private static string Serial(int serial) => serial.ToString("D3", CultureInfo.InvariantCulture);

        /// <summary>Orders by label point: north first, then west first.</summary>
        private static readonly Comparer<Polygon> NorthToSouth = Comparer<Polygon>.Create((a, b) =>
        {
            var pa = a.InteriorPoint.Coordinate;
            var pb = b.InteriorPoint.Coordinate;
            var byLatitude = pb.Y.CompareTo(pa.Y);
            return byLatitude != 0 ? byLatitude : pa.X.CompareTo(pb.X);
        });
    }
}
