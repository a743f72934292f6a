using Hanan.Ops.Domain.Geography;

namespace Hanan.Ops.Domain.Tests.Geography;

public sealed class GeoMeasureTests
{
    [Theory]
    [InlineData(45.60, 126.60, 0.01)]
    [InlineData(45.50, 126.50, 0.1)]
    [InlineData(0, 10, 0.05)]
    public void The_area_of_a_longitude_latitude_box_matches_the_spherical_formula(double south, double west, double size)
    {
        var box = HandBuiltLayout.Box(west, south, west + size, south + size);
        const double r = 6_371_008.8;
        var expected = r * r * (size * Math.PI / 180) *
            (Math.Sin((south + size) * Math.PI / 180) - Math.Sin(south * Math.PI / 180));

        GeoMeasure.AreaSquareMeters(box).Should().BeApproximately(expected, 1e-4 * expected);
    }

    [Fact]
    public void A_hole_is_not_counted()
    {
        var outer = HandBuiltLayout.Box(126.60, 45.50, 126.70, 45.60);
        var inner = HandBuiltLayout.Box(126.62, 45.52, 126.64, 45.54);
        var withHole = Wgs84.Factory.CreatePolygon(outer.Shell, [inner.Shell]);

        GeoMeasure.AreaSquareMeters(withHole).Should().BeApproximately(
            GeoMeasure.AreaSquareMeters(outer) - GeoMeasure.AreaSquareMeters(inner), 1e-3);
    }
}
