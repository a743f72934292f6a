using Hanan.Ops.Contracts.Residents;
using Hanan.Ops.Domain.Population;
using Hanan.Ops.Grains;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hanan.Ops.Host.Residents;

/// <summary>Errands (代办) grid workers run for residents, each step traced (留痕).</summary>
public static class ErrandEndpoints
{
    public static RouteGroupBuilder MapErrandEndpoints(this IEndpointRouteBuilder app)
    {
        var errands = app.MapGroup("/api/errands").WithTags("Errands");
        errands.MapPost("/", Accept)
            .WithName("AcceptErrand")
            .WithSummary("A grid worker takes on an errand for a resident (代办受理)")
            .WithDescription("Pass an id to make a retry land on the same errand.");
        errands.MapPost("/{id:guid}/steps", Step)
            .WithName("StepErrand")
            .WithSummary("Progress, complete (with the result) or cancel an errand; every step is traced");
        errands.MapGet("/{id:guid}", Get)
            .WithName("GetErrand")
            .WithSummary("An errand with its trace");
        return errands;
    }

    internal static async Task<Results<Created<ErrandView>, ValidationProblem>> Accept(
        ErrandRequest? request, IResidentReadModel readModel, IGrainFactory grains, DistrictClock clock)
    {
        var errors = new Dictionary<string, string[]>();
        ResidentRecord? resident = null;
        if (request?.ResidentId is not { } residentId || (resident = await readModel.GetResidentAsync(residentId)) is null)
        {
            errors["residentId"] = ["The id of a resident of the district is required."];
        }

        if (string.IsNullOrWhiteSpace(request?.Kind) || request.Kind.Length > 40)
        {
            errors["kind"] = ["The kind is required, at most 40 characters (e.g. 社保认证, 残疾证办理)."];
        }

        if (string.IsNullOrWhiteSpace(request?.Description) || request.Description.Length > Errand.MaxTextLength)
        {
            errors["description"] = [$"The description is required, at most {Errand.MaxTextLength} characters."];
        }

        if (string.IsNullOrWhiteSpace(request?.Agent) || request.Agent.Length > 64)
        {
            errors["agent"] = ["The grid worker's id is required, at most 64 characters."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The errand was not accepted.");
        }

        var view = await grains.GetGrain<IErrandGrain>(request!.Id ?? Guid.NewGuid()).Accept(new ErrandDraft(
            resident!.Id, resident.GridCode, request.Kind!.Trim(), request.Description!.Trim(), request.Agent!.Trim(), clock.Now));
        return TypedResults.Created($"/api/errands/{view.Id}", view);
    }

    internal static async Task<Results<Ok<ErrandView>, ValidationProblem, ProblemHttpResult>> Step(Guid id, ErrandStepRequest? request, IGrainFactory grains)
    {
        if (string.IsNullOrWhiteSpace(request?.By) || request.By.Length > 64)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["by"] = ["The grid worker's id is required, at most 64 characters."] });
        }

        var outcome = await grains.GetGrain<IErrandGrain>(id).Step(request.Action ?? "", request.By.Trim(), request.Note);
        return outcome switch
        {
            { Errand: null } => TypedResults.Problem(title: "No such errand.", statusCode: StatusCodes.Status404NotFound, detail: $"No errand has id {id}."),
            { Refusal: { } refusal, Errand.Status: ErrandStatus.Accepted or ErrandStatus.InProgress } =>
                TypedResults.ValidationProblem(new Dictionary<string, string[]> { [refusal.Contains("note", StringComparison.Ordinal) ? "note" : "action"] = [refusal] }),
            { Refusal: { } refusal } => TypedResults.Problem(title: "The errand is finished.", statusCode: StatusCodes.Status409Conflict, detail: refusal),
            _ => TypedResults.Ok(outcome.Errand!),
        };
    }

    internal static async Task<Results<Ok<ErrandView>, ProblemHttpResult>> Get(Guid id, IGrainFactory grains) =>
        await grains.GetGrain<IErrandGrain>(id).Get() is { } view
            ? TypedResults.Ok(view)
            : TypedResults.Problem(title: "No such errand.", statusCode: StatusCodes.Status404NotFound, detail: $"No errand has id {id}.");
}

public sealed record ErrandRequest(Guid? Id, Guid? ResidentId, string? Kind, string? Description, string? Agent);

public sealed record ErrandStepRequest(string? Action, string? By, string? Note);
