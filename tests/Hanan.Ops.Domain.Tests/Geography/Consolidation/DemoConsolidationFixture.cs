using System.Globalization;
using Hanan.Ops.Domain.Geography;
using Hanan.Ops.Domain.Geography.Consolidation;
using Hanan.Ops.Domain.Geography.Layers;
using NetTopologySuite.Algorithm.Locate;
using NetTopologySuite.Geometries;

namespace Hanan.Ops.Domain.Tests.Geography.Consolidation;

/// <summary>
/// The demo district's three departmental layers consolidated once for all demo consolidation tests. Household
/// points are derived simply here (not a population model): each demo grid gets 40–260 households at seeded spots
/// inside it, every 40th grid 450 so that splitting is exercised, each household 1–4 people.
/// </summary>
public sealed class DemoConsolidationFixture
{
    public DemoConsolidationFixture()
    {
        District = DemoDistrict.Generate();
        Layers = DemoDepartmentLayers.Generate(District);
        Households = DeriveHouseholds(District);
        Result = GridConsolidator.Consolidate(District, Layers, Households);
    }

    public DistrictMap District { get; }

    public IReadOnlyList<DepartmentLayer> Layers { get; }

    public IReadOnlyList<HouseholdPoint> Households { get; }

    public ConsolidationResult Result { get; }

    private static List<HouseholdPoint> DeriveHouseholds(DistrictMap district)
    {
        var random = new Random(230108);
        var households = new List<HouseholdPoint>();
        for (var g = 0; g < district.Grids.Count; g++)
        {
            var grid = district.Grids[g];
            var count = g % 40 == 0 ? 450 : random.Next(40, 261);
            var locator = new IndexedPointInAreaLocator(grid.Boundary);
            var envelope = grid.Boundary.EnvelopeInternal;
            for (var i = 0; i < count;)
            {
                var at = new Coordinate(
                    envelope.MinX + (random.NextDouble() * envelope.Width),
                    envelope.MinY + (random.NextDouble() * envelope.Height));
                if (locator.Locate(at) == Location.Interior)
                {
                    households.Add(new HouseholdPoint(
                        string.Create(CultureInfo.InvariantCulture, $"{grid.Code}-{i}"), at.X, at.Y, random.Next(1, 5)));
                    i++;
                }
            }
        }

        return households;
    }
}

[CollectionDefinition(Name)]
public sealed class DemoConsolidationCollection : ICollectionFixture<DemoConsolidationFixture>
{
    public const string Name = "Demo consolidation";
}
