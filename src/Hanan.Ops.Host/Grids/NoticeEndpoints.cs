using Hanan.Ops.Contracts.Grid;
using Hanan.Ops.Domain.Geography;
using Hanan.Ops.Domain.Population;
using Hanan.Ops.Grains;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hanan.Ops.Host.Grids;

/// <summary>Notices (传达): a grid worker sends a notice to the residents of grids; receipts and reads are tracked.</summary>
public static class NoticeEndpoints
{
    public const int MaxBodyLength = 4000;

    public static RouteGroupBuilder MapNoticeEndpoints(this IEndpointRouteBuilder app)
    {
        var notices = app.MapGroup("/api/notices").WithTags("Notices");
        notices.MapPost("/", Send)
            .WithName("SendNotice")
            .WithSummary("Send a notice to the residents of one or more grids (政策传达)")
            .WithDescription("The recipients are the residents living in the grids when the notice is stored.");
        notices.MapGet("/{id:guid}", Get)
            .WithName("GetNotice")
            .WithSummary("A notice with how many received and read it, and who read it");
        notices.MapPost("/{id:guid}/receipts", Acknowledge)
            .WithName("AcknowledgeNotice")
            .WithSummary("A recipient received or read the notice");
        return notices;
    }

    internal static async Task<Results<Created<NoticeView>, ValidationProblem>> Send(NoticeRequest? request, DistrictMap map, IGrainFactory grains, DistrictClock clock)
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

        if (string.IsNullOrWhiteSpace(request?.SentBy) || request.SentBy.Length > 64)
        {
            errors["sentBy"] = ["The grid worker's id is required, at most 64 characters."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The notice was not accepted.");
        }

        var id = request!.Id ?? Guid.NewGuid();
        var view = await grains.GetGrain<INoticeGrain>(id).Send(new NoticeDraft(
            request.Title!.Trim(), request.Body!.Trim(), [.. request.GridCodes!.Distinct(StringComparer.Ordinal)], request.SentBy!.Trim(), clock.Now));
        return TypedResults.Created($"/api/notices/{view.Id}", view);
    }

    internal static async Task<Results<Ok<NoticeView>, ProblemHttpResult>> Get(Guid id, IGrainFactory grains) =>
        await grains.GetGrain<INoticeGrain>(id).Get() is { } view
            ? TypedResults.Ok(view)
            : TypedResults.Problem(title: "No such notice.", statusCode: StatusCodes.Status404NotFound, detail: $"No notice has id {id}.");

    internal static async Task<Results<Ok<NoticeView>, ValidationProblem, ProblemHttpResult>> Acknowledge(Guid id, ReceiptRequest? request, IGrainFactory grains)
    {
        if (request?.ResidentId is not { } resident || resident == Guid.Empty)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["residentId"] = ["The resident's id is required."] });
        }

        var grain = grains.GetGrain<INoticeGrain>(id);
        return await grain.Acknowledge(resident, request.Read ?? false) switch
        {
            AcknowledgeResult.NoSuchNotice => TypedResults.Problem(title: "No such notice.", statusCode: StatusCodes.Status404NotFound, detail: $"No notice has id {id}."),
            AcknowledgeResult.NotARecipient => TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["residentId"] = ["This resident is not a recipient of the notice."] }),
            _ => TypedResults.Ok((await grain.Get())!),
        };
    }
}

/// <summary>A notice to send; <c>id</c> is optional and makes a retry land on the same notice.</summary>
public sealed record NoticeRequest(Guid? Id, string? Title, string? Body, IReadOnlyList<string>? GridCodes, string? SentBy);

public sealed record ReceiptRequest(Guid? ResidentId, bool? Read);
