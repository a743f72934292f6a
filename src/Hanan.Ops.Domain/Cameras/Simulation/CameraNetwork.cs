using System.Globalization;
using Hanan.Ops.Domain.Geography;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;

namespace Hanan.Ops.Domain.Cameras.Simulation;

/// <summary>A camera at an intersection of the road graph.</summary>
public sealed record CameraSite(CameraId Id, int Node, string Intersection, double Latitude, double Longitude, int HeadingDegrees, string? GridCode);

/// <summary>
/// The demo district's arterial road graph and the cameras on it. Arterials form a square lattice laid over the
/// district outline (north–south 经 streets, east–west 纬 roads); an intersection is a lattice node inside the
/// outline, a road segment joins neighbouring nodes when it stays inside. The spacing is the widest (in 25 m steps
/// from 1 km down) that gives at least twice as many intersections as cameras in the largest connected part.
/// Cameras go to the intersections nearest the urban streets' centre (the dense core), so the rural edge has fewer.
/// Deterministic: the same map and count give the same graph, IDs and positions.
/// </summary>
public sealed class CameraNetwork
{
    public const int DemoCameraCount = 152;

    private readonly int[][] _neighbours;
    private readonly int[][] _hops;
    private readonly Dictionary<string, CameraSite> _byId;
    private readonly Dictionary<int, CameraSite> _byNode;

    private CameraNetwork(double spacing, Coordinate[] nodes, int[][] neighbours, CameraSite[] cameras)
    {
        SpacingMeters = spacing;
        Nodes = nodes;
        _neighbours = neighbours;
        Cameras = cameras;
        _byId = cameras.ToDictionary(c => c.Id.Value, StringComparer.Ordinal);
        _byNode = cameras.ToDictionary(c => c.Node);
        _hops = [.. Enumerable.Range(0, nodes.Length).Select(Hops)];
    }

    public double SpacingMeters { get; }

    /// <summary>Intersections as lon/lat coordinates (X = longitude).</summary>
    public IReadOnlyList<Coordinate> Nodes { get; }

    public IReadOnlyList<CameraSite> Cameras { get; }

    public IReadOnlyList<int> NeighboursOf(int node) => _neighbours[node];

    public CameraSite? Find(string cameraId) => _byId.GetValueOrDefault(cameraId);

    public CameraSite? AtNode(int node) => _byNode.GetValueOrDefault(node);

    /// <summary>Length of the shortest road path between two intersections, in metres; infinity when unconnected.</summary>
    public double RoadMeters(int from, int to) => _hops[from][to] < 0 ? double.PositiveInfinity : _hops[from][to] * SpacingMeters;

    /// <summary>Road distance between two reads' cameras; great circle for a camera not on the graph.</summary>
    public double RoadDistance(PlateSighting from, PlateSighting to) =>
        Find(from.CameraId) is { } a && Find(to.CameraId) is { } b ? RoadMeters(a.Node, b.Node) : CloneDetector.GreatCircleDistance(from, to);

    /// <summary>The hop count from <paramref name="from"/> to every node (−1 when unreachable).</summary>
    public int HopsBetween(int from, int to) => _hops[from][to];

    public static CameraNetwork Build(DistrictMap map, int cameraCount = DemoCameraCount)
    {
        var centre = map.Boundary.EnvelopeInternal.Centre;
        var plane = new LocalPlane(centre.Y, centre.X);
        var outline = PreparedGeometryFactory.Prepare(plane.ToMeters(map.Boundary));
        var envelope = plane.ToMeters(map.Boundary).EnvelopeInternal;

        for (var spacing = 1000.0; spacing >= 200; spacing -= 25)
        {
            var (nodes, neighbours, columns) = Lattice(outline, envelope, spacing);
            if (nodes.Count < 2 * cameraCount)
            {
                continue;
            }

            var coordinates = nodes.Select(n => plane.ToDegrees(n.Meters)).ToArray();
            var cameras = PlaceCameras(map, coordinates, nodes, neighbours, columns, cameraCount);
            return new CameraNetwork(spacing, coordinates, neighbours, cameras);
        }

        throw new InvalidOperationException($"The district is too small for {cameraCount} cameras on a 200 m lattice.");
    }

    private static (List<(int Column, int Row, Coordinate Meters)> Nodes, int[][] Neighbours, int Columns) Lattice(
        IPreparedGeometry outline, Envelope envelope, double spacing)
    {
        var factory = LocalPlane.Factory;
        var columns = (int)Math.Floor(envelope.Width / spacing) + 1;
        var rows = (int)Math.Floor(envelope.Height / spacing) + 1;
        var index = new Dictionary<(int, int), int>();
        var all = new List<(int Column, int Row, Coordinate Meters)>();
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                var point = new Coordinate(envelope.MinX + (spacing / 2) + (c * spacing), envelope.MinY + (spacing / 2) + (r * spacing));
                if (outline.Covers(factory.CreatePoint(point)))
                {
                    index[(c, r)] = all.Count;
                    all.Add((c, r, point));
                }
            }
        }

        var edges = all.Select(_ => new List<int>(4)).ToArray();
        foreach (var (key, i) in index)
        {
            foreach (var next in new[] { (key.Item1 + 1, key.Item2), (key.Item1, key.Item2 + 1) })
            {
                if (index.TryGetValue(next, out var j)
                    && outline.Covers(factory.CreateLineString([all[i].Meters, all[j].Meters])))
                {
                    edges[i].Add(j);
                    edges[j].Add(i);
                }
            }
        }

        // The largest connected part, renumbered in the original (row, column) order.
        var part = new int[all.Count];
        Array.Fill(part, -1);
        var sizes = new List<int>();
        for (var i = 0; i < all.Count; i++)
        {
            if (part[i] >= 0)
            {
                continue;
            }

            var queue = new Queue<int>([i]);
            part[i] = sizes.Count;
            var size = 0;
            while (queue.TryDequeue(out var n))
            {
                size++;
                foreach (var m in edges[n].Where(m => part[m] < 0))
                {
                    part[m] = sizes.Count;
                    queue.Enqueue(m);
                }
            }

            sizes.Add(size);
        }

        var largest = sizes.IndexOf(sizes.Count == 0 ? 0 : sizes.Max());
        var kept = Enumerable.Range(0, all.Count).Where(i => part[i] == largest).ToArray();
        var renumber = kept.Select((old, i) => (old, i)).ToDictionary(x => x.old, x => x.i);
        var nodes = kept.Select(i => all[i]).ToList();
        var neighbours = kept.Select(i => edges[i].Select(j => renumber[j]).Order().ToArray()).ToArray();
        return (nodes, neighbours, columns);
    }

    private static CameraSite[] PlaceCameras(DistrictMap map, Coordinate[] coordinates, List<(int Column, int Row, Coordinate Meters)> nodes,
        int[][] neighbours, int columns, int count)
    {
        var urban = map.Streets.Where(s => string.CompareOrdinal(s.Code, "230108100") < 0).ToList();
        var core = urban.Count == 0
            ? map.Boundary.Centroid.Coordinate
            : new Coordinate(urban.Average(s => s.LabelPoint.X), urban.Average(s => s.LabelPoint.Y));
        var chosen = Enumerable.Range(0, nodes.Count)
            .OrderBy(i => Appeals.GreatCircle.DistanceMeters(coordinates[i].Y, coordinates[i].X, core.Y, core.X))
            .ThenBy(i => i)
            .Take(count)
            .Order()
            .ToArray();

        return [.. chosen.Select((node, serial) =>
        {
            var (column, row, _) = nodes[node];
            var checkpoint = serial % 4 == 0;
            var id = CameraId.Create(District.Code + "00", checkpoint ? "05" : "00", checkpoint ? "121" : "132", '0', serial + 1);
            var heading = neighbours[node].Length == 0 ? 0 : HeadingTo(nodes[node].Meters, nodes[neighbours[node][0]].Meters);
            var c = coordinates[node];
            var name = string.Create(CultureInfo.InvariantCulture, $"经{column + 1}街与纬{row + 1}路交口");
            return new CameraSite(id, node, name, Math.Round(c.Y, 7), Math.Round(c.X, 7), heading, map.Locate(c.Y, c.X)?.Code);
        })];
    }

    private static int HeadingTo(Coordinate from, Coordinate to)
    {
        var degrees = Math.Atan2(to.X - from.X, to.Y - from.Y) * 180 / Math.PI;
        return (int)Math.Round((degrees + 360) % 360);
    }

    private int[] Hops(int from)
    {
        var hops = new int[Nodes.Count];
        Array.Fill(hops, -1);
        hops[from] = 0;
        var queue = new Queue<int>([from]);
        while (queue.TryDequeue(out var n))
        {
            foreach (var m in _neighbours[n].Where(m => hops[m] < 0))
            {
                hops[m] = hops[n] + 1;
                queue.Enqueue(m);
            }
        }

        return hops;
    }
}
