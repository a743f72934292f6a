using Hanan.Ops.Domain.Geography.Layers;
using Hanan.Ops.Host.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hanan.Ops.Host.Geography;

/// <summary>
/// The crosswalk between the departments' own grids and the unified grid (一格多用): each department keeps its own
/// references and looks up where they lie in the unified grid, and the other way round. Rows where a departmental grid
/// only grazes a unified grid were dropped by the consolidation as slivers; each answer reports them apart. Map data, no
/// personal data.
/// </summary>
public static class CrosswalkEndpoints
{
    /// <summary>
    /// Maps <c>GET {grid}/crosswalk</c> on the grid route group (which checks the code, that the grid exists and a grid
    /// worker's scope) and <c>GET /api/departments/{department}/grids/{departmentCode}/unified</c>.
    /// </summary>
    public static IEndpointRouteBuilder MapCrosswalkEndpoints(this IEndpointRouteBuilder app, RouteGroupBuilder grid)
    {
        grid.MapGet("/crosswalk", OfUnifiedGrid)
            .WithName("GetGridCrosswalk")
            .WithSummary("The departmental grids that overlap this unified grid, with the share of each departmental grid that lies in it, and the slivers dropped")
            .RequireAuthorization(Policies.GridsView);
        app.MapGet("/api/departments/{department}/grids/{departmentCode}/unified", OfDepartmentGrid)
            .WithTags("Grids")
            .WithName("GetDepartmentGridUnified")
            .WithSummary("The unified grids a department's own grid falls in, largest share first (the shares add up to 1), and the slivers dropped")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(Policies.GridsView);
        return app;
    }

    internal static async Task<Results<Ok<UnifiedGridCrosswalk>, ProblemHttpResult>> OfUnifiedGrid(
        string code, LoadedDistrict district, CancellationToken ct)
    {
        if (district.Crosswalk is not { } crosswalk)
        {
            return NotUnified();
        }

        var grid = district.Map.FindGrid(code)!;
        var rows = await crosswalk.OfUnifiedAsync(code, ct);
        return TypedResults.Ok(new UnifiedGridCrosswalk(grid.Code, grid.Name, DepartmentShares(rows.Links), DepartmentShares(rows.Slivers)));
    }

    internal static async Task<Results<Ok<DepartmentGridCrosswalk>, ValidationProblem, ProblemHttpResult>> OfDepartmentGrid(
        string department, string departmentCode, LoadedDistrict district, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var known = Department.FromCode(department);
        if (known is null)
        {
            errors["department"] = ["A department code is a lower-case letter followed by up to 39 lower-case letters, digits or hyphens (e.g. urban-management)."];
        }

        if (departmentCode.Length is < 1 or > 64)
        {
            errors["departmentCode"] = ["A departmental grid code is 1 to 64 characters."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The departmental grid reference is not valid.");
        }

        if (district.Crosswalk is not { } crosswalk)
        {
            return NotUnified();
        }

        if (await crosswalk.OfDepartmentGridAsync(department, departmentCode, ct) is not { } rows)
        {
            return TypedResults.Problem(title: "No such departmental grid.", statusCode: StatusCodes.Status404NotFound,
                detail: $"Department {department} has no stored grid {departmentCode}.");
        }

        var named = rows.Links.Concat(rows.Slivers).FirstOrDefault();
        return TypedResults.Ok(new DepartmentGridCrosswalk(department, named?.Department.Name ?? known!.Name, departmentCode, named?.DepartmentGridName,
            UnifiedShares(rows.Links, district), UnifiedShares(rows.Slivers, district)));
    }

    private static List<DepartmentGridShare> DepartmentShares(IEnumerable<Storage.Grid.CrosswalkLink> links) =>
        [.. links.Select(l => new DepartmentGridShare(l.Department.Code, l.Department.Name, l.DepartmentGridCode, l.DepartmentGridName, l.OverlapSquareMeters, l.Fraction))];

    private static List<UnifiedGridShare> UnifiedShares(IEnumerable<Storage.Grid.CrosswalkLink> links, LoadedDistrict district) =>
        [.. links.Select(l => new UnifiedGridShare(l.UnifiedGridCode, district.Map.FindGrid(l.UnifiedGridCode)?.Name, l.OverlapSquareMeters, l.Fraction))];

    /// <summary>The crosswalk belongs to the unified grid: a host serving the generated demo district has none.</summary>
    private static ProblemHttpResult NotUnified() =>
        TypedResults.Problem(title: "No unified grid is loaded.", statusCode: StatusCodes.Status404NotFound,
            detail: $"This host serves the generated demo district, which has no crosswalk. The crosswalk comes with the unified grid ({DistrictOptions.GridsKey}=DemoUnified, Unified or UnifiedOrDemo with `hanan consolidate`).");
}

/// <summary>A unified grid, the departmental grids that overlap it, and those that only graze it (slivers, no link).</summary>
public sealed record UnifiedGridCrosswalk(string Code, string Name, IReadOnlyList<DepartmentGridShare> Departments, IReadOnlyList<DepartmentGridShare> Slivers);

/// <summary>
/// A departmental grid's overlap with a unified grid: the area and the share of the departmental grid that lies there
/// (of its linked part; a sliver's share is of its whole part in the district).
/// </summary>
public sealed record DepartmentGridShare(
    string Department, string DepartmentName, string GridCode, string? GridName, double OverlapSquareMeters, double Fraction);

/// <summary>A department's own grid, the unified grids it falls in, and those it only grazes (slivers, no link).</summary>
public sealed record DepartmentGridCrosswalk(
    string Department, string DepartmentName, string GridCode, string? GridName, IReadOnlyList<UnifiedGridShare> Unified, IReadOnlyList<UnifiedGridShare> Slivers);

/// <summary>A unified grid's share of a departmental grid.</summary>
public sealed record UnifiedGridShare(string Code, string? Name, double OverlapSquareMeters, double Fraction);
