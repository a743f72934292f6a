using Hanan.Ops.Host.Audit;
using System.Security.Claims;
using Hanan.Ops.Host.Security;
using Hanan.Ops.Contracts.Appeals;
using Hanan.Ops.Contracts.Cameras;
using Hanan.Ops.Domain.Appeals;
using Hanan.Ops.Domain.Cameras;
using Hanan.Ops.Domain.Cameras.Simulation;
using Hanan.Ops.Host.Appeals;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hanan.Ops.Host.Cameras;

/// <summary>
/// Alerts for the command centre (plates masked: 黑A·***45; no person references) and their lifecycle; an alert can
/// file a case through the appeal intake (channel camera-alert). Police screens read full alerts under /api/police.
/// </summary>
public static class AlertEndpoints
{
    public static IEndpointRouteBuilder MapAlertEndpoints(this IEndpointRouteBuilder app)
    {
        // Masked alerts for the wall roles and the police; the lifecycle is the police's and the command centre's.
        var alerts = app.MapGroup("/api/alerts").WithTags("Alerts").RequireAuthorization(Policies.CameraView);
        alerts.MapGet("/", List).WithName("ListAlerts").WithSummary("Alerts newest first, plates masked (预警列表)");
        alerts.MapGet("/{id:guid}", Get).ProducesProblem(StatusCodes.Status404NotFound).WithName("GetAlert").WithSummary("One alert, plate masked");
        alerts.MapPost("/{id:guid}/acknowledge", (Guid id, AlertActionRequest? r, IGrainFactory g, ClaimsPrincipal user) => Act(id, AlertAction.Acknowledge, AsActor(r, user), g))
            .RequireAuthorization(Policies.HandleAlerts)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .Audited("alert.acknowledge", "id").WithName("AcknowledgeAlert").WithSummary("Acknowledge a new alert (签收)");
        alerts.MapPost("/{id:guid}/dispatch", (Guid id, AlertActionRequest? r, IGrainFactory g, ClaimsPrincipal user) => Act(id, AlertAction.Dispatch, AsActor(r, user), g))
            .RequireAuthorization(Policies.HandleAlerts)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .Audited("alert.dispatch", "id").WithName("DispatchAlert").WithSummary("Dispatch an acknowledged alert (派警)");
        alerts.MapPost("/{id:guid}/close", (Guid id, AlertActionRequest? r, IGrainFactory g, ClaimsPrincipal user) => Act(id, AlertAction.Close, AsActor(r, user), g))
            .RequireAuthorization(Policies.HandleAlerts)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .Audited("alert.close", "id").WithName("CloseAlert").WithSummary("Close an alert (handled, or a false alarm)");
        alerts.MapPost("/{id:guid}/case", (Guid id, AlertCaseRequest? r, IGrainFactory g, AppealIntake intake, CameraNetwork network, ClaimsPrincipal user) =>
                CreateCase(id, (r ?? new AlertCaseRequest(null, null, null)) with { Actor = user.Id() }, g, intake, network))
            .RequireAuthorization(Policies.HandleAlerts)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .Audited("alert.case", "id").WithName("CreateCaseFromAlert")
            .WithSummary("File a case from the alert through the appeal intake (channel camera-alert); a repeat returns the same case");

        var fences = app.MapGroup("/api/fences").WithTags("Fences").RequireAuthorization(Policies.CameraView);
        fences.MapGet("/", ListFences).WithName("ListFences").WithSummary("The electronic fences (电子围栏) in force");
        fences.MapPut("/{fenceId}", PutFence).RequireAuthorization(Policies.Police).Audited("fence.put", "fenceId").WithName("PutFence").WithSummary("Create or replace a fence: a polygon with enter / exit / dwell rules and hours");
        fences.MapDelete("/{fenceId}", DeleteFence).RequireAuthorization(Policies.Police).ProducesProblem(StatusCodes.Status404NotFound).Audited("fence.delete", "fenceId").WithName("DeleteFence").WithSummary("Remove a fence");
        return app;
    }

    internal static async Task<Results<Ok<IReadOnlyList<CameraAlert>>, ValidationProblem>> List(string? status, int? limit, IGrainFactory grains)
    {
        var (filter, errors) = ParseList(status, limit);
        if (errors is not null)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var alerts = await grains.GetGrain<IAlertBoardGrain>(0).List(filter, limit ?? 100);
        return TypedResults.Ok<IReadOnlyList<CameraAlert>>([.. alerts.Select(a => a.MaskedForPublic())]);
    }

    internal static (AlertStatus? Status, Dictionary<string, string[]>? Errors) ParseList(string? status, int? limit)
    {
        AlertStatus? filter = null;
        if (status is not null)
        {
            if (!Enum.TryParse<AlertStatus>(status, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(status, out _))
            {
                return (null, new() { ["status"] = ["The status is new, acknowledged, dispatched or closed."] });
            }

            filter = parsed;
        }

        return limit is < 1 or > 1000 ? (null, new() { ["limit"] = ["The limit is between 1 and 1000."] }) : (filter, null);
    }

    internal static async Task<Results<Ok<CameraAlert>, ProblemHttpResult>> Get(Guid id, IGrainFactory grains) =>
        await grains.GetGrain<IAlertBoardGrain>(0).Get(id) is { } alert ? TypedResults.Ok(alert.MaskedForPublic()) : NoSuchAlert(id);

    /// <summary>The acting person is the token's subject, whatever the body says.</summary>
    private static AlertActionRequest AsActor(AlertActionRequest? request, ClaimsPrincipal user) =>
        (request ?? new AlertActionRequest(null, null)) with { Actor = user.Id() };

    internal static async Task<Results<Ok<CameraAlert>, ValidationProblem, ProblemHttpResult>> Act(
        Guid id, AlertAction action, AlertActionRequest? request, IGrainFactory grains)
    {
        if (CheckActor(request?.Actor) is { } bad)
        {
            return bad;
        }

        if (request!.Note is { Length: > 500 } || !FreeText.IsClean(request.Note))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["note"] = ["At most 500 characters, no control characters."] });
        }

        var result = await grains.GetGrain<IAlertBoardGrain>(0).Act(id, action, request.Actor!.Trim(), request.Note?.Trim());
        return Outcome(id, result);
    }

    internal static async Task<Results<Ok<CameraAlert>, ValidationProblem, ProblemHttpResult>> CreateCase(
        Guid id, AlertCaseRequest? request, IGrainFactory grains, AppealIntake intake, CameraNetwork network)
    {
        if (CheckActor(request?.Actor) is { } bad)
        {
            return bad;
        }

        var board = grains.GetGrain<IAlertBoardGrain>(0);
        if (await board.Get(id) is not { } alert)
        {
            return NoSuchAlert(id);
        }

        if (alert.CaseId is not null)
        {
            return TypedResults.Ok(alert.MaskedForPublic());
        }

        // The case goes to bureaus outside the police: it carries the masked description only.
        var masked = alert.MaskedForPublic();
        var appeal = new FileAppealRequest(
            request!.Category, request.Description ?? masked.Detail, alert.Latitude, alert.Longitude, null,
            network.Find(alert.CameraId)?.Intersection, null, null, Anonymous: true, Channel: ChannelNames.Of(AppealChannel.CameraAlert),
            IdempotencyKey: "camera-alert-" + alert.Id.ToString("N"));
        var (file, errors) = intake.Validate(appeal, null, new Actor(request.Actor!.Trim(), ChannelNames.Of(AppealChannel.CameraAlert)));
        if (file is null)
        {
            return TypedResults.ValidationProblem(errors, title: "The case was not filed.");
        }

        var outcome = await grains.GetGrain<ICaseGrain>(CaseIdentity.FromIdempotencyKey(file.IdempotencyKey)).File(file);
        return Outcome(id, await board.LinkCase(id, outcome.Case.Id, request.Actor!.Trim()));
    }

    internal static async Task<Ok<IReadOnlyList<FenceDefinition>>> ListFences(IGrainFactory grains) =>
        TypedResults.Ok((await grains.GetGrain<ISecurityRulesGrain>(0).GetRules()).Fences);

    internal static async Task<Results<Ok<FenceDefinition>, ValidationProblem>> PutFence(string fenceId, FenceRequest? request, IGrainFactory grains)
    {
        var (fence, errors) = FenceInput.Validate(fenceId, request);
        if (fence is null)
        {
            return TypedResults.ValidationProblem(errors, title: "The fence was not stored.");
        }

        await grains.GetGrain<ISecurityRulesGrain>(0).PutFence(fence);
        return TypedResults.Ok(fence);
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> DeleteFence(string fenceId, IGrainFactory grains) =>
        await grains.GetGrain<ISecurityRulesGrain>(0).RemoveFence(fenceId)
            ? TypedResults.NoContent()
            : TypedResults.Problem(title: "No such fence.", statusCode: StatusCodes.Status404NotFound, detail: $"No fence has id {fenceId}.");

    private static ValidationProblem? CheckActor(string? actor) =>
        string.IsNullOrWhiteSpace(actor) || actor.Length > 64
            ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["actor"] = ["Who acts is required (1 to 64 characters)."] })
            : null;

    private static Results<Ok<CameraAlert>, ValidationProblem, ProblemHttpResult> Outcome(Guid id, AlertActionResult result) =>
        result.NotFound ? NoSuchAlert(id)
        : result.Refusal is { } refusal ? TypedResults.Problem(title: "The alert cannot take this step.", statusCode: StatusCodes.Status409Conflict, detail: refusal)
        : TypedResults.Ok(result.Alert!.MaskedForPublic());

    /// <summary>An RFC 9457 problem (application/problem+json), as every 4xx of the API.</summary>
    private static ProblemHttpResult NoSuchAlert(Guid id) =>
        TypedResults.Problem(title: "No such alert.", statusCode: StatusCodes.Status404NotFound, detail: $"No alert has id {id}.");
}
