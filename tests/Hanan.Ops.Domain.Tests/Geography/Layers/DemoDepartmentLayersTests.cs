using Hanan.Ops.Domain.Geography;
using Hanan.Ops.Domain.Geography.Layers;
using NetTopologySuite.Operation.OverlayNG;
using SpatialFunction = NetTopologySuite.Operation.Overlay.SpatialFunction;

namespace Hanan.Ops.Domain.Tests.Geography.Layers;

[Collection(DemoDistrictCollection.Name)]
public sealed class DemoDepartmentLayersTests(DemoDistrictFixture demo)
{
    [Fact]
    public void The_demo_has_three_departments_with_different_granularity()
    {
        var layers = DemoDepartmentLayers.Generate(demo.Map);

        layers.Select(l => l.Department).Should().Equal(Department.UrbanManagement, Department.Police, Department.CivilAffairs);
        layers[0].Grids.Should().HaveCount(demo.Map.Grids.Count);
        layers[1].Grids.Count.Should().BeLessThan(demo.Map.Grids.Count * 2 / 3, "police pairs neighbouring grids");
        layers[2].Grids.Count.Should().BeLessThan(demo.Map.Grids.Count, "civil affairs is coarser in the villages and misses some grids");
        layers.Should().AllSatisfy(l =>
        {
            l.Grids.Select(g => g.Code).Should().OnlyHaveUniqueItems();
            l.Grids.Should().OnlyContain(g => g.Boundary.IsValid);
        });
    }

    [Fact]
    public void The_demo_layers_are_deterministic()
    {
        var first = DemoDepartmentLayers.Generate(demo.Map);
        var second = DemoDepartmentLayers.Generate(demo.Map);

        first.Zip(second).Should().AllSatisfy(pair =>
            pair.First.Grids.Zip(pair.Second.Grids).Should().OnlyContain(g =>
                g.First.Code == g.Second.Code && g.First.Boundary.EqualsExact(g.Second.Boundary)));
    }

    [Fact]
    public void The_demo_layers_disagree_at_their_borders_and_with_the_district_boundary()
    {
        var layers = DemoDepartmentLayers.Generate(demo.Map);
        var urban = layers[0].Grids[0];
        var civil = layers[2].Grids.Single(g => g.Code == "MZ" + demo.Map.Grids[0].Code[6..]);

        // The same demo grid, drawn by two departments: mostly the same place, but not the same outline.
        var shared = OverlayNGRobust.Overlay(urban.Boundary, civil.Boundary, SpatialFunction.Intersection).Area;
        shared.Should().BeGreaterThan(0.9 * urban.Boundary.Area);
        OverlayNGRobust.Overlay(urban.Boundary, civil.Boundary, SpatialFunction.SymDifference).Area.Should().BeGreaterThan(0);

        foreach (var layer in layers)
        {
            var union = OverlayNGRobust.Union(layer.Grids.Select(g => g.Boundary));
            GeoMeasure.AreaSquareMeters(OverlayNGRobust.Overlay(demo.Map.Boundary, union, SpatialFunction.Difference))
                .Should().BeGreaterThan(1_000, $"{layer.Department.Code} leaves gaps inside the district");
            GeoMeasure.AreaSquareMeters(OverlayNGRobust.Overlay(union, demo.Map.Boundary, SpatialFunction.Difference))
                .Should().BeGreaterThan(1_000, $"{layer.Department.Code} reaches outside the district");
        }
    }
}
