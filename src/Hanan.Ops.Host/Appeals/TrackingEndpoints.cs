using Hanan.Ops.Contracts.Appeals;
using Hanan.Ops.Domain.Audit;
using Hanan.Ops.Host.Audit;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Hanan.Ops.Host.Appeals;

/// <summary>
/// The filer's tracking link (查询码): whoever filed an appeal, signed in or not, follows it and rates it with the
/// case's unguessable token. The receipt's <c>trackingUrl</c> is the page <c>/track.html#{caseId}.{token}</c>: the
/// token travels in the fragment, which browsers never send, and the page passes it to these endpoints in the
/// <c>X-Tracking-Token</c> header, so it never stands in a request line, a server log or a Referer. The link shows the
/// citizen's projection of the case and nothing else, works until the rating period is over (then 410), and every use
/// is audited.
/// </summary>
public static class TrackingEndpoints
{
    public const string TokenHeader = "X-Tracking-Token";

    public static IEndpointRouteBuilder MapTrackingEndpoints(this IEndpointRouteBuilder app)
    {
        var track = app.MapGroup("/api/track/{id:guid}").WithTags("Appeals").AllowAnonymous();
        track.MapGet("", Track)
            .WithName("TrackCase")
            .WithSummary("The filer's view of a case, opened with the receipt's tracking token (X-Tracking-Token)")
            .WithDescription("404 when the case or the token is unknown (the two are not told apart); 410 once the rating period is over.");
        track.MapPost("/rating", Rate)
            .WithName("TrackRating")
            .WithSummary("The filer rates the resolved case through the tracking link (好差评, 1-5)");
        return app;
    }

    /// <summary>The tracking link of a receipt: the page, with the case and its token in the fragment.</summary>
    public static string Link(Guid caseId, string token) => $"/track.html#{caseId:D}.{token}";

    internal static async Task<Results<Ok<CitizenCaseView>, ProblemHttpResult>> Track(
        Guid id, [FromHeader(Name = TokenHeader)] string? token, IGrainFactory grains, CaseProjection projection, AuditTrail audit, HttpContext http)
    {
        var tracked = string.IsNullOrEmpty(token) ? null : await grains.GetGrain<ICaseGrain>(id).Track(token);
        if (Refused(id, tracked) is { } refusal)
        {
            await audit.RecordAsync(http, "case.track", id.ToString(), AuditOutcome.Denied, tracked?.Access.ToString() ?? "no token");
            return refusal;
        }

        await audit.RecordAsync(http, "case.track", id.ToString(), AuditOutcome.Success, "citizen's view through the tracking link");
        return TypedResults.Ok(projection.ForCitizen(tracked!.Case!, tracked.ExpiresAt));
    }

    internal static async Task<Results<Ok<CitizenCaseView>, ValidationProblem, ProblemHttpResult>> Rate(
        Guid id, [FromHeader(Name = TokenHeader)] string? token, RatingRequest? request, IGrainFactory grains, CaseProjection projection,
        AuditTrail audit, HttpContext http)
    {
        if (request?.Level is not { } level)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["level"] = ["'level' is required: 1 to 5."] }, title: "The rating was not accepted.");
        }

        var grain = grains.GetGrain<ICaseGrain>(id);
        var tracked = string.IsNullOrEmpty(token) ? null : await grain.Track(token);
        if (Refused(id, tracked) is { } refusal)
        {
            await audit.RecordAsync(http, "case.track.rate", id.ToString(), AuditOutcome.Denied, tracked?.Access.ToString() ?? "no token");
            return refusal;
        }

        // The rating itself is audited by the case's own commit (case.rated); this records that the link was used for it.
        await audit.RecordAsync(http, "case.track.rate", id.ToString(), AuditOutcome.Success, "rating through the tracking link");
        var result = await grain.RateByLink(token!, level, request.Comment);
        return CaseActionEndpoints.ToHttp(result, id, "level", projection, CaseAudience.CitizenAudience) switch
        {
            { Result: Ok<CitizenCaseView> } => TypedResults.Ok(projection.ForCitizen(result.Case!, tracked!.ExpiresAt)),
            { Result: ValidationProblem invalid } => invalid,
            { Result: var other } => (ProblemHttpResult)other,
        };
    }

    private static ProblemHttpResult? Refused(Guid id, TrackedCase? tracked) => tracked?.Access switch
    {
        TrackingAccess.Granted => null,
        TrackingAccess.Expired => TypedResults.Problem(
            title: "The tracking link has expired.", statusCode: StatusCodes.Status410Gone,
            detail: $"The rating period of this case ended at {tracked.ExpiresAt:O}; sign in to see your appeals."),
        _ => TypedResults.Problem(title: "No such case.", statusCode: StatusCodes.Status404NotFound,
            detail: $"No case {id} is opened by this tracking token."),
    };
}
