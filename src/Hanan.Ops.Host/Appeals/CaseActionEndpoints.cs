using Hanan.Ops.Contracts.Appeals;
using Hanan.Ops.Domain.Appeals;
using System.Security.Claims;
using Hanan.Ops.Domain.Audit;
using Hanan.Ops.Host.Audit;
using Hanan.Ops.Host.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hanan.Ops.Host.Appeals;

/// <summary>
/// Actions on a case. Each is decided by the case's rules and stored before the answer. A refusal is 409 with the
/// reason (e.g. the officer who won a claim); bad input is 400 naming the field; an unknown case is 404.
/// </summary>
public static class CaseActionEndpoints
{
    public static IEndpointRouteBuilder MapCaseActionEndpoints(this IEndpointRouteBuilder app)
    {
        var cases = app.MapGroup("/api/cases/{id:guid}").WithTags("Case actions");
        // The acting person comes from the token (c.Me); an officer acts for their own bureau (c.BureauId). The body's
        // officerId, dispatcherId, supervisorId and citizenId are ignored, kept only so older clients still bind.
        Map(cases, "/claim", "Claim the case for a bureau (签收)", Policies.HandleCase, (OfficerRequest r, Check c) =>
            c.ActingBureau(r.BureauId)
                ? (g, _) => g.Claim(c.BureauId, c.Me) : null);
        Map(cases, "/unclaim", "Give the claim back to the bureau's queue", Policies.HandleCase, (OfficerRequest r, Check c) =>
            c.ActingBureau(r.BureauId)
                ? (g, _) => g.Unclaim(c.BureauId, c.Me) : null);
        Map(cases, "/transfer", "Transfer the claim to another officer of the bureau", Policies.HandleCase, (TransferRequest r, Check c) =>
            c.ActingBureau(r.BureauId) && c.Person("toOfficerId", r.ToOfficerId)
                ? (g, _) => g.Transfer(c.BureauId, c.Me, r.ToOfficerId!) : null);
        Map(cases, "/notes", "Add a note; a public note is a progress update the citizen sees", Policies.HandleCase, (NoteRequest r, Check c) =>
            c.ActingBureau(r.BureauId) && c.Text("text", r.Text)
                ? (g, _) => g.Note(c.BureauId, c.Me, r.Text!, r.Public ?? false) : null, "text");
        Map(cases, "/questions", "Ask the citizen for more information", Policies.HandleCase, (QuestionRequest r, Check c) =>
            c.ActingBureau(r.BureauId) && c.Text("question", r.Question)
                ? (g, _) => g.AskCitizen(c.BureauId, c.Me, r.Question!) : null, "question");
        Map(cases, "/replies", "The citizen's answer to a question", Policies.CitizenCase, (ReplyRequest r, Check c) =>
            c.Text("text", r.Text)
                ? (g, _) => g.CitizenReply(c.Me, r.Text!) : null, "text");
        Map(cases, "/reports", "A co-handling bureau reports its part (协办反馈)", Policies.HandleCase, (OutcomeRequest r, Check c) =>
            c.ActingBureau(r.BureauId) && c.Text("summary", r.Summary)
                ? (g, _) => g.Report(c.BureauId, c.Me, r.Summary!) : null, "summary");
        Map(cases, "/resolve", "The lead bureau resolves the case (办结)", Policies.HandleCase, (OutcomeRequest r, Check c) =>
            c.ActingBureau(r.BureauId) && c.Text("summary", r.Summary)
                ? (g, _) => g.Resolve(c.BureauId, c.Me, r.Summary!) : null, "summary");
        Map(cases, "/return", "Return a wrongly assigned case with a reason (退单)", Policies.HandleCase, (ReturnRequest r, Check c) =>
            c.ActingBureau(r.BureauId) && c.Text("reason", r.Reason)
                ? (g, _) => g.Return(c.BureauId, c.Me, r.Reason!) : null, "reason");
        Map(cases, "/reroute", "The command centre re-routes a returned case (改派)", Policies.Dispatch, (RerouteRequest r, Check c) =>
            c.Bureau(r.LeadBureau, "leadBureau") && c.Bureaus("coHandlers", r.CoHandlers)
                ? (g, _) => g.Reroute(c.Me, r.LeadBureau!, r.CoHandlers ?? []) : null);
        Map(cases, "/extension-requests", "Request an extension before the deadline (延期申请)", Policies.HandleCase, (ExtensionRequestBody r, Check c) =>
            c.ActingBureau(r.BureauId) && c.Text("reason", r.Reason) && c.Limit("extra", r.Extra)
                ? (g, _) => g.RequestExtension(c.BureauId, c.Me, r.Reason!, r.Extra!) : null, "reason");
        Map(cases, "/extension-decision", "The supervision bureau approves or denies the pending extension", Policies.Supervise, (ExtensionDecisionRequest r, Check c) =>
            c.Required("approve", r.Approve)
                ? (g, _) => g.DecideExtension(c.Me, r.Approve!.Value, r.Reason) : null, "reason");
        Map(cases, "/review-decision", "The supervision bureau closes or reopens a case under review", Policies.Supervise, (ReviewDecisionRequest r, Check c) =>
            c.Required("close", r.Close) && c.Text("note", r.Note)
                ? (g, _) => g.CompleteReview(c.Me, r.Close!.Value, r.Note!) : null, "note");
        Map(cases, "/hot", "A dispatcher flags the case as hot: district leaders see it", Policies.Dispatch, (HotRequest _, Check c) =>
            (g, _) => g.FlagHot(c.Me, dispatcher: true));
        Map(cases, "/merge", "Merge this case into a master case as a duplicate", Policies.Dispatch, (MergeRequest r, Check c) =>
            c.Required("masterId", r.MasterId)
                ? (g, grains) => grains.GetGrain<IMergeCoordinatorGrain>(0).Merge(g.GetPrimaryKey(), r.MasterId!.Value, c.Me) : null);
        Map(cases, "/rating", "The citizen rates the resolved case (好差评, 1-5)", Policies.CitizenCase, (RatingRequest r, Check c) =>
            c.Required("level", r.Level) && c.Comment(r.Comment)
                ? (g, _) => g.Rate(c.Me, r.Level!.Value, r.Comment) : null, "level");
        return app;
    }

    private static void Map<TRequest>(RouteGroupBuilder group, string path, string summary, string policy,
        Func<TRequest, Check, Func<ICaseGrain, IGrainFactory, Task<CaseActionResult>>?> bind, string textField = "body")
        where TRequest : class
    {
        group.MapPost(path, async Task<Results<Ok<CaseView>, Ok<CitizenCaseView>, ValidationProblem, ProblemHttpResult>> (
                Guid id, TRequest? request, RoutingTable routing, IGrainFactory grains, CaseProjection projection, AuditTrail audit, HttpContext http) =>
            {
                if (request is null)
                {
                    return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["A JSON object body is required."] },
                        title: "The action was not accepted.");
                }

                var check = new Check(routing, http.User);
                var action = bind(request, check);
                if (check.Forbidden is { } why)
                {
                    return CaseScope.Forbidden(why);
                }

                if (action is null)
                {
                    return TypedResults.ValidationProblem(check.Errors, title: "The action was not accepted.");
                }

                var grain = grains.GetGrain<ICaseGrain>(id);
                var view = await grain.Get();
                var audience = view is null ? null : CaseAudience.Of(http.User, view);
                if (view is not null && audience is null)
                {
                    await audit.RecordAsync(http, "case" + path, id.ToString(), AuditOutcome.Denied, "outside the caller's data scope");
                    return CaseScope.Forbidden("The case is outside your data scope.");
                }

                // The answer is the case as this caller sees it (a citizen's reply answers the citizen's view).
                // (No view means no case: the action answers 404, and the least audience is named only for the compiler.)
                return ToHttp(await action(grain, grains), id, textField, projection, audience ?? CaseAudience.CitizenAudience);
            })
            .RequireAuthorization(policy)
            .WithName("Case" + string.Concat(path.Trim('/').Split('-').Select(p => char.ToUpperInvariant(p[0]) + p[1..])))
            .WithSummary(summary);
    }

    internal static Results<Ok<CaseView>, Ok<CitizenCaseView>, ValidationProblem, ProblemHttpResult> ToHttp(
        CaseActionResult result, Guid id, string textField, CaseProjection projection, CaseAudience audience)
    {
        if (result.NotFound)
        {
            return TypedResults.Problem(title: "No such case.", statusCode: StatusCodes.Status404NotFound, detail: $"No case has id {id}.");
        }

        if (result.Accepted)
        {
            if (audience is CaseAudience.Citizen)
            {
                return TypedResults.Ok(projection.ForCitizen(result.Case!));
            }

            return TypedResults.Ok(projection.ForStaff(result.Case!, audience));
        }

        if (result.InvalidInput)
        {
            var field = result.Refusal!.StartsWith("InvalidInput:", StringComparison.Ordinal) ? result.Refusal["InvalidInput:".Length..] : textField;
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [result.Message!] }, title: "The action was not accepted.");
        }

        var extensions = new Dictionary<string, object?> { ["reason"] = result.Refusal, ["caseStatus"] = result.Case?.Status.ToString() };
        if (result.ClaimedBy is not null)
        {
            extensions["claimedBy"] = result.ClaimedBy;
        }

        return TypedResults.Problem(
            title: result.ClaimedBy is null ? "The case does not allow this now." : $"Already claimed by {result.ClaimedBy}.",
            detail: result.Message,
            statusCode: StatusCodes.Status409Conflict,
            extensions: extensions);
    }

    /// <summary>Collects field errors of an action request; each check returns whether the field is good.</summary>
    internal sealed class Check(RoutingTable routing, ClaimsPrincipal user)
    {
        private const int MaxIdLength = 64;

        public Dictionary<string, string[]> Errors { get; } = new(StringComparer.Ordinal);

        /// <summary>Why the caller may not do this (403), or null.</summary>
        public string? Forbidden { get; private set; }

        /// <summary>The acting person: the token's subject.</summary>
        public string Me { get; } = user.Id() ?? "";

        /// <summary>The bureau an officer acts for, once <see cref="ActingBureau"/> accepted it.</summary>
        public string BureauId { get; private set; } = "";

        /// <summary>The caller's own bureau; a bureau named in the body must be that one.</summary>
        public bool ActingBureau(string? named)
        {
            var id = named ?? user.Bureau();
            if (!Bureau(id))
            {
                return false;
            }

            if (!CaseScope.MayActFor(user, id!))
            {
                Forbidden = $"You act for your own bureau ({user.Bureau() ?? "none"}), not for '{Cut(id!)}'.";
                return false;
            }

            BureauId = id!;
            return true;
        }

        public bool Bureau(string? id, string field = "bureauId")
        {
            if (string.IsNullOrWhiteSpace(id))
            {
                return Fail(field, "A bureau id is required.");
            }

            return routing.FindBureau(id) is not null || Fail(field, $"'{Cut(id)}' is not a bureau of the routing table.");
        }

        public bool Bureaus(string field, IReadOnlyList<string>? ids)
        {
            if (ids is null)
            {
                return true;
            }

            if (ids.Any(i => i is null))
            {
                return Fail(field, "A bureau id may not be null.");
            }

            var bad = ids.FirstOrDefault(i => routing.FindBureau(i) is null);
            return bad is null && ids.Count == ids.Distinct().Count()
                || Fail(field, bad is null ? "A bureau is listed twice." : $"'{Cut(bad)}' is not a bureau of the routing table.");
        }

        public bool Person(string field, string? id) =>
            id is { Length: > 0 and <= MaxIdLength } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            || Fail(field, $"An id of 1 to {MaxIdLength} letters, digits or - _ . is required.");

        public bool Text(string field, string? text) =>
            AppealRules.CheckText(text, field) is not { } error || Fail(field, error);

        /// <summary>A comment is optional: omitted, empty or blank all mean "no comment" (the rule keeps none).</summary>
        public bool Comment(string? text) => string.IsNullOrWhiteSpace(text) || Text("comment", text);

        public bool Limit(string field, string? text) =>
            Hanan.Ops.Domain.Calendar.TimeLimit.TryParse(text, out _, out var error) || Fail(field, error!);

        public bool Required<T>(string field, T? value)
            where T : struct =>
            value.HasValue || Fail(field, $"'{field}' is required.");

        private bool Fail(string field, string message)
        {
            Errors.TryAdd(field, [message]);
            return false;
        }

        private static string Cut(string text) => text.Length <= 40 ? text : text[..40] + "…";
    }
}
