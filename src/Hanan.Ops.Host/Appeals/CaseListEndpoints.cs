using System.Globalization;
using Hanan.Ops.Contracts.Appeals;
using Hanan.Ops.Domain.Appeals;
using Hanan.Ops.Host.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hanan.Ops.Host.Appeals;

/// <summary>Lists and queues, read from the case read model (projected from case activity), never by activating every case.</summary>
public static class CaseListEndpoints
{
    private const int MaxTextLength = 100;

    public static IEndpointRouteBuilder MapCaseListEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/cases", ListCases)
            .RequireAuthorization(Policies.ListCases)
            .WithTags("Cases")
            .WithName("ListCases")
            .WithSummary("List and filter cases")
            .WithDescription("Filters: status (comma-separated), bureau, grid, street, category, hot, overdue, extensionPending (an extension request waits for the supervision bureau), from, to (filing time, [from, to)), text (description or number), limit (1-500), after (cursor from the previous page).");
        app.MapGet("/api/bureaus/{id}/queue", BureauQueue)
            .RequireAuthorization(Policies.BureauQueue)
            .WithTags("Cases")
            .WithName("BureauQueue")
            .WithSummary("A bureau's queue: cases whose assignment for this bureau is not claimed yet, newest first");
        app.MapCaseExportEndpoints();
        return app;
    }

    internal static async Task<Results<Ok<CasePage>, ValidationProblem, ProblemHttpResult>> ListCases(
        string? status, string? bureau, string? grid, string? street, string? category, bool? hot, bool? overdue,
        DateTimeOffset? from, DateTimeOffset? to, string? text, int? limit, string? after, bool? extensionPending,
        ICaseReadModel cases, RoutingTable routing, System.Security.Claims.ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var filter = new CaseListFilter(status, bureau, grid, street, category, hot, overdue, from, to, text, extensionPending);
        var (query, refusal) = Prepare(filter, limit, routing, user);
        if (query is null)
        {
            return refusal!.Result switch
            {
                ValidationProblem invalid => invalid,
                var other => (ProblemHttpResult)other,
            };
        }

        try
        {
            return TypedResults.Ok(Shaped(await cases.QueryAsync(query with { After = after }, cancellationToken), user));
        }
        catch (ArgumentException ex)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["after"] = [ex.Message] });
        }
    }

    /// <summary>
    /// Checks the list filters and scopes them to the caller (an officer or bureau head lists their own bureau's cases
    /// only): the query, or the 400/403 answer.
    /// </summary>
    internal static (CaseQuery? Query, Results<ValidationProblem, ProblemHttpResult>? Refusal) Prepare(
        CaseListFilter filter, int? limit, RoutingTable routing, System.Security.Claims.ClaimsPrincipal user)
    {
        var (status, bureau, grid, street, category, hot, overdue, from, to, text, extensionPending) = filter;
        if (Roles.IsBureauScoped(user.Role()))
        {
            if (bureau is not null && bureau != user.Bureau())
            {
                return (null, CaseScope.Forbidden("You may list your own bureau's cases only."));
            }

            bureau = user.Bureau();
        }

        var errors = new Dictionary<string, string[]>();
        List<CaseStatus>? statuses = null;
        foreach (var (name, value) in new[] { ("grid", grid), ("street", street), ("text", text), ("bureau", bureau), ("category", category) })
        {
            if (value is not null && value.Any(char.IsControl))
            {
                errors[name] = [$"'{name}' contains control characters."];
            }
        }

        if (status is not null)
        {
            statuses = [];
            if (string.IsNullOrWhiteSpace(status.Replace(",", "", StringComparison.Ordinal)))
            {
                errors["status"] = ["Name at least one status, or leave 'status' out."];
            }

            foreach (var part in status.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (Enum.TryParse<CaseStatus>(part, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(part, out _))
                {
                    statuses.Add(parsed);
                }
                else
                {
                    errors["status"] = [$"'{Cut(part)}' is not a status: use {string.Join(", ", Enum.GetNames<CaseStatus>())}."];
                }
            }
        }

        if (bureau is not null && routing.FindBureau(bureau) is null)
        {
            errors["bureau"] = [$"'{Cut(bureau)}' is not a bureau of the routing table."];
        }

        if (category is not null && routing.FindCategory(category) is null)
        {
            errors["category"] = [$"'{Cut(category)}' is not a category of the catalogue."];
        }

        if (text is { Length: > MaxTextLength })
        {
            errors["text"] = [$"Search text may have at most {MaxTextLength} characters."];
        }

        if (limit is < 1 or > CaseQuery.MaxLimit)
        {
            errors["limit"] = [$"The limit must be between 1 and {CaseQuery.MaxLimit}."];
        }

        if (from is not null && to is not null && from >= to)
        {
            errors["to"] = ["'to' must be later than 'from'."];
        }

        if (errors.Count > 0)
        {
            return (null, TypedResults.ValidationProblem(errors));
        }

        return (new CaseQuery(statuses, bureau, grid, street, category, hot, overdue, from, to, text, limit ?? 50, ExtensionPending: extensionPending), null);
    }

    internal static async Task<Results<Ok<CasePage>, ValidationProblem, ProblemHttpResult>> BureauQueue(
        string id, string? after, int? limit, ICaseReadModel cases, RoutingTable routing, System.Security.Claims.ClaimsPrincipal user,
        CancellationToken cancellationToken)
    {
        if (!CaseScope.MayActFor(user, id))
        {
            return CaseScope.Forbidden("You may see your own bureau's queue only.");
        }

        if (routing.FindBureau(id) is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["id"] = [$"'{Cut(id)}' is not a bureau of the routing table."] });
        }

        if (limit is < 1 or > CaseQuery.MaxLimit)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = [$"The limit must be between 1 and {CaseQuery.MaxLimit}."] });
        }

        // The queue: cases still being handled whose assignment for this bureau nobody has claimed yet.
        var query = new CaseQuery(Statuses: [CaseStatus.Dispatched, CaseStatus.InProgress, CaseStatus.AwaitingCitizen], Limit: limit ?? 50, After: after, OpenFor: id);
        try
        {
            return TypedResults.Ok(Shaped(await cases.QueryAsync(query, cancellationToken), user));
        }
        catch (ArgumentException ex)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["after"] = [ex.Message] });
        }
    }

    /// <summary>A bureau's rows show its own officers only (<see cref="CaseProjection"/>); oversight sees them all.</summary>
    private static CasePage Shaped(CasePage page, System.Security.Claims.ClaimsPrincipal user) =>
        Roles.IsBureauScoped(user.Role()) && user.Bureau() is { } bureau
            ? page with { Items = [.. page.Items.Select(r => CaseProjection.ForStaff(r, new CaseAudience.Bureau(bureau)))] }
            : page;

    private static string Cut(string text) => text.Length <= 40 ? text : text[..40] + "…";
}

/// <summary>The filters of the case list and its export (query string).</summary>
/// <param name="Status">Comma-separated statuses.</param>
/// <param name="From">Filed at or after.</param>
/// <param name="To">Filed before.</param>
/// <param name="Text">In the description or the number.</param>
public sealed record CaseListFilter(
    string? Status, string? Bureau, string? Grid, string? Street, string? Category, bool? Hot, bool? Overdue,
    DateTimeOffset? From, DateTimeOffset? To, string? Text, bool? ExtensionPending);
