using NetTopologySuite.Algorithm.Locate;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Distance;
using NetTopologySuite.Operation.OverlayNG;
using NetTopologySuite.Triangulate;
using SpatialFunction = NetTopologySuite.Operation.Overlay.SpatialFunction;

namespace Hanan.Ops.Domain.Geography;

/// <summary>
/// Seeds the demo hierarchy in the local plane: street sites (urban streets clustered north-west of the
/// centre, the two rural units with several sites each around that core, so they are much larger and wrap
/// it), then community sites spread
/// over each street's cell and grid sites over each community's cell, each level with its Voronoi cells.
/// </summary>
internal static class DemoLayout
{
    private const double UrbanRingRadius = 0.28;
    private const int CandidatesPerSite = 20;
    private const double RuralGridWeight = 0.6;

    /// <summary>Builds the tree of sites; one node per entry of <paramref name="streets"/>, in that order.</summary>
    public static IReadOnlyList<SiteNode> Build(
        SeededRandom random,
        DemoOutline outline,
        Polygon outlineMeters,
        IReadOnlyList<DemoStreet> streets,
        int gridTotal)
    {
        var frame = new Envelope(outlineMeters.EnvelopeInternal);
        frame.ExpandBy(1000);
        var frameCell = (Polygon)LocalPlane.Factory.ToGeometry(frame);

        var streetSites = PlaceStreetSites(random, outline, outlineMeters, streets);
        var streetCells = VoronoiCells(streetSites.Select(s => s.Site).ToArray(), frameCell);
        var streetNodes = new SiteNode[streets.Count];
        for (var s = 0; s < streets.Count; s++)
        {
            var own = Enumerable.Range(0, streetSites.Length).Where(i => streetSites[i].Street == s).ToArray();
            var cell = OverlayNGRobust.Union(own.Select(i => streetCells[i]));
            streetNodes[s] = new SiteNode(own.Select(i => streetSites[i].Site).ToArray(), cell);
        }

        var rural = new List<bool>();
        for (var s = 0; s < streets.Count; s++)
        {
            var count = random.NextInt(streets[s].MinCommunities, streets[s].MaxCommunities + 1);
            AddChildren(random, streetNodes[s], outlineMeters, count);
            rural.AddRange(Enumerable.Repeat(streets[s].IsRural, count));
        }

        var communityNodes = streetNodes.SelectMany(s => s.Children).ToArray();
        var gridCounts = Apportion(gridTotal, rural.Select(r => r ? RuralGridWeight : 1.0).ToArray(), minimum: 3);
        for (var c = 0; c < communityNodes.Length; c++)
        {
            AddChildren(random, communityNodes[c], outlineMeters, gridCounts[c]);
        }

        return streetNodes;
    }

    /// <summary>Boundaries of every cell at every level: the lines that cut the district into faces.</summary>
    public static IEnumerable<Geometry> CutLines(IEnumerable<SiteNode> nodes) =>
        nodes.SelectMany(n => CutLines(n.Children).Prepend(n.Cell.Boundary));

    /// <summary>Seed points of the streets, each with the index of its street.</summary>
    private static (int Street, Coordinate Site)[] PlaceStreetSites(
        SeededRandom random,
        DemoOutline outline,
        Polygon outlineMeters,
        IReadOnlyList<DemoStreet> streets)
    {
        var locator = new IndexedPointInAreaLocator(outlineMeters);
        var urbanCentre = (U: -0.22 + random.NextDouble(-0.05, 0.05), V: 0.40 + random.NextDouble(-0.05, 0.05));
        var ringStart = random.NextDouble(0, 2 * Math.PI);
        var urban = streets.Select((s, i) => (s, i)).Where(t => !t.s.IsRural).Select(t => t.i).ToList();

        var sites = new List<(int Street, Coordinate Site)>();
        for (var k = 0; k < urban.Count; k++)
        {
            (double U, double V) unit = urbanCentre;
            if (k > 0)
            {
                // First urban street in the middle, the others on a ring around it, counter-clockwise.
                var angle = ringStart + (2 * Math.PI * (k - 1) / (urban.Count - 1)) + random.NextDouble(-0.15, 0.15);
                var radius = UrbanRingRadius * random.NextDouble(0.9, 1.1);
                unit = (urbanCentre.U + (radius * Math.Cos(angle)), urbanCentre.V + (radius * Math.Sin(angle)));
            }

            sites.Add((urban[k], Inside(outline, locator, unit)));
        }

        for (var s = 0; s < streets.Count; s++)
        {
            foreach (var anchor in streets[s].RuralAnchors)
            {
                var unit = (anchor.U + random.NextDouble(-0.06, 0.06), anchor.V + random.NextDouble(-0.06, 0.06));
                sites.Add((s, Inside(outline, locator, unit)));
            }
        }

        return [.. sites];
    }

    /// <summary>The point of the unit frame in metres, pulled towards the centre until it is inside the outline.</summary>
    private static Coordinate Inside(DemoOutline outline, IndexedPointInAreaLocator locator, (double U, double V) unit)
    {
        for (var pull = 1.0; pull > 0.05; pull *= 0.9)
        {
            var point = outline.FromUnit(unit.U * pull, unit.V * pull);
            if (locator.Locate(point) == Location.Interior)
            {
                return point;
            }
        }

        throw new InvalidOperationException("No site position inside the demo outline was found.");
    }

    private static void AddChildren(SeededRandom random, SiteNode parent, Polygon outlineMeters, int count)
    {
        var region = OverlayNGRobust.Overlay(parent.Cell, outlineMeters, SpatialFunction.Intersection);
        var sites = SpreadSites(random, region, count);
        var cells = VoronoiCells(sites, parent.Cell);
        for (var i = 0; i < sites.Count; i++)
        {
            parent.Children.Add(new SiteNode([sites[i]], cells[i]));
        }
    }

    /// <summary>
    /// Best-candidate sampling: each new site is, of a batch of random points inside the region, the one
    /// farthest from the sites so far and from the region's edge, which spreads sites evenly.
    /// </summary>
    private static List<Coordinate> SpreadSites(SeededRandom random, Geometry region, int count)
    {
        var locator = new IndexedPointInAreaLocator(region);
        var edge = new IndexedFacetDistance(region.Boundary);
        var envelope = region.EnvelopeInternal;
        var sites = new List<Coordinate>(count);
        while (sites.Count < count)
        {
            Coordinate? best = null;
            var bestScore = double.NegativeInfinity;
            var accepted = 0;
            for (var attempt = 0; accepted < CandidatesPerSite; attempt++)
            {
                if (attempt > 100_000)
                {
                    throw new InvalidOperationException("The demo region is too thin to place sites in.");
                }

                var candidate = new Coordinate(
                    random.NextDouble(envelope.MinX, envelope.MaxX),
                    random.NextDouble(envelope.MinY, envelope.MaxY));
                if (locator.Locate(candidate) != Location.Interior)
                {
                    continue;
                }

                accepted++;
                var score = edge.Distance(LocalPlane.Factory.CreatePoint(candidate));
                foreach (var site in sites)
                {
                    score = Math.Min(score, site.Distance(candidate));
                }

                if (score > bestScore)
                {
                    (best, bestScore) = (candidate, score);
                }
            }

            sites.Add(best!);
        }

        return sites;
    }

    /// <summary>Voronoi cell of each site (same order), clipped to <paramref name="clip"/>.</summary>
    private static Geometry[] VoronoiCells(IReadOnlyList<Coordinate> sites, Geometry clip)
    {
        var builder = new VoronoiDiagramBuilder { ClipEnvelope = clip.EnvelopeInternal };
        builder.SetSites(sites.ToList());
        var diagram = builder.GetDiagram(LocalPlane.Factory);

        var indexOf = sites.Select((site, i) => (site, i)).ToDictionary(t => t.site, t => t.i);
        var cells = new Geometry?[sites.Count];
        foreach (var cell in diagram.Geometries)
        {
            var clipped = OverlayNGRobust.Overlay(cell, clip, SpatialFunction.Intersection);
            cells[indexOf[(Coordinate)cell.UserData]] = clipped.IsEmpty
                ? throw new InvalidOperationException("A Voronoi cell lies outside its parent.")
                : clipped;
        }

        return cells.Select(c => c ?? throw new InvalidOperationException("A site has no Voronoi cell.")).ToArray();
    }

    /// <summary>Splits a total into integer shares proportional to weights (largest remainder), each at least a minimum.</summary>
    private static int[] Apportion(int total, double[] weights, int minimum)
    {
        var sum = weights.Sum();
        var exact = weights.Select(w => Math.Max(minimum, total * w / sum)).ToArray();
        var shares = exact.Select(e => (int)Math.Floor(e)).ToArray();
        var order = Enumerable.Range(0, weights.Length)
            .OrderByDescending(i => exact[i] - shares[i])
            .ThenBy(i => i)
            .ToArray();
        for (var k = 0; shares.Sum() < total; k = (k + 1) % order.Length)
        {
            shares[order[k]]++;
        }

        return shares;
    }
}
