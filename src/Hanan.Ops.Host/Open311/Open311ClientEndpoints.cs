using Hanan.Ops.Contracts.Open311;
using Hanan.Ops.Domain.Appeals;
using Hanan.Ops.Domain.Audit;
using Hanan.Ops.Grains;
using Hanan.Ops.Host.Audit;
using Hanan.Ops.Host.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Hanan.Ops.Host.Open311;

/// <summary>The administrator's register of Open311 client applications: issue a key (shown once), list, revoke.</summary>
public static class Open311ClientEndpoints
{
    public static IEndpointRouteBuilder MapOpen311ClientEndpoints(this IEndpointRouteBuilder app)
    {
        var clients = app.MapGroup("/api/open311/clients").WithTags("Open311").RequireAuthorization(Policies.Administer);
        clients.MapPost("/", Issue).WithName("IssueOpen311Client")
            .WithSummary("Register a client application and issue its api_key (shown only in this answer)");
        clients.MapGet("/", List).WithName("ListOpen311Clients").WithSummary("The registered client applications, without their keys");
        clients.MapDelete("/{id}", Revoke).WithName("RevokeOpen311Client").WithSummary("Revoke a client's api_key at once")
            .Audited("open311.client.revoke", "id");
        return app;
    }

    internal static async Task<Results<Created<IssuedOpen311Client>, ValidationProblem, ProblemHttpResult>> Issue(
        IssueOpen311ClientRequest? request, IGrainFactory grains, DistrictClock clock, IOptions<Open311Options> options, RoutingTable routing,
        AuditTrail audit, HttpContext http)
    {
        var errors = new Dictionary<string, string[]>();
        if (!Open311Keys.IsClientId(request?.Id))
        {
            errors["id"] = ["2 to 32 lower-case letters, digits or '-' are required."];
        }

        if (string.IsNullOrWhiteSpace(request?.Name) || request.Name.Length > 100 || request.Name.Any(char.IsControl))
        {
            errors["name"] = ["The application's name (1 to 100 characters) is required."];
        }

        var perMinute = request?.RequestsPerMinute ?? options.Value.DefaultRequestsPerMinute;
        if (perMinute is < 1 or > 100_000)
        {
            errors["requestsPerMinute"] = ["1 to 100000 requests per minute."];
        }

        if (request?.BureauId is { } bureau && routing.FindBureau(bureau) is not { Kind: BureauKind.Bureau })
        {
            errors["bureauId"] = [$"'{bureau}' is not a handling bureau of the routing table."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The client was not registered.");
        }

        var key = Open311Keys.NewKey();
        var client = new Open311Client(request!.Id!, request.Name!.Trim(), Open311Keys.Digest(key), perMinute, clock.Now, http.User.Id() ?? "unknown", BureauId: request.BureauId);
        if (!await grains.GetGrain<IOpen311ClientsGrain>(IOpen311ClientsGrain.District).Issue(client))
        {
            await audit.RecordAsync(http, "open311.client.issue", client.Id, AuditOutcome.Failure, "id taken");
            return TypedResults.Problem(title: "A client with this id exists.", statusCode: StatusCodes.Status409Conflict,
                detail: $"Client '{client.Id}' is registered already; revoke it or choose another id.");
        }

        await audit.RecordAsync(http, "open311.client.issue", client.Id, AuditOutcome.Success, $"{perMinute} requests per minute{(client.BureauId is null ? "" : ", system of " + client.BureauId)}");
        return TypedResults.Created($"/api/open311/clients/{client.Id}", new IssuedOpen311Client(client.Id, client.Name, client.RequestsPerMinute, client.IssuedAt, client.BureauId, key));
    }

    internal static async Task<Ok<IReadOnlyList<Open311ClientView>>> List(IGrainFactory grains)
    {
        var clients = await grains.GetGrain<IOpen311ClientsGrain>(IOpen311ClientsGrain.District).List();
        return TypedResults.Ok<IReadOnlyList<Open311ClientView>>(
            [.. clients.Select(c => new Open311ClientView(c.Id, c.Name, c.RequestsPerMinute, c.BureauId, c.IssuedAt, c.IssuedBy, c.RevokedAt, c.RevokedBy))]);
    }

    internal static async Task<Results<NoContent, NotFound>> Revoke(string id, IGrainFactory grains, DistrictClock clock, HttpContext http) =>
        await grains.GetGrain<IOpen311ClientsGrain>(IOpen311ClientsGrain.District).Revoke(id, http.User.Id() ?? "unknown", clock.Now)
            ? TypedResults.NoContent()
            : TypedResults.NotFound();
}

/// <param name="BureauId">Set for a bureau's own case system: it receives the bureau's cases and posts back their progress.</param>
public sealed record IssueOpen311ClientRequest(string? Id, string? Name, int? RequestsPerMinute, string? BureauId);

/// <param name="ApiKey">The key, shown only in this answer: the district keeps only its digest.</param>
public sealed record IssuedOpen311Client(string Id, string Name, int RequestsPerMinute, DateTimeOffset IssuedAt, string? BureauId, string ApiKey);

public sealed record Open311ClientView(
    string Id, string Name, int RequestsPerMinute, string? BureauId, DateTimeOffset IssuedAt, string IssuedBy, DateTimeOffset? RevokedAt, string? RevokedBy);
