using System.Globalization;
using Hanan.Ops.Domain.Geography.Layers;
using NetTopologySuite.Algorithm.Locate;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;

namespace Hanan.Ops.Domain.Geography.Consolidation;

/// <summary>
/// Consolidates departmental grid layers into one unified grid partition of the district (一格多用).
/// </summary>
/// <remarks>
/// <para>How: the district outline is cut into atomic faces by every street, community and departmental grid
/// border at once (one snap-rounded noding on a 1e-9° grid, <see cref="FaceGraph"/>). Each face gets a signature:
/// its community and, per department, the departmental grid covering it. Neighbouring faces with the same
/// signature form a piece; a piece is where all departments agree. Slivers (pieces narrower than
/// <see cref="ConsolidationOptions.MinWidthMeters"/> or smaller than <see cref="ConsolidationOptions.MinAreaSquareMeters"/>,
/// which is what disagreeing borders leave) join the neighbour in the same community that agrees with them in the
/// most departments, then the one with the longest common border, as long as capacity allows.</para>
/// <para>Pieces carrying more than the capacity (300 households, 1,000 people) get cut by recursive median
/// bisection of their households; the cuts are added to the cut lines and everything is rebuilt, a few rounds at
/// most. Streets and communities are never crossed: a grid code extends its community's code with a serial,
/// north to south. Every unified grid is a union of faces of one noding, so the grids share borders vertex for
/// vertex, cover the outline exactly and never overlap.</para>
/// </remarks>
public static class GridConsolidator
{
    /// <summary>
    /// Snap-rounding grid of the overlay: 1e-9° (about 0.1 mm), finer than the map's 1e-7° so that the vertices
    /// inserted where departmental borders cross street and community borders move those borders by no more than
    /// a tenth of a millimetre.
    /// </summary>
    public static PrecisionModel NodingPrecision { get; } = new(1e9);

    public static ConsolidationResult Consolidate(
        DistrictMap district,
        IReadOnlyList<DepartmentLayer> layers,
        IReadOnlyList<HouseholdPoint> households,
        ConsolidationOptions? options = null,
        IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(district);
        ArgumentNullException.ThrowIfNull(layers);
        ArgumentNullException.ThrowIfNull(households);
        options ??= new ConsolidationOptions();

        var centre = district.Boundary.EnvelopeInternal.Centre;
        var plane = new LocalPlane(centre.Y, centre.X);
        var fixedCuts = district.Streets.Select(s => s.Boundary.Boundary)
            .Concat(district.Communities.Select(c => c.Boundary.Boundary))
            .Concat(layers.SelectMany(l => l.Grids).Select(g => g.Boundary.Boundary))
            .ToList();
        var splitCells = new List<Geometry>();
        var splits = 0;

        for (var round = 0; ; round++)
        {
            progress?.Report(string.Create(CultureInfo.InvariantCulture, $"overlay round {round + 1}: cutting the district into faces"));
            var faces = FaceGraph.Build(district.Boundary, fixedCuts.Concat(splitCells.Select(c => c.Boundary)), plane, NodingPrecision);
            progress?.Report(string.Create(CultureInfo.InvariantCulture, $"overlay round {round + 1}: labelling {faces.Count} faces"));
            var overlay = new Overlay(faces, district, layers, splitCells, households, plane);
            var pieces = overlay.GrowPieces();
            var slivers = overlay.MergeSlivers(pieces, options);
            var over = pieces.Roots().Where(r => !overlay.LoadOf(pieces, r).FitsIn(options.Capacity)).ToList();

            var added = 0;
            if (round < options.MaxSplitRounds)
            {
                foreach (var root in over)
                {
                    var area = overlay.Union(pieces, root);
                    var proposal = CapacitySplit.Propose(area, overlay.HouseholdsIn(pieces, root), options.Capacity);
                    if (proposal.Count > 1)
                    {
                        splitCells.AddRange(proposal.Select(p => p.Area));
                        added++;
                    }
                }
            }

            splits += added;
            if (added == 0)
            {
                progress?.Report("coding the unified grids and building the crosswalk");
                return overlay.Finish(pieces, slivers, splits, options);
            }
        }
    }

    /// <summary>One overlay: faces with their labels, loads and areas.</summary>
    private sealed class Overlay
    {
        private readonly FaceGraph _faces;
        private readonly DistrictMap _district;
        private readonly IReadOnlyList<DepartmentLayer> _layers;
        private readonly int[] _community;
        private readonly int[][][] _covering; // [layer][face] → indexes of the departmental grids covering the face
        private readonly string[] _signature;
        private readonly double[] _area;
        private readonly double[] _perimeter;
        private readonly GridLoad[] _load;
        private readonly List<HouseholdPoint>[] _households;
        private readonly int _householdsOutside;

        public Overlay(FaceGraph faces, DistrictMap district, IReadOnlyList<DepartmentLayer> layers, IReadOnlyList<Geometry> splitCells, IReadOnlyList<HouseholdPoint> households, LocalPlane plane)
        {
            _faces = faces;
            _district = district;
            _layers = layers;
            var n = faces.Count;
            var interior = Enumerable.Range(0, n).Select(f => faces.Face(f).InteriorPoint.Coordinate).ToArray();

            var communities = new AreaIndex(district.Communities.Select(c => (Geometry)c.Boundary).ToList());
            _community = interior.Select(c => communities.Covering(c).DefaultIfEmpty(-1).Min()).ToArray();
            _covering = layers
                .Select(l => new AreaIndex(l.Grids.Select(g => g.Boundary).ToList()))
                .Select(index => interior.Select(c => index.Covering(c).Order().ToArray()).ToArray())
                .ToArray();
            var cells = new AreaIndex(splitCells);
            _signature = Enumerable.Range(0, n)
                .Select(f => string.Join(
                    '|',
                    new[] { _community[f].ToString(CultureInfo.InvariantCulture) }
                        .Concat(_covering.Select(layer => Primary(layer[f]).ToString(CultureInfo.InvariantCulture)))
                        .Concat(cells.Covering(interior[f]).Order().Select(c => "s" + c.ToString(CultureInfo.InvariantCulture)))))
                .ToArray();

            _area = Enumerable.Range(0, n).Select(f => GeoMeasure.AreaSquareMeters(faces.Face(f))).ToArray();
            _perimeter = Enumerable.Range(0, n).Select(f => Perimeter(faces.Face(f), plane)).ToArray();

            _load = new GridLoad[n];
            _households = Enumerable.Range(0, n).Select(_ => new List<HouseholdPoint>()).ToArray();
            var faceIndex = new AreaIndex(Enumerable.Range(0, n).Select(f => (Geometry)faces.Face(f)).ToList());
            foreach (var household in households)
            {
                var face = faceIndex.Covering(new Coordinate(household.Longitude, household.Latitude)).DefaultIfEmpty(-1).Min();
                if (face < 0)
                {
                    _householdsOutside++;
                    continue;
                }

                _load[face] += new GridLoad(1, household.People);
                _households[face].Add(household);
            }
        }

        /// <summary>Neighbouring faces with the same signature, joined.</summary>
        public DisjointSets GrowPieces()
        {
            var sets = new DisjointSets(_faces.Count);
            for (var f = 0; f < _faces.Count; f++)
            {
                foreach (var (g, _) in _faces.Neighbours(f))
                {
                    if (g > f && _signature[f] == _signature[g])
                    {
                        sets.Union(f, g);
                    }
                }
            }

            return sets;
        }

        /// <summary>Joins slivers to their best neighbour until none can move; returns how many joined.</summary>
        public int MergeSlivers(DisjointSets pieces, ConsolidationOptions options)
        {
            var merged = 0;
            for (var pass = 0; pass < 100; pass++)
            {
                var stats = Stats(pieces);
                var touched = new HashSet<int>();
                var changed = false;
                foreach (var (root, piece) in stats.OrderBy(kv => kv.Value.Area).ThenBy(kv => kv.Key))
                {
                    if (touched.Contains(root) || !IsSliver(piece, options))
                    {
                        continue;
                    }

                    var best = piece.Borders
                        .Where(b => !touched.Contains(b.Key) && stats[b.Key].Community == piece.Community)
                        .Where(b => (piece.Load + stats[b.Key].Load).FitsIn(options.Capacity) || piece.Load.Households == 0)
                        .OrderByDescending(b => Agreement(piece.Labels, stats[b.Key].Labels))
                        .ThenByDescending(b => b.Value)
                        .ThenBy(b => b.Key)
                        .Select(b => (int?)b.Key)
                        .FirstOrDefault();
                    if (best is { } target)
                    {
                        pieces.Union(root, target);
                        touched.Add(root);
                        touched.Add(target);
                        merged++;
                        changed = true;
                    }
                }

                if (!changed)
                {
                    break;
                }
            }

            return merged;
        }

        public GridLoad LoadOf(DisjointSets pieces, int root) =>
            Enumerable.Range(0, _faces.Count).Where(f => pieces.Find(f) == root).Aggregate(default(GridLoad), (l, f) => l + _load[f]);

        public List<HouseholdPoint> HouseholdsIn(DisjointSets pieces, int root) =>
            [.. Enumerable.Range(0, _faces.Count).Where(f => pieces.Find(f) == root).SelectMany(f => _households[f])];

        public Polygon Union(DisjointSets pieces, int root) =>
            PolygonCoverage.UnionToPolygon(
                [.. Enumerable.Range(0, _faces.Count).Where(f => pieces.Find(f) == root).Select(_faces.Face)],
                "a unified grid");

        public ConsolidationResult Finish(DisjointSets pieces, int merged, int splits, ConsolidationOptions options)
        {
            var facesOf = Enumerable.Range(0, _faces.Count).GroupBy(pieces.Find).ToDictionary(g => g.Key, g => g.ToList());
            var codeOf = new Dictionary<int, string>();
            var grids = new List<Grid>();
            var loads = new Dictionary<string, GridLoad>(StringComparer.Ordinal);
            for (var c = 0; c < _district.Communities.Count; c++)
            {
                var community = _district.Communities[c];
                var own = facesOf
                    .Where(kv => _community[kv.Value[0]] == c)
                    .Select(kv => (Root: kv.Key, Polygon: PolygonCoverage.UnionToPolygon([.. kv.Value.Select(_faces.Face)], "a unified grid")))
                    .OrderByDescending(p => p.Polygon.InteriorPoint.Y)
                    .ThenBy(p => p.Polygon.InteriorPoint.X)
                    .ToList();
                if (own.Count > 999)
                {
                    throw new InvalidOperationException($"Community {community.Code} would need {own.Count} grids; grid serials have 3 digits.");
                }

                var serial = 0;
                foreach (var (root, polygon) in own)
                {
                    serial++;
                    var code = community.Code + serial.ToString("D3", CultureInfo.InvariantCulture);
                    codeOf[root] = code;
                    grids.Add(new Grid(code, DemoNames.GridName(community.Name, serial), community.Code, community.StreetCode, polygon));
                    loads[code] = facesOf[root].Aggregate(default(GridLoad), (l, f) => l + _load[f]);
                }
            }

            var sliverRule = options.CrosswalkSlivers;
            var crosswalk = new List<CrosswalkEntry>();
            var slivers = new List<CrosswalkEntry>();
            for (var l = 0; l < _layers.Count; l++)
            {
                var overlap = new Dictionary<(int Grid, string Unified), double>();
                for (var f = 0; f < _faces.Count; f++)
                {
                    foreach (var d in _covering[l][f])
                    {
                        var key = (d, codeOf[pieces.Find(f)]);
                        overlap[key] = overlap.GetValueOrDefault(key) + _area[f];
                    }
                }

                foreach (var group in overlap.GroupBy(kv => kv.Key.Grid).OrderBy(g => _layers[l].Grids[g.Key].Code, StringComparer.Ordinal))
                {
                    var department = _layers[l].Department.Code;
                    var grid = _layers[l].Grids[group.Key].Code;
                    var (kept, dropped) = sliverRule.Split([.. group.OrderBy(kv => kv.Key.Unified, StringComparer.Ordinal).Select(kv => (kv.Key.Unified, kv.Value))]);
                    crosswalk.AddRange(kept.Select(k => new CrosswalkEntry(department, grid, k.Unified, k.Overlap, k.Share)));
                    slivers.AddRange(dropped.Select(k => new CrosswalkEntry(department, grid, k.Unified, k.Overlap, k.Share)));
                }
            }

            var map = DistrictMap.FromLayers(_district.Boundary, _district.Streets, _district.Communities, grids);
            var stillOver = loads.Where(kv => !kv.Value.FitsIn(options.Capacity)).Select(kv => kv.Key).Order(StringComparer.Ordinal).ToList();
            return new ConsolidationResult(map, loads, crosswalk, stillOver, _faces.Count, merged, splits, _householdsOutside, slivers);
        }

        private Dictionary<int, Piece> Stats(DisjointSets pieces)
        {
            var stats = new Dictionary<int, Piece>();
            for (var f = 0; f < _faces.Count; f++)
            {
                var root = pieces.Find(f);
                if (!stats.TryGetValue(root, out var piece))
                {
                    piece = stats[root] = new Piece(_community[f]);
                }

                piece.Area += _area[f];
                piece.Perimeter += _perimeter[f];
                piece.Load += _load[f];
                if (_area[f] > piece.LargestFace)
                {
                    piece.LargestFace = _area[f];
                    piece.Labels = _covering.Select(layer => Primary(layer[f])).ToArray();
                }

                foreach (var (g, length) in _faces.Neighbours(f))
                {
                    var other = pieces.Find(g);
                    if (other == root)
                    {
                        piece.Perimeter -= length;
                    }
                    else
                    {
                        piece.Borders[other] = piece.Borders.GetValueOrDefault(other) + length;
                    }
                }
            }

            return stats;
        }

        private static bool IsSliver(Piece piece, ConsolidationOptions options) =>
            piece.Area < options.MinAreaSquareMeters
            || (piece.Perimeter > 0 && 2 * piece.Area / piece.Perimeter < options.MinWidthMeters);

        private static int Agreement(int[] a, int[] b) => a.Zip(b).Count(p => p.First >= 0 && p.First == p.Second);

        private static int Primary(int[] covering) => covering.Length == 0 ? -1 : covering[0];

        private static double Perimeter(Polygon polygon, LocalPlane plane)
        {
            var total = 0.0;
            foreach (var ring in polygon.Holes.Prepend(polygon.Shell))
            {
                var seq = ring.CoordinateSequence;
                for (var i = 0; i < seq.Count - 1; i++)
                {
                    total += plane.DistanceMeters(seq.GetCoordinate(i), seq.GetCoordinate(i + 1));
                }
            }

            return total;
        }

        private sealed class Piece(int community)
        {
            public int Community { get; } = community;

            public double Area { get; set; }

            public double Perimeter { get; set; }

            public GridLoad Load { get; set; }

            public double LargestFace { get; set; } = -1;

            public int[] Labels { get; set; } = [];

            public Dictionary<int, double> Borders { get; } = [];
        }
    }

    /// <summary>Polygons indexed for "which of them cover this point" (closed sets: borders count).</summary>
    internal sealed class AreaIndex
    {
        private readonly STRtree<int> _tree = new();
        private readonly IPointOnGeometryLocator[] _locators;

        public AreaIndex(IReadOnlyList<Geometry> areas)
        {
            _locators = new IPointOnGeometryLocator[areas.Count];
            for (var i = 0; i < areas.Count; i++)
            {
                _locators[i] = new IndexedPointInAreaLocator(areas[i]);
                _tree.Insert(areas[i].EnvelopeInternal, i);
            }

            _tree.Build();
        }

        public IEnumerable<int> Covering(Coordinate point) =>
            _locators.Length == 0
                ? []
                : _tree.Query(new Envelope(point)).Where(i => _locators[i].Locate(point) != Location.Exterior);
    }

    /// <summary>Union–find over face indexes.</summary>
    internal sealed class DisjointSets
    {
        private readonly int[] _parent;

        public DisjointSets(int count) => _parent = Enumerable.Range(0, count).ToArray();

        public int Find(int x)
        {
            while (_parent[x] != x)
            {
                _parent[x] = _parent[_parent[x]];
                x = _parent[x];
            }

            return x;
        }

        public void Union(int a, int b)
        {
            var (ra, rb) = (Find(a), Find(b));
            if (ra != rb)
            {
                _parent[Math.Max(ra, rb)] = Math.Min(ra, rb);
            }
        }

        public IEnumerable<int> Roots() => Enumerable.Range(0, _parent.Length).Where(i => Find(i) == i);
    }
}
