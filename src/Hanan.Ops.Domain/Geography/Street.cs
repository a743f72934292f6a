using NetTopologySuite.Geometries;

namespace Hanan.Ops.Domain.Geography;

/// <summary>Street-level unit (街道, 镇 or farm): 9-digit code = 6-digit county code + 3 digits.</summary>
public sealed record Street(string Code, string Name, Polygon Boundary) : IDistrictUnit
{
    public double AreaSquareMeters => GeoMeasure.AreaSquareMeters(Boundary);

    public Point LabelPoint => Boundary.InteriorPoint;

    public override string ToString() => $"{Code} {Name}";
}
