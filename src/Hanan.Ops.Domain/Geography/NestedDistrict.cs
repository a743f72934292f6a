namespace Hanan.Ops.Domain.Geography;

/// <summary>
/// A district map rebuilt from its grids alone, as stored after a consolidation: grid codes nest (community code +
/// 3 digits, and a community code is its street's code + 3 digits), so each community's outline is the union of its
/// grids, each street's the union of its communities, and the district's the union of its streets.
/// </summary>
public static class NestedDistrict
{
    /// <summary>
    /// Builds the map. Names come from <paramref name="streetNames"/> and <paramref name="communityNames"/> by code;
    /// a street missing there takes its official name (the 11 street-level units of 230108), and any other unit
    /// without a name is named by its code, so that the caller can say which names were missing.
    /// </summary>
    /// <exception cref="InvalidOperationException">The grids of a community, street or the district do not join into
    /// one polygon (they do not form a coverage).</exception>
    /// <exception cref="ArgumentException">The grids are inconsistent (see <see cref="DistrictMap.FromLayers"/>).</exception>
    public static DistrictMap FromGrids(
        IReadOnlyCollection<Grid> grids,
        IReadOnlyDictionary<string, string> streetNames,
        IReadOnlyDictionary<string, string> communityNames)
    {
        ArgumentNullException.ThrowIfNull(grids);
        ArgumentNullException.ThrowIfNull(streetNames);
        ArgumentNullException.ThrowIfNull(communityNames);
        if (grids.Count == 0)
        {
            throw new ArgumentException("There are no grids to build a district from.", nameof(grids));
        }

        var communities = grids
            .GroupBy(g => g.CommunityCode, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new Community(
                g.Key,
                communityNames.GetValueOrDefault(g.Key) ?? g.Key,
                g.First().StreetCode,
                PolygonCoverage.UnionToPolygon([.. g.Select(x => x.Boundary)], $"community {g.Key}")))
            .ToList();
        var streets = communities
            .GroupBy(c => c.StreetCode, StringComparer.Ordinal)
            .OrderBy(s => s.Key, StringComparer.Ordinal)
            .Select(s => new Street(
                s.Key,
                streetNames.GetValueOrDefault(s.Key) ?? OfficialStreetName(s.Key) ?? s.Key,
                PolygonCoverage.UnionToPolygon([.. s.Select(x => x.Boundary)], $"street {s.Key}")))
            .ToList();
        var boundary = PolygonCoverage.UnionToPolygon([.. streets.Select(s => s.Boundary)], "the district");
        return DistrictMap.FromLayers(boundary, streets, communities, grids);
    }

    /// <summary>The official name of one of the district's street-level units, or null for another code.</summary>
    public static string? OfficialStreetName(string code) =>
        DemoStreets.All.FirstOrDefault(s => string.Equals(s.Code, code, StringComparison.Ordinal))?.Name;
}
