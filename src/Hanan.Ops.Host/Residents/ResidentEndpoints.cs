using Hanan.Ops.Contracts.Residents;
using Hanan.Ops.Domain.Identity;
using Hanan.Ops.Domain.Population;
using Hanan.Ops.Domain.Privacy;
using Hanan.Ops.Grains;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hanan.Ops.Host.Residents;

/// <summary>Residents (人) and legal persons (组织): lookup, search and moves. Answers mask ID numbers and phones.</summary>
public static class ResidentEndpoints
{
    /// <summary>
    /// Maps <c>/api/residents</c> (personal data: attach the authorised-roles policy to the returned group) and
    /// <c>/api/legal-persons</c>.
    /// </summary>
    public static RouteGroupBuilder MapResidentEndpoints(this IEndpointRouteBuilder app)
    {
        var residents = app.MapGroup("/api/residents").WithTags("Residents");
        residents.MapPost("/lookup", Lookup)
            .WithName("LookUpResident")
            .WithSummary("Find a resident by citizen ID number (刷证查询)")
            .WithDescription("The ID number travels in the body, never in the URL; it is matched through its keyed hash and never logged. The answer masks the ID number and the phone.");
        residents.MapGet("/", Search)
            .WithName("SearchResidents")
            .WithSummary("Search residents by name prefix, grid and restricted tags")
            .WithDescription("At least one criterion is required. Ordered by id; pass nextAfter as after for the next page.");
        residents.MapGet("/{id:guid}", Get)
            .WithName("GetResident")
            .WithSummary("One resident by surrogate id");
        residents.MapPost("/{id:guid}/moves", Move)
            .WithName("MoveResident")
            .WithSummary("Record that a resident moved house (搬迁)")
            .WithDescription("Stored before answering; both grids' live figures follow.");

        residents.MapPost("/{id:guid}/visits", RecordVisit)
            .WithName("RecordVisit")
            .WithSummary("Record a grid worker's visit (走访入户); the record follows what was found")
            .WithDescription("Adds and removes restricted tags and replaces the phone; kept in the resident's history. The grid's figures follow.");
        residents.MapGet("/{id:guid}/history", History)
            .WithName("GetResidentHistory")
            .WithSummary("The resident's moves and visits, oldest first");

        app.MapGet("/api/legal-persons/{code}", GetLegalPerson)
            .WithTags("Organisations")
            .WithName("GetLegalPerson")
            .WithSummary("A legal person by unified social credit code (GB 32100)");
        return residents;
    }

    internal static async Task<Results<Ok<ResidentResponse>, ValidationProblem, ProblemHttpResult>> Lookup(
        ResidentLookupRequest? request, CitizenIdProtector protector, IResidentReadModel readModel, DistrictClock clock)
    {
        var today = Today(clock);
        if (!CitizenIdNumber.TryParse(request?.IdNumber, today, out var id, out var error))
        {
            return TypedResults.ValidationProblem(Error("idNumber", error), title: "The ID number is not valid.");
        }

        var found = await readModel.FindByLookupAsync(protector.LookupKey(id));
        return found is null
            ? TypedResults.Problem(title: "No resident has this ID number.", statusCode: StatusCodes.Status404NotFound)
            : TypedResults.Ok(ResidentResponse.From(found, today));
    }

    internal static async Task<Results<Ok<ResidentSearchResponse>, ValidationProblem>> Search(
        string? name, string? grid, string? tag, int? limit, Guid? after, IResidentReadModel readModel, DistrictClock clock)
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

        var page = await readModel.SearchAsync(new ResidentSearch(string.IsNullOrWhiteSpace(name) ? null : name.Trim(), grid, tags, limit ?? 50, after));
        var today = Today(clock);
        return TypedResults.Ok(new ResidentSearchResponse([.. page.Items.Select(r => ResidentResponse.From(r, today))], page.NextAfter));
    }

    internal static async Task<Results<Ok<ResidentResponse>, ProblemHttpResult>> Get(Guid id, IGrainFactory grains, DistrictClock clock)
    {
        var resident = await grains.GetGrain<IResidentGrain>(id).Get();
        return resident is null
            ? TypedResults.Problem(title: "No such resident.", statusCode: StatusCodes.Status404NotFound, detail: $"No resident has id {id}.")
            : TypedResults.Ok(ResidentResponse.From(resident, Today(clock)));
    }

    internal static async Task<Results<Ok<ResidentResponse>, ValidationProblem, ProblemHttpResult>> Move(
        Guid id, MoveRequest? request, IResidentReadModel readModel, IGrainFactory grains, DistrictClock clock)
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

        if (request?.RecordedBy is { Length: > 64 })
        {
            errors["recordedBy"] = ["At most 64 characters."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The move was not accepted.");
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
            dwelling.BuildingId, dwelling.Unit, dwelling.Room, building.Longitude, building.Latitude,
            string.IsNullOrWhiteSpace(request.RecordedBy) ? "unauthenticated" : request.RecordedBy));
        return outcome.Result switch
        {
            MoveResult.Moved => TypedResults.Ok(ResidentResponse.From(outcome.Resident!, Today(clock))),
            MoveResult.NotFound => TypedResults.Problem(title: "No such resident.", statusCode: StatusCodes.Status404NotFound, detail: $"No resident has id {id}."),
            _ => TypedResults.Problem(title: "The move was refused.", statusCode: StatusCodes.Status409Conflict, detail: outcome.Refusal),
        };
    }

    internal static async Task<Results<Ok<ResidentResponse>, ValidationProblem, ProblemHttpResult>> RecordVisit(
        Guid id, VisitRequest? request, IGrainFactory grains, CitizenIdProtector protector, DistrictClock clock)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request?.VisitedBy) || request.VisitedBy.Length > 64)
        {
            errors["visitedBy"] = ["The grid worker's id is required, at most 64 characters."];
        }

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

        var outcome = await grains.GetGrain<IResidentGrain>(id).RecordVisit(new ResidentVisit(
            request!.VisitedBy!.Trim(), request.Notes?.Trim(), add, remove, phone is null ? null : protector.Seal(phone), phone?.Masked));
        return outcome.Result switch
        {
            MoveResult.Moved => TypedResults.Ok(ResidentResponse.From(outcome.Resident!, Today(clock))),
            MoveResult.NotFound => TypedResults.Problem(title: "No such resident.", statusCode: StatusCodes.Status404NotFound, detail: $"No resident has id {id}."),
            _ => TypedResults.ValidationProblem(Error("addTags", outcome.Refusal!), title: "The visit was not accepted."),
        };
    }

    internal static async Task<Ok<IReadOnlyList<ResidentHistoryEntry>>> History(Guid id, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IResidentGrain>(id).History());

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

/// <summary>Where a resident moved to: building, unit and room; and who records it.</summary>
public sealed record MoveRequest(string? BuildingId, int? Unit, int? Room, string? RecordedBy);

/// <summary>What a grid worker found on a visit: notes, tags to add and remove (API names), a new phone.</summary>
public sealed record VisitRequest(string? VisitedBy, string? Notes, IReadOnlyList<string>? AddTags, IReadOnlyList<string>? RemoveTags, string? Phone);

public sealed record AddressResponse(string BuildingId, int Unit, int Room, string Label, string HouseholdId, string GridCode);

/// <summary>A resident as the API shows it: the ID number and phone masked, age instead of the birth date.</summary>
public sealed record ResidentResponse(
    Guid Id,
    string IdNumber,
    string Name,
    string Sex,
    int Age,
    AddressResponse Address,
    string Registration,
    IReadOnlyList<string> Tags,
    string? Phone,
    long Version)
{
    public static ResidentResponse From(ResidentRecord r, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(r);
        var home = r.Home();
        return new ResidentResponse(
            r.Id, r.IdMasked, r.Name, r.Sex == Domain.Identity.Sex.Male ? "male" : "female", Resident.AgeOn(r.BirthDate, today),
            new AddressResponse(home.BuildingId, home.Unit, home.Room, home.Label, home.HouseholdId, home.GridCode),
            r.Registration == Domain.Population.Registration.Floating ? "floating" : "registered",
            ResidentTagRules.ToNames(r.Tags), r.PhoneMasked, r.Version);
    }
}

public sealed record ResidentSearchResponse(IReadOnlyList<ResidentResponse> Items, Guid? NextAfter);

public sealed record LegalPersonResponse(string CreditCode, string Name, string Kind, string GridCode, double Latitude, double Longitude, string? PlaceId);
