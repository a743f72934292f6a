using NetTopologySuite.Geometries;

namespace Hanan.Ops.Domain.Geography;

/// <summary>Management grid (网格): 15-digit code = community code + 3-digit serial.</summary>
public sealed record Grid(string Code, string Name, string CommunityCode, string StreetCode, Polygon Boundary) : IDistrictUnit
{
    public double AreaSquareMeters => GeoMeasure.AreaSquareMeters(Boundary);

    public Point LabelPoint => Boundary.InteriorPoint;

    public override string ToString() => $"{Code} {Name}";
}
