using System.Globalization;
using Hanan.Ops.Domain.Geography;
using Hanan.Ops.Domain.Geography.Consolidation;
using Hanan.Ops.Domain.Identity;
using NetTopologySuite.Algorithm.Locate;
using NetTopologySuite.Geometries;

namespace Hanan.Ops.Domain.Population;

/// <summary>
/// The synthetic, seeded population of the demo district: about 75,000 households and 190,000 residents in buildings
/// inside the grids (at most <see cref="MaxHouseholdsPerGrid"/> households and <see cref="MaxPeoplePerGrid"/> people per
/// grid), about 3,000 legal persons, and the public components. ID numbers are valid but synthetic: area code 230108,
/// a real birth date, a unique sequence number per birth date whose parity matches the sex, and the correct check
/// character. Credit codes carry the right check character too. The same seed and map give the same population.
/// </summary>
/// <remarks>
/// <see cref="Generate"/> plans buildings, households (dwelling, size, registration), components and legal persons in
/// well under a second. <see cref="Households"/> then streams the households with their members, drawing the people
/// from their own seeded sequence, so each enumeration yields the same residents and a seeder can report progress
/// against <see cref="HouseholdCount"/> and <see cref="ResidentCount"/>.
/// </remarks>
public sealed class DemoPopulation
{
    public const int DefaultSeed = 230108;

    public const int TargetHouseholds = 75_000;

    public const int TargetLegalPersons = 3_000;

    public const int MaxHouseholdsPerGrid = 300;

    public const int MaxPeoplePerGrid = 1_000;

    /// <summary>The day ages are reckoned on; fixed so that the population does not change with the clock.</summary>
    public static readonly DateOnly ReferenceDate = new(2026, 1, 1);

    private const string AreaCode = District.Code;

    private readonly PlannedHousehold[] _households;
    private readonly int _seed;

    private DemoPopulation(int seed, PlannedHousehold[] households, List<Place> places, List<Component> components, List<LegalPerson> legalPersons)
    {
        _seed = seed;
        _households = households;
        Places = places;
        Components = components;
        LegalPersons = legalPersons;
        ResidentCount = households.Sum(h => h.Size);
    }

    public IReadOnlyList<Place> Places { get; }

    public IReadOnlyList<Component> Components { get; }

    public IReadOnlyList<LegalPerson> LegalPersons { get; }

    public int HouseholdCount => _households.Length;

    public int ResidentCount { get; }

    /// <summary>Plans the population of a map (normally <see cref="DemoDistrict.Generate"/>'s).</summary>
    public static DemoPopulation Generate(DistrictMap map, int seed = DefaultSeed)
    {
        ArgumentNullException.ThrowIfNull(map);
        var random = new SeededRandom(seed);
        var grids = map.Grids;
        var weights = grids.Select(_ => random.NextDouble(0.5, 1.5)).ToArray();
        var total = weights.Sum();

        var places = new List<Place>();
        var components = new List<Component>();
        var households = new List<PlannedHousehold>(TargetHouseholds + 1000);
        var componentSerials = new Dictionary<(ComponentClass, int), int>();
        for (var g = 0; g < grids.Count; g++)
        {
            var grid = grids[g];
            var sampler = new PointSampler(grid.Boundary, random);
            var rural = IsRural(grid.StreetCode);
            var target = Math.Clamp((int)Math.Round(TargetHouseholds * weights[g] / total), 20, MaxHouseholdsPerGrid);
            PlanHouseholds(grid.Code, target, rural, random, sampler, places, households);
            PlanCommunityBuildings(grid.Code, rural, random, sampler, places);
            PlanComponents(grid.Code, random, sampler, componentSerials, components);
        }

        var legalPersons = PlanLegalPersons(map, places, random);
        return new DemoPopulation(seed, [.. households], places, components, legalPersons);
    }

    /// <summary>
    /// The same population on another map of the same ground, such as the unified grid: every building, component
    /// and organisation keeps its point and is given the grid of <paramref name="map"/> that covers it
    /// (<see cref="DistrictMap.Locate"/>). Buildings are renumbered within their new grid (a building id is its grid
    /// code + B + serial), in their original order, and households and organisations follow their buildings. The
    /// residents are the same people as before, in the same households.
    /// </summary>
    /// <exception cref="InvalidOperationException">A point lies outside every grid of the map, or a grid would hold
    /// more than 999 buildings.</exception>
    public DemoPopulation LocatedOn(DistrictMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        var buildingIds = new Dictionary<string, string>(Places.Count, StringComparer.Ordinal);
        var serials = new Dictionary<string, int>(StringComparer.Ordinal);
        var places = new List<Place>(Places.Count);
        foreach (var place in Places)
        {
            var grid = GridAt(map, place.Longitude, place.Latitude, "building " + place.Id);
            var serial = serials[grid] = serials.GetValueOrDefault(grid) + 1;
            if (serial > 999)
            {
                throw new InvalidOperationException($"Grid {grid} would hold more than 999 buildings; a building id has room for 3 digits.");
            }

            var id = Place.BuildingId(grid, serial);
            buildingIds.Add(place.Id, id);
            places.Add(place with { Id = id, GridCode = grid });
        }

        var households = _households
            .Select(h => h with { Dwelling = h.Dwelling with { BuildingId = buildingIds[h.Dwelling.BuildingId] } })
            .ToArray();
        var components = Components
            .Select(c => c with { GridCode = GridAt(map, c.Longitude, c.Latitude, "component " + c.Id) })
            .ToList();
        var legalPersons = LegalPersons
            .Select(l => l with
            {
                GridCode = GridAt(map, l.Longitude, l.Latitude, "organisation " + l.Code),
                PlaceId = l.PlaceId is null ? null : buildingIds[l.PlaceId],
            })
            .ToList();
        return new DemoPopulation(_seed, households, places, components, legalPersons);
    }

    private static string GridAt(DistrictMap map, double longitude, double latitude, string what) =>
        map.Locate(latitude, longitude)?.Code
        ?? throw new InvalidOperationException($"The {what} at {longitude}, {latitude} lies outside every grid of the map.");

    /// <summary>Every household with its members, in grid order; deterministic, lazily generated.</summary>
    public IEnumerable<DemoHousehold> Households()
    {
        var random = new SeededRandom(unchecked(_seed * 31 + 0x5EED));
        var usedIds = new HashSet<long>();
        foreach (var planned in _households)
        {
            yield return new DemoHousehold(planned.Dwelling, planned.Longitude, planned.Latitude, planned.Registration,
                People.Members(planned, random, usedIds));
        }
    }

    /// <summary>Every household as a point with its head count, for grid consolidation (no residents are generated).</summary>
    public IEnumerable<HouseholdPoint> HouseholdPoints() =>
        _households.Select(h => new HouseholdPoint(h.Dwelling.HouseholdId, h.Longitude, h.Latitude, h.Size));

    internal static bool IsRural(string streetCode) => streetCode is "230108101" or "230108579";

    private static void PlanHouseholds(string gridCode, int target, bool rural, SeededRandom random, PointSampler sampler,
        List<Place> places, List<PlannedHousehold> households)
    {
        var people = 0;
        var count = 0;
        var serial = places.Count(p => p.GridCode == gridCode);
        while (count < target && people < MaxPeoplePerGrid)
        {
            var (lon, lat) = sampler.Next();
            var id = Place.BuildingId(gridCode, ++serial);
            var place = rural
                ? new Place(id, PlaceKind.House, $"{serial}号院", gridCode, lon, lat, 1, 1, 0)
                : new Place(id, PlaceKind.ResidentialBuilding, $"{serial}号楼", gridCode, lon, lat,
                    random.NextInt(2, 5), random.NextDouble() < 0.2 ? random.NextInt(11, 19) : random.NextInt(5, 8), 2);
            places.Add(place);
            foreach (var dwelling in place.Dwellings())
            {
                // About one flat in twelve stands empty.
                if (!rural && random.NextDouble() < 0.08)
                {
                    continue;
                }

                var size = Math.Min(HouseholdSize(random), MaxPeoplePerGrid - people);
                var registration = random.NextDouble() < (rural ? 0.1 : 0.22) ? Registration.Floating : Registration.Registered;
                households.Add(new PlannedHousehold(dwelling, lon, lat, size, registration));
                people += size;
                if (++count == target || people == MaxPeoplePerGrid)
                {
                    break;
                }
            }
        }
    }

    /// <summary>1 to 5 people; mean about 2.5 (Harbin's average household).</summary>
    private static int HouseholdSize(SeededRandom random) => random.NextDouble() switch
    {
        < 0.22 => 1,
        < 0.53 => 2,
        < 0.80 => 3,
        < 0.93 => 4,
        _ => 5,
    };

    private static void PlanCommunityBuildings(string gridCode, bool rural, SeededRandom random, PointSampler sampler, List<Place> places)
    {
        var serial = places.Count(p => p.GridCode == gridCode);
        void Add(PlaceKind kind, string name, int floors)
        {
            var (lon, lat) = sampler.Next();
            places.Add(new Place(Place.BuildingId(gridCode, ++serial), kind, name, gridCode, lon, lat, 1, floors, 0));
        }

        Add(PlaceKind.Commercial, rural ? "村委会及商店" : "商业楼", rural ? 1 : random.NextInt(2, 6));
        if (random.NextDouble() < 0.12)
        {
            Add(PlaceKind.School, rural ? "村小学" : "小学", 3);
        }

        if (random.NextDouble() < 0.15)
        {
            Add(PlaceKind.Clinic, "卫生服务站", 2);
        }
    }

    private static readonly (ComponentClass Class, int Kind, string Name, double Weight)[] ComponentKinds =
    [
        (ComponentClass.PublicUtility, 1, "上水井盖", 5),
        (ComponentClass.PublicUtility, 2, "污水井盖", 5),
        (ComponentClass.PublicUtility, 3, "雨水井盖", 4),
        (ComponentClass.PublicUtility, 4, "消防栓", 2),
        (ComponentClass.PublicUtility, 5, "路灯", 6),
        (ComponentClass.RoadTraffic, 1, "公交站亭", 0.5),
        (ComponentClass.RoadTraffic, 2, "交通信号灯", 0.5),
        (ComponentClass.RoadTraffic, 3, "交通标志牌", 1.5),
        (ComponentClass.RoadTraffic, 4, "道路护栏", 1),
        (ComponentClass.CityAppearance, 1, "公共厕所", 0.3),
        (ComponentClass.CityAppearance, 2, "垃圾箱", 3),
        (ComponentClass.CityAppearance, 3, "广告牌", 1),
        (ComponentClass.Greenery, 1, "行道树", 3),
        (ComponentClass.Greenery, 2, "绿地", 1),
        (ComponentClass.Greenery, 3, "座椅", 1),
        (ComponentClass.HousingLand, 1, "宣传栏", 0.7),
        (ComponentClass.Other, 1, "健身器材", 0.5),
    ];

    private static void PlanComponents(string gridCode, SeededRandom random, PointSampler sampler,
        Dictionary<(ComponentClass, int), int> serials, List<Component> components)
    {
        var totalWeight = ComponentKinds.Sum(k => k.Weight);
        var count = random.NextInt(15, 41);
        for (var i = 0; i < count; i++)
        {
            var pick = random.NextDouble() * totalWeight;
            var kind = ComponentKinds[^1];
            foreach (var k in ComponentKinds)
            {
                pick -= k.Weight;
                if (pick < 0)
                {
                    kind = k;
                    break;
                }
            }

            var serial = serials[(kind.Class, kind.Kind)] = serials.GetValueOrDefault((kind.Class, kind.Kind)) + 1;
            var id = string.Create(CultureInfo.InvariantCulture, $"{AreaCode}{(int)kind.Class:D2}{kind.Kind:D2}{serial:D6}");
            var (lon, lat) = sampler.Next();
            components.Add(new Component(id, kind.Class, kind.Name, gridCode, lon, lat));
        }
    }

    private static List<LegalPerson> PlanLegalPersons(DistrictMap map, List<Place> places, SeededRandom random)
    {
        var grids = map.Grids;
        var weights = grids.Select(g => IsRural(g.StreetCode) ? random.NextDouble(0.2, 0.6) : random.NextDouble(1.0, 2.0)).ToArray();
        var total = weights.Sum();
        var commercial = places.Where(p => p.Kind == PlaceKind.Commercial).ToDictionary(p => p.GridCode, StringComparer.Ordinal);
        var used = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<LegalPerson>(TargetLegalPersons + 100);
        for (var g = 0; g < grids.Count; g++)
        {
            var grid = grids[g];
            var rural = IsRural(grid.StreetCode);
            var count = (int)Math.Round(TargetLegalPersons * weights[g] / total);
            var sampler = new PointSampler(grid.Boundary, random);
            for (var i = 0; i < count; i++)
            {
                var (prefix, name) = Organisations.Next(random, rural);
                var code = Organisations.CreditCode(prefix, random, used);
                // Shops and small firms sit in the grid's commercial building; the others somewhere in the grid.
                var building = random.NextDouble() < 0.4 ? commercial.GetValueOrDefault(grid.Code) : null;
                var (lon, lat) = building is null ? sampler.Next() : (building.Longitude, building.Latitude);
                result.Add(new LegalPerson(code, name, grid.Code, lon, lat, building?.Id));
            }
        }

        return result;
    }

    /// <summary>Random points strictly inside one grid, on the map's 1e-7° grid.</summary>
    private sealed class PointSampler(Polygon polygon, SeededRandom random)
    {
        private readonly IndexedPointInAreaLocator _locator = new(polygon);
        private readonly Envelope _envelope = polygon.EnvelopeInternal;

        public (double Longitude, double Latitude) Next()
        {
            for (var attempt = 0; attempt < 1000; attempt++)
            {
                var lon = Math.Round(random.NextDouble(_envelope.MinX, _envelope.MaxX), 7);
                var lat = Math.Round(random.NextDouble(_envelope.MinY, _envelope.MaxY), 7);
                if (_locator.Locate(new Coordinate(lon, lat)) == Location.Interior)
                {
                    return (lon, lat);
                }
            }

            var inside = polygon.InteriorPoint.Coordinate;
            return (inside.X, inside.Y);
        }
    }
}

/// <summary>A planned household: where, how many, registered or floating.</summary>
internal readonly record struct PlannedHousehold(Dwelling Dwelling, double Longitude, double Latitude, int Size, Registration Registration);

/// <summary>A household of the demo population with its members; <see cref="Members"/>[0] is the head of household (户主).</summary>
public sealed record DemoHousehold(Dwelling Dwelling, double Longitude, double Latitude, Registration Registration, IReadOnlyList<Resident> Members)
{
    public string Id => Dwelling.HouseholdId;

    public string GridCode => Dwelling.GridCode;
}
