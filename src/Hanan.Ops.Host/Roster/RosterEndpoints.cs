using Hanan.Ops.Contracts.Roster;
using Hanan.Ops.Domain.Audit;
using Hanan.Ops.Domain.Geography;
using Hanan.Ops.Domain.Identity;
using Hanan.Ops.Domain.Privacy;
using Hanan.Ops.Domain.Roster;
using Hanan.Ops.Grains;
using Hanan.Ops.Host.Audit;
using Hanan.Ops.Host.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hanan.Ops.Host.Roster;

/// <summary>
/// The grid-worker roster (网格员花名册): who serves which grid, with names and masked phones. Every read is audited
/// (it shows personal data); changes are the administrator's and never leave a covered grid without an active worker.
/// The grid's own workers list (<c>/api/grids/{code}/workers</c>) is mapped with the grid endpoints.
/// </summary>
public static class RosterEndpoints
{
    public const string ViewAction = "roster.view";
    public const string AssignAction = "roster.assign";

    /// <summary>How often a change is decided again when another change got in first.</summary>
    private const int Attempts = 3;

    public static RouteGroupBuilder MapRosterEndpoints(this IEndpointRouteBuilder app)
    {
        var roster = app.MapGroup("/api/grid-workers").WithTags("Grid workers");
        roster.MapGet("/", List)
            .WithName("ListGridWorkers")
            .WithSummary("The grid-worker roster with masked phones, and the grids that have no active worker")
            .WithDescription("Optionally only the workers of one grid (grid) or only the active ones (active=true). Audited.")
            .RequireAuthorization(Policies.RosterView);
        roster.MapPut("/{id}", Assign)
            .WithName("AssignGridWorker")
            .WithSummary("Put a grid worker on the roster, or change their grids, name, phone or activity")
            .WithDescription("A new worker needs name and phone; an active worker serves 1 to 8 grids of the district. Refused (409, naming grids) when a grid that has an active worker now would be left with none: assign the successor first. Audited.")
            .RequireAuthorization(Policies.RosterManage);
        return roster;
    }

    internal static async Task<Results<Ok<RosterResponse>, ValidationProblem>> List(
        string? grid, bool? active, IGridWorkerRoster roster, DistrictMap map, AuditTrail audit, HttpContext http)
    {
        if (grid is not null && map.FindGrid(grid) is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["grid"] = ["Not a grid of the district."] });
        }

        var snapshot = await roster.ReadAsync();
        var workers = snapshot.Workers
            .Where(w => grid is null || w.Grids.Contains(grid, StringComparer.Ordinal))
            .Where(w => active is null || w.Active == active)
            .Select(GridWorkerResponse.From)
            .ToList();
        var uncovered = snapshot.Roster().Uncovered(grid is null ? map.Grids.Select(g => g.Code) : [grid]);
        await audit.RecordAsync(http, ViewAction, grid ?? "roster", AuditOutcome.Success, $"{workers.Count} workers with masked phones");
        return TypedResults.Ok(new RosterResponse(snapshot.Version, workers, uncovered));
    }

    internal static async Task<Results<Ok<GridWorkerResponse>, Created<GridWorkerResponse>, ValidationProblem, ProblemHttpResult>> Assign(
        string id, AssignRequest? request, IGridWorkerRoster roster, DistrictMap map, CitizenIdProtector protector, DistrictClock clock,
        AuditTrail audit, HttpContext http)
    {
        var errors = new Dictionary<string, string[]>();
        if (!GridRosterRules.IsWorkerId(id))
        {
            errors["id"] = [$"A worker id is 1 to {GridRosterRules.MaxIdLength} letters, digits or - _ . (the id they sign in with)."];
        }

        if (request is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["A JSON object body is required."] }, title: "The assignment was not accepted.");
        }

        if (request.Name is not null && GridRosterRules.CheckName(request.Name) is { } nameError)
        {
            errors["name"] = [nameError];
        }

        MobilePhoneNumber? phone = null;
        if (request.Phone is not null && !MobilePhoneNumber.TryParse(request.Phone, out phone, out var phoneError))
        {
            errors["phone"] = [phoneError];
        }

        var isActive = request.Active ?? true;
        if (GridRosterRules.CheckGrids(request.Grids, isActive, g => map.FindGrid(g) is not null) is { } gridError)
        {
            errors["grids"] = [gridError];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The assignment was not accepted.");
        }

        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var snapshot = await roster.ReadAsync();
            var known = snapshot.Workers.FirstOrDefault(w => w.Id == id);
            if (known is null && (request.Name is null || phone is null))
            {
                var missing = new Dictionary<string, string[]>();
                if (request.Name is null)
                {
                    missing["name"] = ["A new grid worker needs a name."];
                }

                if (phone is null)
                {
                    missing["phone"] = ["A new grid worker needs a mobile phone number."];
                }

                return TypedResults.ValidationProblem(missing, title: "The assignment was not accepted.");
            }

            var record = new GridWorkerRecord(
                id,
                request.Name?.Trim() ?? known!.Name,
                phone is null ? known!.SealedPhone : protector.Seal(phone),
                phone?.Masked ?? known!.PhoneMasked,
                [.. (request.Grids ?? []).Select(g => g!)],
                isActive,
                clock.Now);
            var change = snapshot.Roster().Assign(record.Entry(), g => map.FindGrid(g) is not null);
            if (!change.Accepted)
            {
                await audit.RecordAsync(http, AssignAction, id, AuditOutcome.Denied, change.Refusal);
                return TypedResults.Problem(title: "The assignment was refused.", statusCode: StatusCodes.Status409Conflict, detail: change.Refusal,
                    extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["grids"] = [change.Refusal!] } });
            }

            if (await roster.SaveAsync(record, snapshot.Version) is not null)
            {
                await audit.RecordAsync(http, AssignAction, id, AuditOutcome.Success,
                    $"{(known is null ? "added" : "changed")}: grids {string.Join(',', record.Grids)}, {(isActive ? "active" : "inactive")}");
                var response = GridWorkerResponse.From(record);
                return known is null ? TypedResults.Created($"/api/grid-workers/{id}", response) : TypedResults.Ok(response);
            }
        }

        return TypedResults.Problem(title: "The roster is changing.", statusCode: StatusCodes.Status409Conflict,
            detail: "Other changes to the roster got in first; try again.");
    }
}

/// <summary>A change to a grid worker: the grids they serve, and optionally name, phone and whether active (default true).</summary>
public sealed record AssignRequest(string? Name, string? Phone, IReadOnlyList<string?>? Grids, bool? Active);

/// <summary>A grid worker as the API shows them: the phone masked, never in clear.</summary>
public sealed record GridWorkerResponse(string Id, string Name, string Phone, IReadOnlyList<string> Grids, bool Active, DateTimeOffset UpdatedAt)
{
    public static GridWorkerResponse From(GridWorkerRecord w)
    {
        ArgumentNullException.ThrowIfNull(w);
        return new GridWorkerResponse(w.Id, w.Name, w.PhoneMasked, w.Grids, w.Active, w.UpdatedAt);
    }
}

/// <summary>The roster at a version, and the grids (of those asked about) that have no active worker.</summary>
public sealed record RosterResponse(long Version, IReadOnlyList<GridWorkerResponse> Workers, IReadOnlyList<string> UncoveredGrids);
