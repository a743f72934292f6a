using System.Security.Claims;
using Hanan.Ops.Contracts.Appeals;
using Hanan.Ops.Domain.Appeals;
using Hanan.Ops.Domain.Audit;
using Hanan.Ops.Host.Audit;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hanan.Ops.Host.Security;

/// <summary>
/// Personal data: a case shows the citizen's phone masked. Seeing it in full is an explicit action with a reason,
/// for someone whose scope covers the case, and it is audited before the number is shown.
/// </summary>
public static class ContactRevealEndpoints
{
    public static IEndpointRouteBuilder MapContactRevealEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/cases/{id:guid}/contact-reveal", Reveal)
            .RequireAuthorization(Policies.RevealContact)
            .WithTags("Case actions")
            .WithName("CaseContactReveal")
            .WithSummary("Reveal the citizen's contact, with a reason (audited)");
        return app;
    }

    internal static async Task<Results<Ok<RevealedContact>, ValidationProblem, ProblemHttpResult>> Reveal(
        Guid id, ContactRevealRequest? request, IGrainFactory grains, AuditTrail audit, ClaimsPrincipal user, HttpContext http)
    {
        if (request is null || AppealRules.CheckText(request.Reason, "reason") is { } error)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["reason"] = [request is null ? "A reason is required." : AppealRules.CheckText(request.Reason, "reason")!] },
                title: "The contact was not revealed.");
        }

        var view = await grains.GetGrain<ICaseGrain>(id).Get();
        if (view is null)
        {
            return TypedResults.Problem(title: "No such case.", statusCode: StatusCodes.Status404NotFound, detail: $"No case has id {id}.");
        }

        if (!CaseScope.CanSee(user, view))
        {
            await audit.RecordAsync(http, "case.contact-reveal", id.ToString(), AuditOutcome.Denied, request.Reason);
            return CaseScope.Forbidden("The case is not assigned to your bureau.");
        }

        if (view.Contact is null)
        {
            return TypedResults.Problem(title: "The appeal has no contact.", statusCode: StatusCodes.Status404NotFound, detail: "It was filed anonymously.");
        }

        await audit.RecordAsync(http, "case.contact-reveal", id.ToString(), AuditOutcome.Success, request.Reason);
        return TypedResults.Ok(new RevealedContact(view.Id, view.Number, view.Contact.Name, view.Contact.Phone));
    }
}

public sealed record ContactRevealRequest(string? Reason);

public sealed record RevealedContact(Guid CaseId, string CaseNumber, string? Name, string? Phone);
