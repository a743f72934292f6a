using System.Text.Json;
using Hanan.Ops.Domain.Geography;
using Microsoft.AspNetCore.Http.HttpResults;
using NetTopologySuite.Features;
using NetTopologySuite.IO.Converters;

namespace Hanan.Ops.Host.Geography;

/// <summary>
/// The district's own map as GeoJSON (RFC 7946): boundary, streets, communities and grids, simplified for display.
/// The dashboards draw from these; there is no tile server on the intranet.
/// </summary>
public static class DistrictEndpoints
{
    /// <summary>About a metre on the ground: light enough for a wall display, exact enough for a 300-household grid.</summary>
    private const double DisplayToleranceMeters = 1.0;

    private static readonly JsonSerializerOptions GeoJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new GeoJsonConverterFactory() },
    };

    public static IEndpointRouteBuilder MapDistrictEndpoints(this IEndpointRouteBuilder app)
    {
        // Public: the intake page locates the citizen on the map; boundaries are no personal data.
        var district = app.MapGroup("/api/district").WithTags("District").AllowAnonymous();
        district.MapGet("/streets", (DisplayMap map) => Layer(map.Value.Streets.Select(s => Feature(s, ("code", s.Code), ("name", s.Name)))))
            .WithName("StreetsGeoJson").WithSummary("Street offices (街道) as a GeoJSON FeatureCollection");
        district.MapGet("/communities", (DisplayMap map) => Layer(map.Value.Communities.Select(c =>
                Feature(c, ("code", c.Code), ("name", c.Name), ("streetCode", c.StreetCode)))))
            .WithName("CommunitiesGeoJson").WithSummary("Communities (社区) as a GeoJSON FeatureCollection");
        district.MapGet("/grids", (DisplayMap map) => Layer(map.Value.Grids.Select(g =>
                Feature(g, ("code", g.Code), ("name", g.Name), ("communityCode", g.CommunityCode), ("streetCode", g.StreetCode)))))
            .WithName("GridsGeoJson").WithSummary("Grids (网格) as a GeoJSON FeatureCollection");
        district.MapGet("/locate", Locate)
            .WithName("LocatePoint").WithSummary("Point → grid → community → street");
        return app;
    }

    internal static Results<Ok<LocatedPoint>, ValidationProblem> Locate(double? latitude, double? longitude, DistrictMap map)
    {
        var errors = new Dictionary<string, string[]>();
        if (latitude is not { } lat || !double.IsFinite(lat) || Math.Abs(lat) > 90)
        {
            errors["latitude"] = ["A latitude between -90 and 90 is required."];
        }

        if (longitude is not { } lon || !double.IsFinite(lon) || Math.Abs(lon) > 180)
        {
            errors["longitude"] = ["A longitude between -180 and 180 is required."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var grid = map.Locate(latitude!.Value, longitude!.Value);
        if (grid is null)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["location"] = ["The point lies outside Pingfang District (230108)."] });
        }

        var community = map.FindCommunity(grid.CommunityCode)!;
        var street = map.FindStreet(grid.StreetCode)!;
        return TypedResults.Ok(new LocatedPoint(grid.Code, grid.Name, community.Code, community.Name, street.Code, street.Name));
    }

    private static JsonHttpResult<FeatureCollection> Layer(IEnumerable<IFeature> features)
    {
        var collection = new FeatureCollection();
        foreach (var f in features)
        {
            collection.Add(f);
        }

        return TypedResults.Json(collection, GeoJson, "application/geo+json");
    }

    private static Feature Feature(IDistrictUnit unit, params (string Key, object Value)[] properties)
    {
        var attributes = new AttributesTable();
        foreach (var (key, value) in properties)
        {
            attributes.Add(key, value);
        }

        attributes.Add("labelLongitude", unit.LabelPoint.X);
        attributes.Add("labelLatitude", unit.LabelPoint.Y);
        return new Feature(unit.Boundary, attributes);
    }

    /// <summary>The display-simplified map, computed once.</summary>
    public sealed class DisplayMap(DistrictMap map)
    {
        private readonly Lazy<DistrictMap> _value = new(() => map.Simplify(DisplayToleranceMeters));

        public DistrictMap Value => _value.Value;
    }
}

public sealed record LocatedPoint(string GridCode, string GridName, string CommunityCode, string CommunityName, string StreetCode, string StreetName);
