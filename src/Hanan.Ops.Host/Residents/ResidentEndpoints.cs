using System.Security.Claims;
using Hanan.Ops.Contracts.Residents;
using Hanan.Ops.Domain.Audit;
using Hanan.Ops.Domain.Identity;
using Hanan.Ops.Domain.Population;
using Hanan.Ops.Domain.Privacy;
using Hanan.Ops.Grains;
using Hanan.Ops.Host.Audit;
using Hanan.Ops.Host.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hanan.Ops.Host.Residents;

/// <summary>
/// Residents (人) and legal persons (组织): lookup, search and moves. Answers mask ID numbers and phones, and restricted
/// tags for the roles that may not see them. Personal data is scoped (<see cref="ResidentScope"/>) and every read is
/// audited before the answer: who, which resident (the surrogate id, never the ID number), the outcome.
/// </summary>
public static class ResidentEndpoints
{
    public const string LookupAction = "resident.lookup";
    public const string SearchAction = "resident.search";
    public const string ViewAction = "resident.view";
    public const string HistoryAction = "resident.history";
    public const string MoveAction = "resident.move";
    public const string VisitAction = "resident.visit";

    /// <summary>What a role without the restricted-tags permission sees instead of a visit's findings.</summary>
    public const string RestrictedText = "(restricted)";

    /// <summary>How many resident ids one search audit record names (the target is cut at 500 characters).</summary>
    private const int IdsPerAuditRecord = 12;

    /// <summary>Maps <c>/api/residents</c> (personal data, <see cref="Policies.ResidentsRead"/>) and <c>/api/legal-persons</c>.</summary>
    public static RouteGroupBuilder MapResidentEndpoints(this IEndpointRouteBuilder app)
    {
        var residents = app.MapGroup("/api/residents").WithTags("Residents").RequireAuthorization(Policies.ResidentsRead);
        residents.MapPost("/lookup", Lookup)
            .WithName("LookUpResident")
            .WithSummary("Find a resident by citizen ID number (刷证查询)")
            .WithDescription("The ID number travels in the body, never in the URL; it is matched through its keyed hash and never logged. The answer masks the ID number and the phone. A grid worker finds only residents of their grids (anyone else is a 404). Audited.");
        residents.MapGet("/", Search)
            .WithName("SearchResidents")
            .WithSummary("Search residents by name prefix, grid and restricted tags")
            .WithDescription("At least one criterion is required. Ordered by id; pass nextAfter as after for the next page. A grid worker searches their own grids only (another grid is a 403); searching by restricted tag needs a role that sees them. Audited.");
        residents.MapGet("/{id:guid}", Get)
            .WithName("GetResident")
            .WithSummary("One resident by surrogate id");
        residents.MapPost("/{id:guid}/moves", Move)
            .Audited("resident.move", "id")
            .WithName("MoveResident")
            .WithSummary("Record that a resident moved house (搬迁)")
            .WithDescription("Stored before answering; both grids' live figures follow. For the grid workers of the resident's grid; the recorder is the signed-in worker.")
            .RequireAuthorization(Policies.ResidentsWrite);

        residents.MapPost("/{id:guid}/visits", RecordVisit)
            .Audited("resident.visit", "id")
            .WithName("RecordVisit")
            .WithSummary("Record a grid worker's visit (走访入户); the record follows what was found")
            .WithDescription("Adds and removes restricted tags and replaces the phone; kept in the resident's history. The grid's figures follow. For the grid workers of the resident's grid; the visitor is the signed-in worker.")
            .RequireAuthorization(Policies.ResidentsWrite);
        residents.MapGet("/{id:guid}/history", History)
            .WithName("GetResidentHistory")
            .WithSummary("The resident's moves and visits, oldest first");

        app.MapGet("/api/legal-persons/{code}", GetLegalPerson)
            .WithTags("Organisations")
            .WithName("GetLegalPerson")
            .WithSummary("A legal person by unified social credit code (GB 32100)")
            .RequireAuthorization(Policies.LegalPersons);
        return residents;
    }

    internal static async Task<Results<Ok<ResidentResponse>, ValidationProblem, ProblemHttpResult>> Lookup(
        ResidentLookupRequest? request, CitizenIdProtector protector, IResidentReadModel readModel, DistrictClock clock, AuditTrail audit, HttpContext http)
    {
        var today = Today(clock);
        if (!CitizenIdNumber.TryParse(request?.IdNumber, today, out var id, out var error))
        {
            return TypedResults.ValidationProblem(Error("idNumber", error), title: "The ID number is not valid.");
        }

        // The ID number never reaches the audit log: a hit names the surrogate id, a miss names nothing.
        var found = await readModel.FindByLookupAsync(protector.LookupKey(id));
        if (found is null || !ResidentScope.CoversGrid(http.User, found.GridCode))
        {
            await audit.RecordAsync(http, LookupAction, found?.Id.ToString(), found is null ? AuditOutcome.Failure : AuditOutcome.Denied,
                found is null ? "no resident has this ID number" : ResidentScope.OutsideGrids);
            return TypedResults.Problem(title: "No resident has this ID number.", statusCode: StatusCodes.Status404NotFound);
        }

        await audit.RecordAsync(http, LookupAction, found.Id.ToString(), AuditOutcome.Success);
        return TypedResults.Ok(ResidentResponse.From(found, today, http.User));
    }

    internal static async Task<Results<Ok<ResidentSearchResponse>, ValidationProblem, ProblemHttpResult>> Search(
        string? name, string? grid, string? tag, int? limit, Guid? after, IResidentReadModel readModel, DistrictClock clock, AuditTrail audit,
        HttpContext http)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(name) && string.IsNullOrWhiteSpace(grid) && string.IsNullOrWhiteSpace(tag))
        {
            errors["name"] = ["Give at least one of name, grid or tag; residents are not listed wholesale."];
        }

        if (name is { Length: > Resident.MaxNameLength })
        {
            errors["name"] = [$"A name prefix has at most {Resident.MaxNameLength} characters."];
        }

        if (grid is not null && (grid.Length != Place.GridCodeLength || grid.Any(c => !char.IsAsciiDigit(c))))
        {
            errors["grid"] = ["A grid code is 15 digits."];
        }

        var tags = ResidentTags.None;
        if (tag is not null && !ResidentTagRules.TryParseAll(tag.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries), out tags, out var tagError))
        {
            errors["tag"] = [tagError!];
        }

        if (limit is < 1 or > ResidentSearch.MaxLimit)
        {
            errors["limit"] = [$"The limit is 1 to {ResidentSearch.MaxLimit}."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The search was not accepted.");
        }

        var criteria = $"name prefix {(string.IsNullOrWhiteSpace(name) ? "-" : $"of {name.Trim().Length} characters")}, grid {grid ?? "-"}, tags {tag ?? "-"}";
        if (tags != ResidentTags.None && !ResidentScope.SeesRestrictedTags(http.User))
        {
            // Filtering by a tag would reveal it: refused like showing it.
            await audit.RecordAsync(http, SearchAction, null, AuditOutcome.Denied, $"{criteria}: restricted tags not open to the role");
            return CaseScope.Forbidden("Restricted tags (elderly living alone, disability, low income, special groups) are not open to your role.");
        }

        if (grid is not null && !ResidentScope.CoversGrid(http.User, grid))
        {
            await audit.RecordAsync(http, SearchAction, null, AuditOutcome.Denied, $"{criteria}: {ResidentScope.OutsideGrids}");
            return CaseScope.Forbidden($"Grid {grid} is not one of your grids.");
        }

        var search = new ResidentSearch(string.IsNullOrWhiteSpace(name) ? null : name.Trim(), grid, tags, limit ?? 50, after);
        var page = grid is null && http.User.Role() == Roles.GridWorker
            ? await SearchGridsAsync(readModel, search, http.User.Grids())
            : await readModel.SearchAsync(search);
        await AuditSearchAsync(audit, http, criteria, page.Items);
        var today = Today(clock);
        return TypedResults.Ok(new ResidentSearchResponse([.. page.Items.Select(r => ResidentResponse.From(r, today, http.User))], page.NextAfter));
    }

    /// <summary>
    /// One page over several grids: each grid's page after the same key, merged in the read model's order (the id's
    /// text, ordinal), so that <c>nextAfter</c> pages on exactly as a single query would.
    /// </summary>
    private static async Task<ResidentPage> SearchGridsAsync(IResidentReadModel readModel, ResidentSearch search, IReadOnlyList<string> grids)
    {
        var pages = new List<ResidentPage>();
        foreach (var grid in grids.Distinct(StringComparer.Ordinal))
        {
            pages.Add(await readModel.SearchAsync(search with { GridCode = grid }));
        }

        var all = pages.SelectMany(p => p.Items).OrderBy(r => r.Id.ToString(), StringComparer.Ordinal).ToList();
        var items = all.Take(search.Limit).ToList();
        var more = all.Count > items.Count || pages.Any(p => p.NextAfter is not null);
        return new ResidentPage(items, more && items.Count > 0 ? items[^1].Id : null);
    }

    /// <summary>Which residents a search showed, a dozen surrogate ids per record; one record when it found none.</summary>
    private static async Task AuditSearchAsync(AuditTrail audit, HttpContext http, string criteria, IReadOnlyList<ResidentRecord> shown)
    {
        var chunks = shown.Chunk(IdsPerAuditRecord).ToList();
        if (chunks.Count == 0)
        {
            await audit.RecordAsync(http, SearchAction, null, AuditOutcome.Success, $"{criteria}: no residents");
            return;
        }

        for (var i = 0; i < chunks.Count; i++)
        {
            await audit.RecordAsync(http, SearchAction, string.Join(',', chunks[i].Select(r => r.Id)), AuditOutcome.Success,
                $"{criteria}: {shown.Count} residents, part {i + 1} of {chunks.Count}");
        }
    }

    internal static async Task<Results<Ok<ResidentResponse>, ProblemHttpResult>> Get(Guid id, DistrictClock clock, AuditTrail audit, HttpContext http)
    {
        if (await ResidentScope.FindAsync(id, http, ViewAction) is not { } resident)
        {
            return ResidentScope.NoSuchResident(id);
        }

        await audit.RecordAsync(http, ViewAction, id.ToString(), AuditOutcome.Success);
        return TypedResults.Ok(ResidentResponse.From(resident, Today(clock), http.User));
    }

    internal static async Task<Results<Ok<ResidentResponse>, ValidationProblem, ProblemHttpResult>> Move(
        Guid id, MoveRequest? request, IResidentReadModel readModel, IGrainFactory grains, DistrictClock clock, HttpContext http)
    {
        var errors = new Dictionary<string, string[]>();
        if (!Place.IsBuildingId(request?.BuildingId))
        {
            errors["buildingId"] = ["A building id is a 15-digit grid code, B and a 3-digit serial, e.g. 230108001001001B012."];
        }

        if (request?.Unit is not (>= 1 and <= Dwelling.MaxUnit))
        {
            errors["unit"] = [$"The unit is a number from 1 to {Dwelling.MaxUnit}."];
        }

        if (request?.Room is not (>= 1 and <= Dwelling.MaxRoom))
        {
            errors["room"] = [$"The room is a number from 1 to {Dwelling.MaxRoom} (floor × 100 + door, e.g. 502)."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The move was not accepted.");
        }

        if (await ResidentScope.FindAsync(id, http, MoveAction) is null)
        {
            return ResidentScope.NoSuchResident(id);
        }

        var building = await readModel.GetPlaceAsync(request!.BuildingId!);
        if (building is null)
        {
            return TypedResults.ValidationProblem(Error("buildingId", "No building has this id."), title: "The move was not accepted.");
        }

        var dwelling = new Dwelling(building.Id, request.Unit!.Value, request.Room!.Value);
        if (!building.Contains(dwelling))
        {
            return TypedResults.ValidationProblem(
                Error(dwelling.Unit > building.Units ? "unit" : "room", $"Building {building.Id} has no dwelling {dwelling.Label}."),
                title: "The move was not accepted.");
        }

        var outcome = await grains.GetGrain<IResidentGrain>(id).Move(new MoveResident(
            dwelling.BuildingId, dwelling.Unit, dwelling.Room, building.Longitude, building.Latitude, Actor(http.User)));
        return outcome.Result switch
        {
            MoveResult.Moved => TypedResults.Ok(ResidentResponse.From(outcome.Resident!, Today(clock), http.User)),
            MoveResult.NotFound => TypedResults.Problem(title: "No such resident.", statusCode: StatusCodes.Status404NotFound, detail: $"No resident has id {id}."),
            _ => TypedResults.Problem(title: "The move was refused.", statusCode: StatusCodes.Status409Conflict, detail: outcome.Refusal),
        };
    }

    internal static async Task<Results<Ok<ResidentResponse>, ValidationProblem, ProblemHttpResult>> RecordVisit(
        Guid id, VisitRequest? request, IGrainFactory grains, CitizenIdProtector protector, DistrictClock clock, HttpContext http)
    {
        var errors = new Dictionary<string, string[]>();
        if (request?.Notes is { Length: > DutyRules.MaxNotesLength })
        {
            errors["notes"] = [$"At most {DutyRules.MaxNotesLength} characters."];
        }

        if (!ResidentTagRules.TryParseAll(request?.AddTags, out var add, out var addError))
        {
            errors["addTags"] = [addError!];
        }

        if (!ResidentTagRules.TryParseAll(request?.RemoveTags, out var remove, out var removeError))
        {
            errors["removeTags"] = [removeError!];
        }

        MobilePhoneNumber? phone = null;
        if (request?.Phone is not null && !MobilePhoneNumber.TryParse(request.Phone, out phone, out var phoneError))
        {
            errors["phone"] = [phoneError];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The visit was not accepted.");
        }

        if (await ResidentScope.FindAsync(id, http, VisitAction) is null)
        {
            return ResidentScope.NoSuchResident(id);
        }

        var outcome = await grains.GetGrain<IResidentGrain>(id).RecordVisit(new ResidentVisit(
            Actor(http.User), request!.Notes?.Trim(), add, remove, phone is null ? null : protector.Seal(phone), phone?.Masked));
        return outcome.Result switch
        {
            MoveResult.Moved => TypedResults.Ok(ResidentResponse.From(outcome.Resident!, Today(clock), http.User)),
            MoveResult.NotFound => TypedResults.Problem(title: "No such resident.", statusCode: StatusCodes.Status404NotFound, detail: $"No resident has id {id}."),
            _ => TypedResults.ValidationProblem(Error("addTags", outcome.Refusal!), title: "The visit was not accepted."),
        };
    }

    internal static async Task<Results<Ok<IReadOnlyList<ResidentHistoryEntry>>, ProblemHttpResult>> History(
        Guid id, IGrainFactory grains, AuditTrail audit, HttpContext http)
    {
        if (await ResidentScope.FindAsync(id, http, HistoryAction) is null)
        {
            return ResidentScope.NoSuchResident(id);
        }

        var history = await grains.GetGrain<IResidentGrain>(id).History();
        await audit.RecordAsync(http, HistoryAction, id.ToString(), AuditOutcome.Success);

        // A visit's entry names the tags it changed and what the worker noted: restricted like the tags themselves.
        return TypedResults.Ok<IReadOnlyList<ResidentHistoryEntry>>(ResidentScope.SeesRestrictedTags(http.User)
            ? history
            : [.. history.Select(e => e.Kind == "visit" ? e with { Description = RestrictedText } : e)]);
    }

    /// <summary>The acting person: the token's subject, never a name from the body.</summary>
    internal static string Actor(ClaimsPrincipal user) => user.Id() ?? throw new InvalidOperationException("The endpoint's policy admits only signed-in users.");

    internal static async Task<Results<Ok<LegalPersonResponse>, ValidationProblem, ProblemHttpResult>> GetLegalPerson(string code, IResidentReadModel readModel)
    {
        if (!UnifiedSocialCreditCode.TryParse(code, out var parsed, out var error))
        {
            return TypedResults.ValidationProblem(Error("code", error), title: "The credit code is not valid.");
        }

        var found = await readModel.GetLegalPersonAsync(parsed.Value);
        return found is null
            ? TypedResults.Problem(title: "No such legal person.", statusCode: StatusCodes.Status404NotFound, detail: $"No legal person has the code {parsed.Value}.")
            : TypedResults.Ok(new LegalPersonResponse(found.Code.Value, found.Name, found.KindName, found.GridCode, found.Latitude, found.Longitude, found.PlaceId));
    }

    internal static DateOnly Today(DistrictClock clock) => DateOnly.FromDateTime(clock.Now.DateTime);

    private static Dictionary<string, string[]> Error(string field, string message) => new() { [field] = [message] };
}

/// <summary>The ID number to look up; in the body so that it stays out of URLs and access logs.</summary>
public sealed record ResidentLookupRequest(string? IdNumber);

/// <summary>Where a resident moved to: building, unit and room. The recorder is the signed-in grid worker.</summary>
public sealed record MoveRequest(string? BuildingId, int? Unit, int? Room);

/// <summary>What a grid worker found on a visit: notes, tags to add and remove (API names), a new phone. The visitor is the signed-in worker.</summary>
public sealed record VisitRequest(string? Notes, IReadOnlyList<string>? AddTags, IReadOnlyList<string>? RemoveTags, string? Phone);

public sealed record AddressResponse(string BuildingId, int Unit, int Room, string Label, string HouseholdId, string GridCode);

/// <summary>
/// A resident as the API shows it: the ID number and phone masked, age instead of the birth date; <c>tags</c> is null
/// (masked) for a role that may not see restricted tags.
/// </summary>
public sealed record ResidentResponse(
    Guid Id,
    string IdNumber,
    string Name,
    string Sex,
    int Age,
    AddressResponse Address,
    string Registration,
    IReadOnlyList<string>? Tags,
    string? Phone,
    long Version)
{
    public static ResidentResponse From(ResidentRecord r, DateOnly today, ClaimsPrincipal viewer)
    {
        ArgumentNullException.ThrowIfNull(r);
        var home = r.Home();
        return new ResidentResponse(
            r.Id, r.IdMasked, r.Name, r.Sex == Domain.Identity.Sex.Male ? "male" : "female", Resident.AgeOn(r.BirthDate, today),
            new AddressResponse(home.BuildingId, home.Unit, home.Room, home.Label, home.HouseholdId, home.GridCode),
            r.Registration == Domain.Population.Registration.Floating ? "floating" : "registered",
            ResidentScope.SeesRestrictedTags(viewer) ? ResidentTagRules.ToNames(r.Tags) : null, r.PhoneMasked, r.Version);
    }
}

public sealed record ResidentSearchResponse(IReadOnlyList<ResidentResponse> Items, Guid? NextAfter);

public sealed record LegalPersonResponse(string CreditCode, string Name, string Kind, string GridCode, double Latitude, double Longitude, string? PlaceId);
