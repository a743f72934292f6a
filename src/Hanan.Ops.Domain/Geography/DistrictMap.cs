using System.Collections.ObjectModel;
using System.Globalization;
using NetTopologySuite.Algorithm.Locate;
using NetTopologySuite.Coverage;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;
using NetTopologySuite.Operation.Valid;

namespace Hanan.Ops.Domain.Geography;

/// <summary>
/// The district's administrative geometry: boundary, streets, communities and grids (WGS84, X = longitude,
/// Y = latitude), with code lookups and point location. Immutable and safe for concurrent readers; the NTS
/// geometries it hands out must be treated as read-only.
/// </summary>
public sealed class DistrictMap
{
    private const int MaxReportedProblems = 25;

    private readonly Dictionary<string, Street> _streetsByCode;
    private readonly Dictionary<string, Community> _communitiesByCode;
    private readonly Dictionary<string, Grid> _gridsByCode;
    private readonly Dictionary<string, IReadOnlyList<Community>> _communitiesByStreet;
    private readonly Dictionary<string, IReadOnlyList<Grid>> _gridsByCommunity;
    private readonly STRtree<int> _gridIndex = new();
    private readonly IndexedPointInAreaLocator[] _gridLocators;
    private readonly IndexedPointInAreaLocator _boundaryLocator;

    private DistrictMap(Polygon boundary, Street[] streets, Community[] communities, Grid[] grids)
    {
        Boundary = boundary;
        Streets = new ReadOnlyCollection<Street>(streets);
        Communities = new ReadOnlyCollection<Community>(communities);
        Grids = new ReadOnlyCollection<Grid>(grids);
        AreaSquareMeters = GeoMeasure.AreaSquareMeters(boundary);

        _streetsByCode = streets.ToDictionary(s => s.Code, StringComparer.Ordinal);
        _communitiesByCode = communities.ToDictionary(c => c.Code, StringComparer.Ordinal);
        _gridsByCode = grids.ToDictionary(g => g.Code, StringComparer.Ordinal);
        _communitiesByStreet = communities
            .GroupBy(c => c.StreetCode, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<Community>)g.ToList().AsReadOnly(), StringComparer.Ordinal);
        _gridsByCommunity = grids
            .GroupBy(g => g.CommunityCode, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<Grid>)g.ToList().AsReadOnly(), StringComparer.Ordinal);

        _gridLocators = new IndexedPointInAreaLocator[grids.Length];
        for (var i = 0; i < grids.Length; i++)
        {
            _gridLocators[i] = new IndexedPointInAreaLocator(grids[i].Boundary);
            _gridIndex.Insert(grids[i].Boundary.EnvelopeInternal, i);
        }

        _gridIndex.Build();
        _boundaryLocator = new IndexedPointInAreaLocator(boundary);
    }

    /// <summary>Outline of the whole district.</summary>
    public Polygon Boundary { get; }

    /// <summary>Streets ordered by code.</summary>
    public IReadOnlyList<Street> Streets { get; }

    /// <summary>Communities ordered by code.</summary>
    public IReadOnlyList<Community> Communities { get; }

    /// <summary>Grids ordered by code.</summary>
    public IReadOnlyList<Grid> Grids { get; }

    /// <summary>Area of <see cref="Boundary"/> in square metres.</summary>
    public double AreaSquareMeters { get; }

    /// <summary>
    /// Builds a map from supplied layers (for example imported ones) after checking them: codes are digits of
    /// the right length (street 9 starting with the district code, community 12, grid 15), unique, and nest
    /// (a community's code starts with its street's code, a grid's with its community's; the parent exists and
    /// the grid's street code agrees); names are not blank; every street has a community and every community a
    /// grid; every polygon is non-empty, OGC-valid, SRID 4326 and within longitude/latitude ranges.
    /// It does not check that the layers partition each other: imported data rarely matches to the centimetre.
    /// </summary>
    /// <exception cref="ArgumentException">The layers are inconsistent; the message lists the problems.</exception>
    public static DistrictMap FromLayers(
        Polygon boundary,
        IEnumerable<Street> streets,
        IEnumerable<Community> communities,
        IEnumerable<Grid> grids)
    {
        ArgumentNullException.ThrowIfNull(streets);
        ArgumentNullException.ThrowIfNull(communities);
        ArgumentNullException.ThrowIfNull(grids);

        var streetArray = streets.OrderBy(s => s?.Code, StringComparer.Ordinal).ToArray();
        var communityArray = communities.OrderBy(c => c?.Code, StringComparer.Ordinal).ToArray();
        var gridArray = grids.OrderBy(g => g?.Code, StringComparer.Ordinal).ToArray();

        var problems = new List<string>();
        CheckPolygon("district boundary", boundary, problems);
        CheckLayers(streetArray, communityArray, gridArray, problems);

        if (problems.Count > 0)
        {
            var shown = problems.Take(MaxReportedProblems).Select(p => "  - " + p);
            var more = problems.Count > MaxReportedProblems
                ? [$"  … and {problems.Count - MaxReportedProblems} more"]
                : Array.Empty<string>();
            throw new ArgumentException(
                "The district layers are inconsistent:" + Environment.NewLine +
                string.Join(Environment.NewLine, shown.Concat(more)));
        }

        return new DistrictMap(boundary, streetArray, communityArray, gridArray);
    }

    public Street? FindStreet(string code) => _streetsByCode.GetValueOrDefault(code);

    public Community? FindCommunity(string code) => _communitiesByCode.GetValueOrDefault(code);

    public Grid? FindGrid(string code) => _gridsByCode.GetValueOrDefault(code);

    /// <summary>Communities of a street, ordered by code; empty for an unknown street.</summary>
    public IReadOnlyList<Community> CommunitiesOf(string streetCode) =>
        _communitiesByStreet.GetValueOrDefault(streetCode) ?? [];

    /// <summary>Grids of a community, ordered by code; empty for an unknown community.</summary>
    public IReadOnlyList<Grid> GridsOf(string communityCode) =>
        _gridsByCommunity.GetValueOrDefault(communityCode) ?? [];

    /// <summary>
    /// The grid containing a WGS84 point, or null when no grid does (outside the district).
    /// Grids are closed sets here: a point on a border belongs to every grid whose polygon covers it, and then
    /// the grid with the smallest code (ordinal, i.e. numeric) wins. So a point on an edge shared by two grids,
    /// or on a vertex shared by several, always resolves to the same grid.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Latitude or longitude is not finite or out of range.</exception>
    public Grid? Locate(double latitude, double longitude)
    {
        var point = Wgs84.ToCoordinate(latitude, longitude);
        var best = -1;
        foreach (var i in _gridIndex.Query(new Envelope(point)))
        {
            // Grids are ordered by code, so the smallest index is the smallest code.
            if ((best < 0 || i < best) && _gridLocators[i].Locate(point) != Location.Exterior)
            {
                best = i;
            }
        }

        return best < 0 ? null : Grids[best];
    }

    /// <summary>Whether the closed district boundary covers the point (points on the boundary count).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Latitude or longitude is not finite or out of range.</exception>
    public bool Contains(double latitude, double longitude) =>
        _boundaryLocator.Locate(Wgs84.ToCoordinate(latitude, longitude)) != Location.Exterior;

    /// <summary>
    /// Display geometry: the grid layer is simplified as one coverage (NTS <see cref="CoverageSimplifier"/>,
    /// area-based, tolerance ≈ the largest shift of a border), so neighbouring grids keep identical borders and
    /// no gaps open; communities, streets and the boundary are then rebuilt as unions of their simplified grids,
    /// so all layers still nest exactly. The tolerance is converted with the metres of a degree of latitude, so
    /// east–west it acts at most that far. Codes and names are unchanged; a tolerance of 0 leaves the grid
    /// outlines as they are.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The tolerance is negative or not finite.</exception>
    /// <exception cref="InvalidOperationException">The grids do not form a valid coverage (overlaps or borders
    /// that do not match vertex for vertex), as may happen with imported layers.</exception>
    public DistrictMap Simplify(double toleranceMeters)
    {
        if (!double.IsFinite(toleranceMeters) || toleranceMeters < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(toleranceMeters), toleranceMeters, "The tolerance must be a finite, non-negative number of metres.");
        }

        var polygons = Grids.Select(g => (Geometry)g.Boundary).ToArray();
        if (!CoverageValidator.IsValid(polygons))
        {
            throw new InvalidOperationException("The grids do not form a valid polygonal coverage, so they cannot be simplified without opening gaps or overlaps.");
        }

        // Ring removal off: a grid's hole holds another grid, and removing one but not the other would overlap.
        var simplifier = new CoverageSimplifier(polygons) { RemovableRingSizeFactor = 0 };
        var simplified = simplifier.Simplify(toleranceMeters / LocalPlane.MetersPerDegree);

        var grids = Grids
            .Select((g, i) => g with { Boundary = PolygonCoverage.OrientForGeoJson(AsPolygon(simplified[i], g.Code)) })
            .ToArray();
        var communities = Communities
            .Select(c => c with { Boundary = UnionOf(grids.Where(g => g.CommunityCode == c.Code), c.Code) })
            .ToArray();
        var streets = Streets
            .Select(s => s with { Boundary = UnionOf(communities.Where(c => c.StreetCode == s.Code), s.Code) })
            .ToArray();
        var boundary = UnionOf(streets, District.Code);
        return FromLayers(boundary, streets, communities, grids);
    }

    private static Polygon AsPolygon(Geometry geometry, string code) =>
        geometry as Polygon ?? throw new InvalidOperationException($"Simplifying grid {code} gave a {geometry.GeometryType}.");

    private static Polygon UnionOf(IEnumerable<IDistrictUnit> parts, string code) =>
        PolygonCoverage.UnionToPolygon(parts.Select(p => p.Boundary).ToList(), code);

    private static void CheckLayers(Street[] streets, Community[] communities, Grid[] grids, List<string> problems)
    {
        if (streets.Length == 0)
        {
            problems.Add("there are no streets");
        }

        var streetCodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var street in streets)
        {
            if (!CheckUnit("street", street, 9, problems))
            {
                continue;
            }

            if (!street.Code.StartsWith(District.Code, StringComparison.Ordinal))
            {
                problems.Add($"street {street.Code} does not start with the district code {District.Code}");
            }

            if (!streetCodes.Add(street.Code))
            {
                problems.Add($"street code {street.Code} is used more than once");
            }
        }

        var communityStreets = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var community in communities)
        {
            if (!CheckUnit("community", community, 12, problems))
            {
                continue;
            }

            CheckParent("community", community.Code, community.StreetCode, "street", streetCodes.Contains(community.StreetCode), problems);
            if (!communityStreets.TryAdd(community.Code, community.StreetCode))
            {
                problems.Add($"community code {community.Code} is used more than once");
            }
        }

        var gridCodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var grid in grids)
        {
            if (!CheckUnit("grid", grid, 15, problems))
            {
                continue;
            }

            var hasCommunity = communityStreets.TryGetValue(grid.CommunityCode ?? string.Empty, out var streetOfCommunity);
            CheckParent("grid", grid.Code, grid.CommunityCode, "community", hasCommunity, problems);
            if (hasCommunity && !string.Equals(grid.StreetCode, streetOfCommunity, StringComparison.Ordinal))
            {
                problems.Add($"grid {grid.Code} says street {grid.StreetCode} but its community {grid.CommunityCode} is in street {streetOfCommunity}");
            }

            if (!gridCodes.Add(grid.Code))
            {
                problems.Add($"grid code {grid.Code} is used more than once");
            }
        }

        foreach (var street in streetCodes.Where(s => !communityStreets.ContainsValue(s)))
        {
            problems.Add($"street {street} has no communities");
        }

        var communitiesWithGrids = grids.Where(g => g is not null).Select(g => g.CommunityCode).ToHashSet(StringComparer.Ordinal);
        foreach (var community in communityStreets.Keys.Where(c => !communitiesWithGrids.Contains(c)))
        {
            problems.Add($"community {community} has no grids");
        }
    }

    /// <summary>Checks what every unit needs; false when the unit is too broken to check further.</summary>
    private static bool CheckUnit(string kind, IDistrictUnit? unit, int codeLength, List<string> problems)
    {
        if (unit is null)
        {
            problems.Add($"a {kind} is null");
            return false;
        }

        if (!IsDigits(unit.Code, codeLength))
        {
            problems.Add($"{kind} code '{unit.Code}' is not {codeLength.ToString(CultureInfo.InvariantCulture)} digits");
            return false;
        }

        if (string.IsNullOrWhiteSpace(unit.Name))
        {
            problems.Add($"{kind} {unit.Code} has no name");
        }

        CheckPolygon($"{kind} {unit.Code}", unit.Boundary, problems);
        return true;
    }

    private static void CheckParent(string kind, string code, string? parentCode, string parentKind, bool parentExists, List<string> problems)
    {
        if (parentCode is null || !code.StartsWith(parentCode, StringComparison.Ordinal) || parentCode.Length != code.Length - 3)
        {
            problems.Add($"{kind} {code} does not extend its {parentKind} code '{parentCode}' by 3 digits");
        }
        else if (!parentExists)
        {
            problems.Add($"{kind} {code} refers to {parentKind} {parentCode}, which is not in the layers");
        }
    }

    private static void CheckPolygon(string what, Polygon? polygon, List<string> problems)
    {
        if (polygon is null || polygon.IsEmpty)
        {
            problems.Add($"{what} has no polygon");
            return;
        }

        if (polygon.SRID != Wgs84.Srid)
        {
            problems.Add($"{what} has SRID {polygon.SRID}, expected {Wgs84.Srid} (WGS84 longitude/latitude)");
        }

        var envelope = polygon.EnvelopeInternal;
        if (envelope.MinX < -180 || envelope.MaxX > 180 || envelope.MinY < -90 || envelope.MaxY > 90)
        {
            problems.Add($"{what} lies outside longitude [-180, 180] / latitude [-90, 90]; are X and Y swapped?");
        }

        var error = new IsValidOp(polygon).ValidationError;
        if (error is not null)
        {
            problems.Add($"{what} is not a valid polygon: {error.Message} at {error.Coordinate}");
        }
    }

    private static bool IsDigits(string? code, int length) =>
        code is not null && code.Length == length && code.All(char.IsAsciiDigit);
}
