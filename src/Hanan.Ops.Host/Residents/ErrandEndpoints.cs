using Hanan.Ops.Contracts.Residents;
using Hanan.Ops.Domain.Audit;
using Hanan.Ops.Domain.Population;
using Hanan.Ops.Grains;
using Hanan.Ops.Host.Audit;
using Hanan.Ops.Host.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hanan.Ops.Host.Residents;

/// <summary>
/// Errands (代办) grid workers run for residents, each step traced (留痕). Only for residents and errands of the
/// worker's own grids; the agent of every step is the signed-in worker.
/// </summary>
public static class ErrandEndpoints
{
    public const string ErrandAction = "errand.access";

    public static RouteGroupBuilder MapErrandEndpoints(this IEndpointRouteBuilder app)
    {
        var errands = app.MapGroup("/api/errands").WithTags("Errands").RequireAuthorization(Policies.Errands);
        errands.MapPost("/", Accept)
            .Audited("errand.accept")
            .WithName("AcceptErrand")
            .WithSummary("A grid worker takes on an errand for a resident (代办受理)")
            .WithDescription("Pass an id to make a retry land on the same errand.");
        errands.MapPost("/{id:guid}/steps", Step)
            .Audited("errand.step", "id")
            .WithName("StepErrand")
            .WithSummary("Progress, complete (with the result) or cancel an errand; every step is traced");
        errands.MapGet("/{id:guid}", Get)
            .WithName("GetErrand")
            .WithSummary("An errand with its trace");
        return errands;
    }

    internal static async Task<Results<Created<ErrandView>, ValidationProblem>> Accept(
        ErrandRequest? request, IGrainFactory grains, DistrictClock clock, HttpContext http)
    {
        var errors = new Dictionary<string, string[]>();
        ResidentRecord? resident = null;
        if (request?.ResidentId is not { } residentId || (resident = await ResidentScope.FindAsync(residentId, http, ErrandAction)) is null)
        {
            errors["residentId"] = ["The id of a resident of your grids is required."];
        }

        if (string.IsNullOrWhiteSpace(request?.Kind) || request.Kind.Length > 40)
        {
            errors["kind"] = ["The kind is required, at most 40 characters (e.g. 社保认证, 残疾证办理)."];
        }

        if (string.IsNullOrWhiteSpace(request?.Description) || request.Description.Length > Errand.MaxTextLength)
        {
            errors["description"] = [$"The description is required, at most {Errand.MaxTextLength} characters."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The errand was not accepted.");
        }

        var view = await grains.GetGrain<IErrandGrain>(request!.Id ?? Guid.NewGuid()).Accept(new ErrandDraft(
            resident!.Id, resident.GridCode, request.Kind!.Trim(), request.Description!.Trim(), ResidentEndpoints.Actor(http.User), clock.Now));
        return TypedResults.Created($"/api/errands/{view.Id}", view);
    }

    internal static async Task<Results<Ok<ErrandView>, ValidationProblem, ProblemHttpResult>> Step(
        Guid id, ErrandStepRequest? request, IGrainFactory grains, AuditTrail audit, HttpContext http)
    {
        if (await InScopeAsync(id, grains, audit, http) is { } refused)
        {
            return refused;
        }

        var outcome = await grains.GetGrain<IErrandGrain>(id).Step(request?.Action ?? "", ResidentEndpoints.Actor(http.User), request?.Note);
        return outcome switch
        {
            { Errand: null } => NoSuchErrand(id),
            { Refusal: { } refusal, Errand.Status: ErrandStatus.Accepted or ErrandStatus.InProgress } =>
                TypedResults.ValidationProblem(new Dictionary<string, string[]> { [refusal.Contains("note", StringComparison.Ordinal) ? "note" : "action"] = [refusal] }),
            { Refusal: { } refusal } => TypedResults.Problem(title: "The errand is finished.", statusCode: StatusCodes.Status409Conflict, detail: refusal),
            _ => TypedResults.Ok(outcome.Errand!),
        };
    }

    internal static async Task<Results<Ok<ErrandView>, ProblemHttpResult>> Get(Guid id, IGrainFactory grains, AuditTrail audit, HttpContext http)
    {
        if (await InScopeAsync(id, grains, audit, http) is { } refused)
        {
            return refused;
        }

        return TypedResults.Ok((await grains.GetGrain<IErrandGrain>(id).Get())!);
    }

    /// <summary>404 for no such errand, 403 (audited) for an errand outside the caller's grids, null when it may go on.</summary>
    private static async Task<ProblemHttpResult?> InScopeAsync(Guid id, IGrainFactory grains, AuditTrail audit, HttpContext http)
    {
        if (await grains.GetGrain<IErrandGrain>(id).Get() is not { } errand)
        {
            return NoSuchErrand(id);
        }

        if (!ResidentScope.CoversGrid(http.User, errand.GridCode))
        {
            await audit.RecordAsync(http, ErrandAction, id.ToString(), AuditOutcome.Denied, ResidentScope.OutsideGrids);
            return CaseScope.Forbidden("The errand is for a resident outside your grids.");
        }

        return null;
    }

    private static ProblemHttpResult NoSuchErrand(Guid id) =>
        TypedResults.Problem(title: "No such errand.", statusCode: StatusCodes.Status404NotFound, detail: $"No errand has id {id}.");
}

/// <summary>An errand to accept for a resident; <c>id</c> is optional and makes a retry land on the same errand. The agent is the signed-in worker.</summary>
public sealed record ErrandRequest(Guid? Id, Guid? ResidentId, string? Kind, string? Description);

/// <summary>progress, complete (with the result as note) or cancel; by the signed-in worker.</summary>
public sealed record ErrandStepRequest(string? Action, string? Note);
