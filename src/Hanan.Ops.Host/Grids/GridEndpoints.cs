using Hanan.Ops.Contracts.Grid;
using Hanan.Ops.Contracts.Residents;
using Hanan.Ops.Contracts.Roster;
using Hanan.Ops.Domain.Audit;
using Hanan.Ops.Domain.Geography;
using Hanan.Ops.Grains;
using Hanan.Ops.Host.Audit;
using Hanan.Ops.Host.Residents;
using Hanan.Ops.Host.Roster;
using Hanan.Ops.Host.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hanan.Ops.Host.Grids;

/// <summary>
/// The grids' live figures (人、事、地、物、情、组织), statistics and the grid workers' situation reports. A grid worker
/// reaches only the grids of their token; reports and ratings name the signed-in worker.
/// </summary>
public static class GridEndpoints
{
    public const string GridAction = "grid.access";

    public const int MaxKindLength = 40;
    public const int MaxDescriptionLength = 2000;

    public static RouteGroupBuilder MapGridEndpoints(this IEndpointRouteBuilder app)
    {
        // Every route names a grid: a bad code is a 400 naming "code", an unknown one a 404, a grid outside a grid
        // worker's own a 403 (audited), before any handler runs.
        var grids = app.MapGroup("/api/grids/{code}").WithTags("Grids")
            .AddEndpointFilter(async (context, next) =>
            {
                var http = context.HttpContext;
                var code = http.GetRouteValue("code") as string ?? "";
                if (InvalidCode(code) is { } invalid)
                {
                    return invalid;
                }

                if (http.RequestServices.GetRequiredService<DistrictMap>().FindGrid(code) is null)
                {
                    return NoSuchGrid(code);
                }

                if (!ResidentScope.CoversGrid(http.User, code))
                {
                    await http.RequestServices.GetRequiredService<AuditTrail>().RecordAsync(http, GridAction, code, AuditOutcome.Denied,
                        $"{http.Request.Method} {http.Request.Path}: {ResidentScope.OutsideGrids}");
                    return CaseScope.Forbidden($"Grid {code} is not one of your grids.");
                }

                return await next(context);
            })
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        grids.MapGet("/figures", Figures)
            .WithName("GetGridFigures")
            .WithSummary("The grid's live figures on 人、事、地、物、情、组织")
            .WithDescription("Kept by the grid grain: a resident moving house or a case opening or closing changes them within a second.")
            .RequireAuthorization(Policies.GridsView);
        grids.MapGet("/", Statistics)
            .WithName("GetGridStatistics")
            .WithSummary("The grid with statistics from the base data: age bands, sexes, tags, places, components, organisations")
            .RequireAuthorization(Policies.GridsView);
        grids.MapGet("/workers", Workers)
            .WithName("GetGridWorkers")
            .WithSummary("The grid's workers from the roster (网格员), with masked phones")
            .WithDescription("Active and inactive workers who have the grid among theirs; a grid worker sees those of their own grids. Audited.")
            .RequireAuthorization(Policies.GridsView);
        grids.MapPost("/situations", ReportSituation)
            .Audited("grid.situation", "code")
            .WithName("ReportSituation")
            .WithSummary("A grid worker reports the situation in the grid (情); the reporter is the signed-in worker")
            .RequireAuthorization(Policies.GridsReport);
        grids.MapGet("/situations", Situations)
            .WithName("ListSituations")
            .WithSummary("The latest situation reports of the grid, newest first")
            .RequireAuthorization(Policies.GridsView);
        grids.MapPost("/bureau-ratings", RateBureau)
            .Audited("grid.bureau-rating", "code")
            .WithName("RateBureau")
            .WithSummary("A grid worker, as the grid's supervisor, rates a bureau's service in the grid (监督员评价, five levels)")
            .RequireAuthorization(Policies.GridsReport);
        grids.MapGet("/bureau-ratings", BureauRatings)
            .WithName("ListBureauRatings")
            .WithSummary("Per bureau: the number of ratings in the grid and their mean")
            .RequireAuthorization(Policies.GridsView);
        return grids;
    }

    internal static async Task<Results<Created<BureauRatingReceipt>, ValidationProblem>> RateBureau(
        string code, BureauRatingRequest? request, Domain.Appeals.RoutingTable routing, IGrainFactory grains, DistrictClock clock, HttpContext http)
    {
        var errors = new Dictionary<string, string[]>();
        if (request?.BureauId is null || routing.FindBureau(request.BureauId) is null)
        {
            errors["bureauId"] = ["The bureau id is required and must be a bureau of the routing table."];
        }

        if (request?.Score is not { } score || Domain.Population.DutyRules.CheckRating(score) is not null)
        {
            errors["score"] = [Domain.Population.DutyRules.CheckRating(0)!];
        }

        if (request?.Comment is { Length: > MaxDescriptionLength })
        {
            errors["comment"] = [$"At most {MaxDescriptionLength} characters."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The rating was not accepted.");
        }

        var count = await grains.GetGrain<IGridGrain>(code).RateBureau(
            new BureauRating(request!.BureauId!, request.Score!.Value, ResidentEndpoints.Actor(http.User), request.Comment?.Trim(), clock.Now));
        return TypedResults.Created($"/api/grids/{code}/bureau-ratings", new BureauRatingReceipt(code, request.BureauId!, count));
    }

    internal static async Task<Ok<IReadOnlyList<BureauRatingSummary>>> BureauRatings(string code, IGrainFactory grains)
    {
        return TypedResults.Ok(await grains.GetGrain<IGridGrain>(code).BureauRatings());
    }

    internal static async Task<Ok<GridFiguresView>> Figures(string code, IGrainFactory grains)
    {
        return TypedResults.Ok(await grains.GetGrain<IGridGrain>(code).GetFigures());
    }

    internal static async Task<Ok<GridStatisticsResponse>> Statistics(
        string code, DistrictMap map, IResidentReadModel readModel, IGridWorkerRoster roster, DistrictClock clock, AuditTrail audit, HttpContext http)
    {
        var grid = map.FindGrid(code)!;
        var statistics = await readModel.GridStatisticsAsync(code, ResidentEndpoints.Today(clock));
        var workers = await GridWorkersAsync(code, roster, audit, http);
        return TypedResults.Ok(new GridStatisticsResponse(grid.Code, grid.Name, grid.CommunityCode, grid.StreetCode,
            Math.Round(grid.AreaSquareMeters / 1e6, 4), statistics, workers));
    }

    internal static async Task<Ok<IReadOnlyList<GridWorkerResponse>>> Workers(string code, IGridWorkerRoster roster, AuditTrail audit, HttpContext http) =>
        TypedResults.Ok(await GridWorkersAsync(code, roster, audit, http));

    /// <summary>The grid's workers with masked phones; the read is audited (names and phones are personal data).</summary>
    private static async Task<IReadOnlyList<GridWorkerResponse>> GridWorkersAsync(string code, IGridWorkerRoster roster, AuditTrail audit, HttpContext http)
    {
        var workers = await roster.WorkersOfGridAsync(code);
        await audit.RecordAsync(http, RosterEndpoints.ViewAction, code, AuditOutcome.Success,
            $"grid {code}: {workers.Count} workers with masked phones ({string.Join(',', workers.Select(w => w.Id))})");
        return [.. workers.Select(GridWorkerResponse.From)];
    }

    internal static async Task<Results<Created<SituationReceipt>, ValidationProblem>> ReportSituation(
        string code, SituationRequest? request, IGrainFactory grains, DistrictClock clock, HttpContext http)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request?.Kind) || request.Kind.Length > MaxKindLength)
        {
            errors["kind"] = [$"The kind is required, at most {MaxKindLength} characters (e.g. safety, environment, dispute)."];
        }

        if (string.IsNullOrWhiteSpace(request?.Description) || request.Description.Length > MaxDescriptionLength)
        {
            errors["description"] = [$"The description is required, at most {MaxDescriptionLength} characters."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The report was not accepted.");
        }

        var report = new SituationReport(Guid.NewGuid(), request!.Kind!.Trim(), request.Description!.Trim(), ResidentEndpoints.Actor(http.User), clock.Now);
        var count = await grains.GetGrain<IGridGrain>(code).ReportSituation(report);
        return TypedResults.Created($"/api/grids/{code}/situations", new SituationReceipt(report.Id, code, report.At, count));
    }

    internal static async Task<Results<Ok<IReadOnlyList<SituationReport>>, ValidationProblem>> Situations(
        string code, int? limit, IGrainFactory grains)
    {
        if (limit is < 1 or > 200)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = ["The limit is 1 to 200."] });
        }

        return TypedResults.Ok(await grains.GetGrain<IGridGrain>(code).Situations(limit ?? 50));
    }

    /// <summary>400 naming <c>code</c> when it is not 15 digits.</summary>
    internal static ValidationProblem? InvalidCode(string code) =>
        code.Length != 15 || code.Any(c => !char.IsAsciiDigit(c))
            ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["code"] = ["A grid code is 15 digits: the community code and a 3-digit serial."] },
                title: "The grid code is not valid.")
            : null;

    internal static ProblemHttpResult NoSuchGrid(string code) =>
        TypedResults.Problem(title: "No such grid.", statusCode: StatusCodes.Status404NotFound, detail: $"No grid has the code {code}.");
}

/// <summary>A grid with its base-data statistics and its workers from the roster (masked phones).</summary>
public sealed record GridStatisticsResponse(
    string Code, string Name, string CommunityCode, string StreetCode, double AreaSquareKilometers, GridStatistics Statistics,
    IReadOnlyList<GridWorkerResponse> Workers);

/// <summary>A situation report; the reporter is the signed-in grid worker.</summary>
public sealed record SituationRequest(string? Kind, string? Description);

public sealed record SituationReceipt(Guid Id, string GridCode, DateTimeOffset At, int Situations);

/// <summary>A bureau's rating in the grid; the rater is the signed-in grid worker.</summary>
public sealed record BureauRatingRequest(string? BureauId, int? Score, string? Comment);

public sealed record BureauRatingReceipt(string GridCode, string BureauId, int Ratings);
