using NetTopologySuite.Geometries;

namespace Hanan.Ops.Domain.Geography;

/// <summary>Community (社区) or village (村): 12-digit code = street code + 3-digit serial.</summary>
public sealed record Community(string Code, string Name, string StreetCode, Polygon Boundary) : IDistrictUnit
{
    public double AreaSquareMeters => GeoMeasure.AreaSquareMeters(Boundary);

    public Point LabelPoint => Boundary.InteriorPoint;

    public override string ToString() => $"{Code} {Name}";
}
