using Hanan.Ops.Contracts.Grid;
using Hanan.Ops.Domain.Geography;
using Hanan.Ops.Domain.Population;
using Hanan.Ops.Domain.Audit;
using Hanan.Ops.Grains;
using Hanan.Ops.Host.Audit;
using Hanan.Ops.Host.Residents;
using Hanan.Ops.Host.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hanan.Ops.Host.Grids;

/// <summary>
/// Notices (传达): a grid worker sends a notice to the residents of their grids (the command centre to any grid);
/// receipts and reads are recorded by the grid workers of the resident's grid. The sender is the signed-in person.
/// </summary>
public static class NoticeEndpoints
{
    public const int MaxBodyLength = 4000;
    public const string NoticeAction = "notice.access";

    public static RouteGroupBuilder MapNoticeEndpoints(this IEndpointRouteBuilder app)
    {
        var notices = app.MapGroup("/api/notices").WithTags("Notices");
        notices.MapPost("/", Send)
            .Audited("notice.send")
            .WithName("SendNotice")
            .WithSummary("Send a notice to the residents of one or more grids (政策传达)")
            .WithDescription("The recipients are the residents living in the grids when the notice is stored. A grid worker names only their own grids.")
            .RequireAuthorization(Policies.NoticesSend);
        notices.MapGet("/{id:guid}", Get)
            .WithName("GetNotice")
            .WithSummary("A notice with how many received and read it, and who read it")
            .WithDescription("For a grid worker, a notice to at least one of their grids.")
            .RequireAuthorization(Policies.NoticesView);
        notices.MapPost("/{id:guid}/receipts", Acknowledge)
            .Audited("notice.receipt", "id")
            .WithName("AcknowledgeNotice")
            .WithSummary("A grid worker records that a resident of their grid received or read the notice")
            .RequireAuthorization(Policies.NoticesReceipt);
        return notices;
    }

    internal static async Task<Results<Created<NoticeView>, ValidationProblem, ProblemHttpResult>> Send(
        NoticeRequest? request, DistrictMap map, IGrainFactory grains, DistrictClock clock, AuditTrail audit, HttpContext http)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request?.Title) || request.Title.Length > DutyRules.MaxTitleLength)
        {
            errors["title"] = [$"The title is required, at most {DutyRules.MaxTitleLength} characters."];
        }

        if (string.IsNullOrWhiteSpace(request?.Body) || request.Body.Length > MaxBodyLength)
        {
            errors["body"] = [$"The body is required, at most {MaxBodyLength} characters."];
        }

        if (request?.GridCodes is not { Count: >= 1 and <= DutyRules.MaxNoticeGrids } grids)
        {
            errors["gridCodes"] = [$"Name 1 to {DutyRules.MaxNoticeGrids} grids."];
        }
        else if (grids.Where(g => g is null || map.FindGrid(g) is null).ToList() is { Count: > 0 } unknown)
        {
            errors["gridCodes"] = [$"Not grids of the district: {string.Join(", ", unknown.Select(u => u ?? "null"))}."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The notice was not accepted.");
        }

        if (request!.GridCodes!.Where(g => !ResidentScope.CoversGrid(http.User, g!)).ToList() is { Count: > 0 } foreign)
        {
            await audit.RecordAsync(http, NoticeAction, string.Join(',', foreign), AuditOutcome.Denied, $"send: {ResidentScope.OutsideGrids}");
            return CaseScope.Forbidden($"Not your grids: {string.Join(", ", foreign)}.");
        }

        var id = request.Id ?? Guid.NewGuid();
        var view = await grains.GetGrain<INoticeGrain>(id).Send(new NoticeDraft(
            request.Title!.Trim(), request.Body!.Trim(), [.. request.GridCodes!.Distinct(StringComparer.Ordinal)], ResidentEndpoints.Actor(http.User), clock.Now));
        return TypedResults.Created($"/api/notices/{view.Id}", view);
    }

    internal static async Task<Results<Ok<NoticeView>, ProblemHttpResult>> Get(Guid id, IGrainFactory grains, AuditTrail audit, HttpContext http)
    {
        if (await grains.GetGrain<INoticeGrain>(id).Get() is not { } view)
        {
            return NoSuchNotice(id);
        }

        if (!view.GridCodes.Any(g => ResidentScope.CoversGrid(http.User, g)))
        {
            await audit.RecordAsync(http, NoticeAction, id.ToString(), AuditOutcome.Denied, $"view: {ResidentScope.OutsideGrids}");
            return CaseScope.Forbidden("The notice went to none of your grids.");
        }

        return TypedResults.Ok(view);
    }

    internal static async Task<Results<Ok<NoticeView>, ValidationProblem, ProblemHttpResult>> Acknowledge(Guid id, ReceiptRequest? request, IGrainFactory grains, HttpContext http)
    {
        if (request?.ResidentId is not { } resident || resident == Guid.Empty)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["residentId"] = ["The resident's id is required."] });
        }

        var grain = grains.GetGrain<INoticeGrain>(id);
        if (await grain.Get() is null)
        {
            return NoSuchNotice(id);
        }

        // A resident outside the worker's grids is refused like one who is not a recipient (and the refusal is audited).
        var notARecipient = TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["residentId"] = ["This resident is not a recipient of the notice in your grids."] });
        if (await ResidentScope.FindAsync(resident, http, NoticeAction) is null)
        {
            return notARecipient;
        }

        return await grain.Acknowledge(resident, request.Read ?? false) switch
        {
            AcknowledgeResult.NoSuchNotice => NoSuchNotice(id),
            AcknowledgeResult.NotARecipient => notARecipient,
            _ => TypedResults.Ok((await grain.Get())!),
        };
    }

    private static ProblemHttpResult NoSuchNotice(Guid id) =>
        TypedResults.Problem(title: "No such notice.", statusCode: StatusCodes.Status404NotFound, detail: $"No notice has id {id}.");
}

/// <summary>A notice to send; <c>id</c> is optional and makes a retry land on the same notice. The sender is the signed-in person.</summary>
public sealed record NoticeRequest(Guid? Id, string? Title, string? Body, IReadOnlyList<string>? GridCodes);

public sealed record ReceiptRequest(Guid? ResidentId, bool? Read);
