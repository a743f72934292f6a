using Hanan.Ops.Contracts.Appeals;
using Hanan.Ops.Domain.Appeals;
using Hanan.Ops.Domain.Audit;
using Hanan.Ops.Domain.Identity;
using Hanan.Ops.Host.Audit;
using Hanan.Ops.Host.Hosting;
using Hanan.Ops.Host.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Hanan.Ops.Host.Appeals;

/// <summary>Citizen appeals (天大小事): intake and the case record.</summary>
public static class AppealEndpoints
{
    public static IEndpointRouteBuilder MapAppealEndpoints(this IEndpointRouteBuilder app)
    {
        var appeals = app.MapGroup("/api/appeals").WithTags("Appeals");
        appeals.MapPost("/", FileAppeal)
            .AllowAnonymous()
            .RequireRateLimiting(IntakeLimits.PublicIntake)
            .WithName("FileAppeal")
            .WithSummary("File an appeal (受理诉求)")
            .WithDescription("Answers 201 only after the case is durably stored. A retry with the same idempotency key and content answers 200 with the same case; the same key with other content answers 409. A host working on as many filings as it admits answers 503 with Retry-After at once: nothing was stored, retry with the same key.");
        appeals.MapGet("/categories", Categories)
            .AllowAnonymous()
            .WithName("ListCategories")
            .WithSummary("The category catalogue with lead and co-handling bureaus and time limits");

        var cases = app.MapGroup("/api/cases").WithTags("Cases");
        cases.MapGet("/{id:guid}", GetCase)
            .RequireAuthorization(Policies.ViewCase)
            .WithName("GetCase")
            .WithSummary("One case with its timeline (留痕), shaped for the caller: the filer gets the citizen's view, staff the view of their role and bureau");
        app.MapTrackingEndpoints();
        return app;
    }

    internal static async Task<Results<Created<AppealReceipt>, Ok<AppealReceipt>, ValidationProblem, ProblemHttpResult>> FileAppeal(
        FileAppealRequest request,
        [FromHeader(Name = AppealIntake.IdempotencyHeader)] string? idempotencyKey,
        AppealIntake intake,
        AppealFiling filing,
        AuditTrail audit,
        HttpContext http)
    {
        var (appeal, errors) = intake.Validate(request, idempotencyKey, ActorFor(request, http.User));
        if (appeal is null)
        {
            return TypedResults.ValidationProblem(errors, title: "The appeal was not accepted.");
        }

        if (!MayFileThrough(appeal.Channel, http.User))
        {
            // Nobody signed in: 401 with the challenge, so a client knows to sign in; signed in with another role: 403.
            var signedIn = http.User.Identity?.IsAuthenticated == true;
            var channel = ChannelNames.Of(appeal.Channel);
            await audit.RecordAsync(http, "access.denied", $"{http.Request.Method} {http.Request.Path}", AuditOutcome.Denied,
                signedIn ? $"role may not file through '{channel}'" : $"not signed in, channel '{channel}'");
            if (!signedIn)
            {
                http.Response.Headers.WWWAuthenticate = "Bearer";
                return TypedResults.Problem(title: "Sign in to file through this channel.", statusCode: StatusCodes.Status401Unauthorized,
                    detail: $"Only signed-in staff of the channel may file through '{channel}'.");
            }

            return CaseScope.Forbidden($"Only signed-in staff of the channel may file through '{channel}'.");
        }

        var attempt = await filing.FileAsync(appeal, http);
        if (attempt.Refused is { } refused)
        {
            return refused;
        }

        var outcome = attempt.Outcome!;
        var receipt = Receipt(outcome);
        switch (outcome.Result)
        {
            case FilingResult.Created:
                // The Location is the case resource; the tracking link (with its token) stays in the body only.
                return TypedResults.Created($"/api/cases/{receipt.CaseId}", receipt);
            case FilingResult.Replayed:
                http.Response.Headers["Idempotent-Replayed"] = "true";
                return TypedResults.Ok(receipt);
            default:
                return TypedResults.Problem(
                    title: "The idempotency key was already used for a different appeal.",
                    statusCode: StatusCodes.Status409Conflict,
                    detail: $"Case {outcome.Case.Number} was filed under this key with other content. Use a new key for a new appeal.",
                    extensions: new Dictionary<string, object?>
                    {
                        ["errors"] = new Dictionary<string, string[]> { ["idempotencyKey"] = ["already used for a different appeal"] },
                    });
        }
    }

    internal static Ok<IReadOnlyList<CategoryResponse>> Categories(RoutingTable routing) =>
        TypedResults.Ok<IReadOnlyList<CategoryResponse>>(
            [.. routing.Categories.Select(c => new CategoryResponse(
                c.Code, c.Name, c.LeadBureau, c.CoHandlers, c.Emergency,
                c.Limits.Claim.ToString(), c.Limits.Feedback.ToString(), c.Limits.Resolve.ToString()))]);

    internal static async Task<Results<Ok<CaseView>, Ok<CitizenCaseView>, ProblemHttpResult>> GetCase(
        Guid id, IGrainFactory grains, CaseProjection projection, AuditTrail audit, HttpContext http)
    {
        var view = await grains.GetGrain<ICaseGrain>(id).Get();
        if (view is null)
        {
            return TypedResults.Problem(title: "No such case.", statusCode: StatusCodes.Status404NotFound, detail: $"No case has id {id}.");
        }

        if (CaseAudience.Of(http.User, view) is not { } audience)
        {
            await audit.RecordAsync(http, "case.view", id.ToString(), AuditOutcome.Denied, "outside the caller's data scope");
            return CaseScope.Forbidden("The case is outside your data scope.");
        }

        // A read of personal data (the contact, masked): recorded, with the audience it was shaped for.
        await audit.RecordAsync(http, "case.view", id.ToString(), AuditOutcome.Success, $"as {audience.GroupKey}{(view.Contact is null ? "" : ", with masked contact")}");
        if (audience is CaseAudience.Citizen)
        {
            return TypedResults.Ok(projection.ForCitizen(view));
        }

        return TypedResults.Ok(projection.ForStaff(view, audience));
    }

    /// <summary>
    /// The receipt (回执): the tracking link carries the case's token for the filer and whoever they pass it to; a case
    /// filed before links were issued is tracked at its resource, by its signed-in filer.
    /// </summary>
    private static AppealReceipt Receipt(FileOutcome outcome)
    {
        var c = outcome.Case;
        return new(
            c.Id,
            c.Number,
            outcome.TrackingToken is { } token ? TrackingEndpoints.Link(c.Id, token) : $"/api/cases/{c.Id}",
            c.Status.ToString(),
            c.FiledAt,
            c.GridCode,
            c.LeadBureau,
            c.CoHandlers,
            c.Deadlines.ResolveDue);
    }

    /// <summary>The signed-in filer (a citizen's appeals are bound to them), or the channel for the public.</summary>
    private static Actor ActorFor(FileAppealRequest request, System.Security.Claims.ClaimsPrincipal user) =>
        user.Id() is { } id && user.Role() is { } role
            ? new(id, role)
            : new("unauthenticated", request.Channel ?? ChannelNames.Of(AppealChannel.Citizen));

    /// <summary>The public files as citizens; the other channels belong to signed-in staff.</summary>
    private static bool MayFileThrough(AppealChannel channel, System.Security.Claims.ClaimsPrincipal user) => channel switch
    {
        AppealChannel.Citizen => true,
        AppealChannel.GridWorker => user.HasRole(Roles.GridWorker, Roles.Dispatcher),
        AppealChannel.Hotline => user.HasRole(Roles.Dispatcher),
        _ => user.HasRole(Roles.Dispatcher, Roles.Police),
    };
}

public sealed record CategoryResponse(
    string Code,
    string Name,
    string LeadBureau,
    IReadOnlyList<string> CoHandlers,
    bool Emergency,
    string ClaimLimit,
    string FeedbackLimit,
    string ResolveLimit);
