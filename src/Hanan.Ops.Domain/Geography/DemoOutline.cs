using NetTopologySuite.Geometries;

namespace Hanan.Ops.Domain.Geography;

/// <summary>
/// Irregular district outline in the local plane (metres): a star-shaped ring (vertex angles strictly
/// increasing, radius always positive, hence simple) made of a few seeded harmonics, stretched east–west,
/// slightly rotated and scaled to the target area.
/// </summary>
internal sealed class DemoOutline
{
    private const int VertexCount = 96;

    private static readonly (int Harmonic, double Amplitude)[] Harmonics = [(2, 0.10), (3, 0.07), (5, 0.04), (7, 0.025)];

    private readonly double _stretch;
    private readonly double _cos;
    private readonly double _sin;
    private readonly double _scale;

    private DemoOutline(double stretch, double rotation, double scale, Coordinate[] ring)
    {
        _stretch = stretch;
        _cos = Math.Cos(rotation);
        _sin = Math.Sin(rotation);
        _scale = scale;
        Ring = ring;
    }

    /// <summary>Closed ring in metres.</summary>
    public Coordinate[] Ring { get; }

    public static DemoOutline Create(SeededRandom random, double areaSquareMeters)
    {
        var phases = Harmonics.Select(_ => random.NextDouble(0, 2 * Math.PI)).ToArray();
        var stretch = Math.Sqrt(random.NextDouble(1.2, 1.4));
        var rotation = random.NextDouble(-0.25, 0.25);

        var unit = new (double U, double V)[VertexCount];
        for (var i = 0; i < VertexCount; i++)
        {
            var angle = 2 * Math.PI * (i + random.NextDouble(-0.35, 0.35)) / VertexCount;
            var radius = 1 + random.NextDouble(-0.02, 0.02);
            for (var h = 0; h < Harmonics.Length; h++)
            {
                radius += Harmonics[h].Amplitude * Math.Sin((Harmonics[h].Harmonic * angle) + phases[h]);
            }

            unit[i] = (radius * Math.Cos(angle), radius * Math.Sin(angle));
        }

        var unscaled = new DemoOutline(stretch, rotation, 1, []);
        var points = unit.Select(p => unscaled.FromUnit(p.U, p.V)).ToList();
        var scale = Math.Sqrt(areaSquareMeters / ShoelaceArea(points));

        var outline = new DemoOutline(stretch, rotation, scale, []);
        var ring = unit.Select(p => outline.FromUnit(p.U, p.V)).ToList();
        ring.Add(ring[0].Copy());
        return new DemoOutline(stretch, rotation, scale, [.. ring]);
    }

    /// <summary>Maps the unit frame (mean outline radius 1, +u east, +v north) to metres.</summary>
    public Coordinate FromUnit(double u, double v)
    {
        var x = u * _stretch;
        var y = v / _stretch;
        return new Coordinate(_scale * ((x * _cos) - (y * _sin)), _scale * ((x * _sin) + (y * _cos)));
    }

    private static double ShoelaceArea(List<Coordinate> points)
    {
        var sum = 0.0;
        for (var i = 0; i < points.Count; i++)
        {
            var a = points[i];
            var b = points[(i + 1) % points.Count];
            sum += (a.X * b.Y) - (b.X * a.Y);
        }

        return Math.Abs(sum) / 2;
    }
}
