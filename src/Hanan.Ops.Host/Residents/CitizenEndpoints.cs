using System.Globalization;
using Hanan.Ops.Contracts.Grid;
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
/// A citizen's own base data (<c>/api/me</c>): real-name binding (实名绑定) of the signed-in citizen account to a
/// resident record by ID number and name, then that resident's record and household (masked) and the notices sent
/// to them. Every read of personal data and every binding attempt is audited, naming the surrogate id, never the ID number.
/// </summary>
public static class CitizenEndpoints
{
    public const string BindAction = "citizen.bind";
    public const string UnbindAction = "citizen.unbind";
    public const string ResidentAction = "citizen.resident";
    public const string HouseholdAction = "citizen.household";
    public const string NoticesAction = "citizen.notices";
    public const string NoticeReadAction = "citizen.notice-read";

    /// <summary>The newest notices of the citizen's grid looked at.</summary>
    public const int NoticeLimit = 50;

    private const string NoMatch = "The ID number and the name match no resident record.";

    public static RouteGroupBuilder MapCitizenEndpoints(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/api/me").WithTags("Citizen").RequireAuthorization(Policies.CitizenSelf);
        me.MapPost("/binding", Bind)
            .WithName("BindResident")
            .WithSummary("Bind the signed-in citizen account to their resident record by ID number and name (实名绑定)")
            .WithDescription("The ID number travels in the body and is matched through its keyed hash. An unknown ID number and a wrong name get the same answer. One resident per account and one account per resident (409 otherwise); 5 failed attempts in 24 h lock the account's binding for the rest of the window (429). Audited.");
        me.MapGet("/binding", GetBinding)
            .WithName("GetBinding")
            .WithSummary("The signed-in citizen's binding (404 when unbound)");
        me.MapDelete("/binding", Unbind)
            .WithName("UnbindResident")
            .WithSummary("Remove the binding; the account may then bind again (the failure limit still applies)");
        me.MapGet("/resident", Resident)
            .WithName("GetMyResident")
            .WithSummary("The bound resident's own record, ID number and phone masked. Audited.");
        me.MapGet("/household", Household)
            .WithName("GetMyHousehold")
            .WithSummary("The members of the bound resident's household, masked. Audited.");
        me.MapGet("/notices", Notices)
            .WithName("GetMyNotices")
            .WithSummary("The notices (传达) sent to the bound resident, newest first; listing them records that they were received")
            .WithDescription("Notices to the grid the resident lives in now, of which they are a recipient.");
        me.MapPost("/notices/{id:guid}/read", ReadNotice)
            .WithName("ReadMyNotice")
            .WithSummary("Record that the bound resident read the notice");
        return me;
    }

    internal static async Task<Results<Created<BindingResponse>, ValidationProblem, ProblemHttpResult>> Bind(
        BindingRequest? request, ICitizenBindingStore bindings, IResidentReadModel readModel, CitizenIdProtector protector,
        DistrictClock clock, AuditTrail audit, HttpContext http)
    {
        var account = ResidentEndpoints.Actor(http.User);
        var errors = new Dictionary<string, string[]>();
        if (!CitizenIdNumber.TryParse(request?.IdNumber, ResidentEndpoints.Today(clock), out var id, out var idError))
        {
            errors["idNumber"] = [idError];
        }

        if (string.IsNullOrWhiteSpace(request?.Name) || request.Name.Trim().Length > Domain.Population.Resident.MaxNameLength)
        {
            errors["name"] = [$"The name is required, at most {Domain.Population.Resident.MaxNameLength} characters."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The binding was not accepted.");
        }

        var now = clock.Now;
        var failures = await bindings.FailuresSinceAsync(account, CitizenBindingRules.WindowStart(now));
        switch (CitizenBindingRules.Precheck(failures, await bindings.ForAccountAsync(account)))
        {
            case BindingDecision.Locked:
                await audit.RecordAsync(http, BindAction, null, AuditOutcome.Denied, $"locked after {failures} failed attempts");
                http.Response.Headers.RetryAfter = ((int)CitizenBindingRules.FailureWindow.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                return TypedResults.Problem(title: "Too many failed binding attempts.", statusCode: StatusCodes.Status429TooManyRequests,
                    detail: $"After {CitizenBindingRules.MaxFailures} failed attempts in {CitizenBindingRules.FailureWindow.TotalHours:0} h, binding is locked for this account.");
            case BindingDecision.AccountAlreadyBound:
                await audit.RecordAsync(http, BindAction, null, AuditOutcome.Denied, "the account is bound already");
                return Conflict("This account is bound to a resident already; remove that binding first.");
        }

        var found = await readModel.FindByLookupAsync(protector.LookupKey(id!));
        var holder = found is null ? null : await bindings.ForResidentAsync(found.Id);
        switch (CitizenBindingRules.Decide(found?.Name, request!.Name!, holder))
        {
            case BindingDecision.NoMatch:
                // The same answer whether no resident has the number or the name differs: nothing is revealed.
                await bindings.RecordFailureAsync(account, now);
                await audit.RecordAsync(http, BindAction, null, AuditOutcome.Failure, $"no match (attempt {failures + 1} of {CitizenBindingRules.MaxFailures})");
                return TypedResults.ValidationProblem(
                    new Dictionary<string, string[]> { ["idNumber"] = [NoMatch], ["name"] = [NoMatch] }, title: "The binding was not accepted.");
            case BindingDecision.ResidentTaken:
                await audit.RecordAsync(http, BindAction, found!.Id.ToString(), AuditOutcome.Denied, "the resident is bound to another account");
                return Conflict("This resident is bound to another account.");
        }

        var binding = new CitizenBinding(account, found!.Id, now);
        if (!await bindings.TryBindAsync(binding))
        {
            await audit.RecordAsync(http, BindAction, found.Id.ToString(), AuditOutcome.Denied, "a concurrent binding won");
            return Conflict("The account or the resident was bound meanwhile.");
        }

        await audit.RecordAsync(http, BindAction, found.Id.ToString(), AuditOutcome.Success);
        return TypedResults.Created("/api/me/binding", BindingResponse.From(binding, found));
    }

    internal static async Task<Results<Ok<BindingResponse>, ProblemHttpResult>> GetBinding(ICitizenBindingStore bindings, IGrainFactory grains, HttpContext http)
    {
        if (await BoundResidentAsync(bindings, grains, http) is not ({ } binding, { } resident))
        {
            return NotBound();
        }

        return TypedResults.Ok(BindingResponse.From(binding, resident));
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> Unbind(ICitizenBindingStore bindings, AuditTrail audit, HttpContext http)
    {
        var account = ResidentEndpoints.Actor(http.User);
        var binding = await bindings.ForAccountAsync(account);
        if (binding is null || !await bindings.UnbindAsync(account))
        {
            return NotBound();
        }

        await audit.RecordAsync(http, UnbindAction, binding.ResidentId.ToString(), AuditOutcome.Success);
        return TypedResults.NoContent();
    }

    internal static async Task<Results<Ok<ResidentResponse>, ProblemHttpResult>> Resident(
        ICitizenBindingStore bindings, IGrainFactory grains, DistrictClock clock, AuditTrail audit, HttpContext http)
    {
        if (await BoundResidentAsync(bindings, grains, http) is not (_, { } resident))
        {
            return NotBound();
        }

        await audit.RecordAsync(http, ResidentAction, resident.Id.ToString(), AuditOutcome.Success, "own record");
        return TypedResults.Ok(ResidentResponse.From(resident, ResidentEndpoints.Today(clock), http.User));
    }

    internal static async Task<Results<Ok<IReadOnlyList<ResidentResponse>>, ProblemHttpResult>> Household(
        ICitizenBindingStore bindings, IGrainFactory grains, IResidentReadModel readModel, DistrictClock clock, AuditTrail audit, HttpContext http)
    {
        if (await BoundResidentAsync(bindings, grains, http) is not (_, { } resident))
        {
            return NotBound();
        }

        var members = new List<ResidentRecord>();
        foreach (var facts in (await readModel.ResidentsInGridAsync(resident.GridCode)).Where(f => f.HouseholdId == resident.HouseholdId))
        {
            // The grain is the writer: a member who moved out since the read model was written is not shown.
            if (await grains.GetGrain<IResidentGrain>(facts.Id).Get() is { } member && member.HouseholdId == resident.HouseholdId)
            {
                members.Add(member);
            }
        }

        members.Sort((a, b) => a.Id.CompareTo(b.Id));
        await audit.RecordAsync(http, HouseholdAction, string.Join(',', members.Select(m => m.Id)), AuditOutcome.Success, $"own household, {members.Count} members");
        var today = ResidentEndpoints.Today(clock);
        return TypedResults.Ok<IReadOnlyList<ResidentResponse>>([.. members.Select(m => ResidentResponse.From(m, today, http.User))]);
    }

    internal static async Task<Results<Ok<IReadOnlyList<ResidentNotice>>, ProblemHttpResult>> Notices(
        ICitizenBindingStore bindings, IGrainFactory grains, AuditTrail audit, HttpContext http)
    {
        if (await BoundResidentAsync(bindings, grains, http) is not (_, { } resident))
        {
            return NotBound();
        }

        var notices = new List<ResidentNotice>();
        foreach (var posted in await grains.GetGrain<IGridNoticeBoardGrain>(resident.GridCode).Latest(NoticeLimit))
        {
            var grain = grains.GetGrain<INoticeGrain>(posted.Id);
            if (await grain.ForResident(resident.Id) is not { } notice)
            {
                continue;
            }

            // Shown in the citizen's app: delivered (收到). Reading is recorded separately.
            if (!notice.Received && await grain.Acknowledge(resident.Id, read: false) == AcknowledgeResult.Recorded)
            {
                notice = notice with { Received = true };
            }

            notices.Add(notice);
        }

        await audit.RecordAsync(http, NoticesAction, resident.Id.ToString(), AuditOutcome.Success, $"{notices.Count} notices");
        return TypedResults.Ok<IReadOnlyList<ResidentNotice>>(notices);
    }

    internal static async Task<Results<Ok<ResidentNotice>, ProblemHttpResult>> ReadNotice(
        Guid id, ICitizenBindingStore bindings, IGrainFactory grains, AuditTrail audit, HttpContext http)
    {
        if (await BoundResidentAsync(bindings, grains, http) is not (_, { } resident))
        {
            return NotBound();
        }

        var grain = grains.GetGrain<INoticeGrain>(id);
        var result = await grain.Acknowledge(resident.Id, read: true);
        if (result is AcknowledgeResult.NoSuchNotice or AcknowledgeResult.NotARecipient)
        {
            await audit.RecordAsync(http, NoticeReadAction, id.ToString(), AuditOutcome.Failure, "no such notice for the resident");
            return TypedResults.Problem(title: "No such notice.", statusCode: StatusCodes.Status404NotFound, detail: $"You have no notice with id {id}.");
        }

        await audit.RecordAsync(http, NoticeReadAction, id.ToString(), AuditOutcome.Success, $"read by resident {resident.Id}");
        return TypedResults.Ok((await grain.ForResident(resident.Id))!);
    }

    /// <summary>The signed-in citizen's binding and the bound resident as the resident grain holds them, or null.</summary>
    private static async Task<(CitizenBinding Binding, ResidentRecord Resident)?> BoundResidentAsync(
        ICitizenBindingStore bindings, IGrainFactory grains, HttpContext http)
    {
        var binding = await bindings.ForAccountAsync(ResidentEndpoints.Actor(http.User));
        if (binding is null || await grains.GetGrain<IResidentGrain>(binding.ResidentId).Get() is not { } resident)
        {
            return null;
        }

        return (binding, resident);
    }

    private static ProblemHttpResult NotBound() =>
        TypedResults.Problem(title: "Not bound.", statusCode: StatusCodes.Status404NotFound,
            detail: "This account is not bound to a resident record; bind it first (POST /api/me/binding).");

    private static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(title: "The binding was refused.", statusCode: StatusCodes.Status409Conflict, detail: detail);
}

/// <summary>The citizen's ID number (GB 11643) and name, in the body so that they stay out of URLs and logs.</summary>
public sealed record BindingRequest(string? IdNumber, string? Name);

/// <summary>A binding as the citizen sees it: their resident's id, name and masked ID number, and when it was made.</summary>
public sealed record BindingResponse(Guid ResidentId, string Name, string IdNumber, DateTimeOffset BoundAt)
{
    public static BindingResponse From(CitizenBinding binding, ResidentRecord resident)
    {
        ArgumentNullException.ThrowIfNull(binding);
        ArgumentNullException.ThrowIfNull(resident);
        return new BindingResponse(resident.Id, resident.Name, resident.IdMasked, binding.BoundAt);
    }
}
