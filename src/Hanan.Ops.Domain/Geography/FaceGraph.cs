using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.OverlayNG;
using NetTopologySuite.Operation.Polygonize;
using SpatialFunction = NetTopologySuite.Operation.Overlay.SpatialFunction;

namespace Hanan.Ops.Domain.Geography;

/// <summary>
/// The outline cut by a set of lines into faces, all noded together once on the <see cref="Wgs84.PrecisionModel"/>
/// grid (snap rounding). Any set of faces therefore shares borders vertex for vertex with the rest, and unions of
/// faces partition the outline exactly. Also knows which faces are neighbours and how long their common border is.
/// </summary>
internal sealed class FaceGraph
{
    private readonly Polygon[] _faces;
    private readonly Coordinate[] _interiorMeters;
    private readonly double[] _areas;
    private readonly List<(int Face, double Length)>[] _neighbours;

    private FaceGraph(Polygon[] faces, Coordinate[] interiorMeters, double[] areas, List<(int Face, double Length)>[] neighbours)
    {
        _faces = faces;
        _interiorMeters = interiorMeters;
        _areas = areas;
        _neighbours = neighbours;
    }

    public int Count => _faces.Length;

    public Polygon Face(int face) => _faces[face];

    /// <summary>A point strictly inside the face, in the local plane.</summary>
    public Coordinate InteriorMeters(int face) => _interiorMeters[face];

    /// <summary>Planar area in square degrees (only compared with other faces).</summary>
    public double Area(int face) => _areas[face];

    /// <summary>Faces sharing a border with this one and the border length in metres.</summary>
    public IReadOnlyList<(int Face, double Length)> Neighbours(int face) => _neighbours[face];

    /// <param name="outline">The area to cut, on the precision grid.</param>
    /// <param name="cutLines">Lines in lon/lat (any precision); the parts outside the outline are ignored.</param>
    /// <param name="plane">Local plane for interior points and border lengths.</param>
    /// <param name="precision">Grid of the snap rounding; <see cref="Wgs84.PrecisionModel"/> (1e-7°) unless a finer
    /// one is wanted, so that inserted vertices move the outline's borders less.</param>
    public static FaceGraph Build(Polygon outline, IEnumerable<Geometry> cutLines, LocalPlane plane, PrecisionModel? precision = null)
    {
        precision ??= Wgs84.PrecisionModel;
        var cuts = Wgs84.FloatingFactory.BuildGeometry(cutLines);
        var inside = OverlayNGRobust.Overlay(cuts, outline, SpatialFunction.Intersection);
        var noded = UnaryUnionNG.Union([inside, outline.Boundary], new GeometryFactory(precision, Wgs84.Srid), precision);

        var polygonizer = new Polygonizer();
        polygonizer.Add(noded);
        var faces = polygonizer.GetPolygons().Cast<Polygon>().ToArray();

        var interior = faces.Select(f => plane.ToMeters(f.InteriorPoint.Coordinate)).ToArray();
        var areas = faces.Select(f => f.Area).ToArray();
        return new FaceGraph(faces, interior, areas, BuildNeighbours(faces, plane, precision.Scale));
    }

    private static List<(int Face, double Length)>[] BuildNeighbours(Polygon[] faces, LocalPlane plane, double scale)
    {
        // After snap rounding every shared border appears in both faces with the same grid-exact segments.
        var owner = new Dictionary<(long, long, long, long), int>();
        var shared = new Dictionary<(int, int), double>();
        for (var f = 0; f < faces.Length; f++)
        {
            foreach (var ring in faces[f].Holes.Prepend(faces[f].Shell))
            {
                var seq = ring.CoordinateSequence;
                for (var i = 0; i < seq.Count - 1; i++)
                {
                    var a = (X: (long)Math.Round(seq.GetX(i) * scale), Y: (long)Math.Round(seq.GetY(i) * scale));
                    var b = (X: (long)Math.Round(seq.GetX(i + 1) * scale), Y: (long)Math.Round(seq.GetY(i + 1) * scale));
                    var key = a.CompareTo(b) < 0 ? (a.X, a.Y, b.X, b.Y) : (b.X, b.Y, a.X, a.Y);
                    if (!owner.TryAdd(key, f) && owner[key] != f)
                    {
                        var pair = (Math.Min(f, owner[key]), Math.Max(f, owner[key]));
                        shared[pair] = shared.GetValueOrDefault(pair) + plane.DistanceMeters(seq.GetCoordinate(i), seq.GetCoordinate(i + 1));
                    }
                }
            }
        }

        var neighbours = faces.Select(_ => new List<(int Face, double Length)>()).ToArray();
        foreach (var ((a, b), length) in shared.OrderBy(kv => kv.Key))
        {
            neighbours[a].Add((b, length));
            neighbours[b].Add((a, length));
        }

        return neighbours;
    }
}
