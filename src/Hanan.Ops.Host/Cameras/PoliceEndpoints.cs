using Hanan.Ops.Domain.Audit;
using Hanan.Ops.Host.Audit;
using Hanan.Ops.Host.Security;
using System.Text.Json.Nodes;
using Hanan.Ops.Contracts.Cameras;
using Hanan.Ops.Domain.Cameras;
using Hanan.Ops.Grains;
using Hanan.Ops.Grains.Cameras;
using Hanan.Ops.Storage.Cameras;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Hanan.Ops.Host.Cameras;

/// <summary>
/// Trajectories, companions, face events, full alerts and the watchlists: personal data for the police role only
/// (PIPL Art. 26, 28). Every request states a <c>reason</c> (400 without one, and nothing is read) and is written to the
/// audit log with it (<c>police.query</c>) before it is answered.
/// </summary>
public static partial class PoliceEndpoints
{
    public const int MinReason = 4;
    public const int MaxReason = 200;

    public static RouteGroupBuilder MapPoliceEndpoints(this IEndpointRouteBuilder app)
    {
        var police = app.MapGroup("/api/police").WithTags("Police").RequireAuthorization(Policies.Police);
        police.AddEndpointFilter(RequireReason);
        police.MapGet("/vehicles/{plate}/trajectory", Trajectory)
            .WithName("VehicleTrajectory").WithSummary("A vehicle's path across the cameras as a GeoJSON Feature (LineString) with times (轨迹)");
        police.MapGet("/vehicles/{plate}/profile", Profile)
            .WithName("VehicleProfile").WithSummary("First appearance, night activity, visits and dwell of a vehicle");
        police.MapGet("/vehicles/{plate}/companions", Companions)
            .WithName("VehicleCompanions").WithSummary("Vehicles passing at least k of the same cameras within Δt of the target (伴随车)");
        police.MapGet("/faces", Faces).WithName("FaceEvents").WithSummary("Face events by person or camera, newest first");
        police.MapGet("/alerts", Alerts).WithName("PoliceAlerts").WithSummary("Alerts with full plates and person references");
        police.MapGet("/watchlist", Watchlist).WithName("Watchlist").WithSummary("Wanted plates and persons of interest (布控)");
        police.MapPut("/watchlist/plates/{plate}", PutPlate).Audited("watchlist.plate.put", "plate").WithName("PutWantedPlate").WithSummary("Put a plate on the wanted list");
        police.MapDelete("/watchlist/plates/{plate}", DeletePlate).ProducesProblem(StatusCodes.Status404NotFound).Audited("watchlist.plate.delete", "plate").WithName("DeleteWantedPlate").WithSummary("Take a plate off the wanted list");
        police.MapPut("/watchlist/persons/{personRef}", PutPerson).Audited("watchlist.person.put", "personRef").WithName("PutPersonOfInterest").WithSummary("Put a person reference on the watchlist");
        police.MapDelete("/watchlist/persons/{personRef}", DeletePerson).ProducesProblem(StatusCodes.Status404NotFound).Audited("watchlist.person.delete", "personRef").WithName("DeletePersonOfInterest").WithSummary("Take a person off the watchlist");
        return police;
    }

    internal static string? CheckReason(string? reason) =>
        string.IsNullOrWhiteSpace(reason) ? "A police query states its reason (reason=…, e.g. a case number)."
        : reason.Trim().Length is < MinReason or > MaxReason ? $"The reason is {MinReason} to {MaxReason} characters."
        : reason.Any(char.IsControl) ? "The reason has no control characters."
        : null;

    private static async ValueTask<object?> RequireReason(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var reason = http.Request.Query["reason"].ToString();
        if (CheckReason(reason) is { } error)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["reason"] = [error] }, title: "A police query needs a stated reason.");
        }

        var logger = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Hanan.Ops.Police");
        var path = http.Request.Path.Value ?? "";
        var stated = reason.Trim();
        // The log names the kind of query, never its plate, face or stated reason: those are in the audit log, which
        // only the auditor reads.
        LogQuery(logger, http.Request.Method, (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "police query");
        // Every police query is a read (or change) of trajectories, faces or watchlists: recorded in the audit log with
        // its stated reason before anything is answered (PIPL Art. 26, 28; 等保 security audit).
        await http.RequestServices.GetRequiredService<AuditTrail>().RecordAsync(
            http, "police.query", $"{http.Request.Method} {path}", AuditOutcome.Success, "reason: " + stated);
        return await next(context);
    }

    internal static async Task<Results<Ok<JsonObject>, ValidationProblem>> Trajectory(
        string plate, string? reason, DateTimeOffset? from, DateTimeOffset? to, IGrainFactory grains, VehicleKeys vehicles, DistrictClock clock,
        IOptions<CameraOptions> options)
    {
        var (p, window, errors) = Check(plate, from, to, clock, options.Value);
        if (errors is not null)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var reads = await vehicles.Grain(grains, p!.Value).GetReads(p.Value, window.From, window.To);
        var json = Domain.Cameras.Trajectory.Of(p.Value, reads.Select(r => r.ToSighting())).ToGeoJson(p.Display);
        return TypedResults.Ok(json);
    }

    internal static async Task<Results<Ok<VehicleProfile>, ValidationProblem>> Profile(string plate, string? reason, IGrainFactory grains, VehicleKeys vehicles)
    {
        if (!LicencePlate.TryParse(plate, out var p, out var error))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["plate"] = [error!] });
        }

        return TypedResults.Ok(await vehicles.Grain(grains, p!.Value).GetProfile(p.Value));
    }

    /// <summary>The companions' k when the query names none.</summary>
    public const int DefaultCompanionCameras = 6;

    internal static async Task<Results<Ok<IReadOnlyList<Companion>>, ValidationProblem>> Companions(
        string plate, string? reason, DateTimeOffset? from, DateTimeOffset? to, int? k, int? gapSeconds,
        IGrainFactory grains, VehicleKeys vehicles, ISightingStore store, DistrictClock clock, IOptions<CameraOptions> options,
        CancellationToken cancellationToken)
    {
        var (p, window, errors) = Check(plate, from, to, clock, options.Value);
        // k = 6 by default: on the simulator's ground truth it keeps recall at 100 % with 86–92 % precision, where k = 3
        // or 4 mostly finds strangers on the same arterial (docs/architecture.md, cameras).
        var rules = new CompanionRules(k ?? DefaultCompanionCameras, TimeSpan.FromSeconds(gapSeconds ?? 60));
        if (rules.Check() is { } ruleError)
        {
            errors ??= [];
            errors[k is < 2 ? "k" : "gapSeconds"] = [ruleError];
        }

        if (errors is not null)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var own = (await vehicles.Grain(grains, p!.Value).GetReads(p.Value, window.From, window.To)).Select(r => r.ToSighting()).ToList();
        var passes = await store.PassesNearAsync(own, rules.Gap, cancellationToken);
        return TypedResults.Ok(CompanionFinder.Find(p.Value, own, passes, rules));
    }

    internal static async Task<Results<Ok<IReadOnlyList<FaceEvent>>, ValidationProblem>> Faces(
        string? reason, string? personRef, string? cameraId, DateTimeOffset? from, DateTimeOffset? to, int? limit,
        ISightingStore store, DistrictClock clock, IOptions<CameraOptions> options, CancellationToken cancellationToken)
    {
        var (window, errors) = Window(from, to, clock, options.Value.FaceRetention);
        if (personRef is not null && CheckPersonRef(personRef) is { } personError)
        {
            errors ??= [];
            errors["personRef"] = [personError];
        }

        if (cameraId is not null && !CameraId.TryParseCamera(cameraId, out _, out var cameraError))
        {
            errors ??= [];
            errors["cameraId"] = [cameraError!];
        }

        if (limit is < 1 or > 1000)
        {
            errors ??= [];
            errors["limit"] = ["The limit is between 1 and 1000."];
        }

        if (errors is not null)
        {
            return TypedResults.ValidationProblem(errors);
        }

        return TypedResults.Ok(await store.FacesAsync(personRef, cameraId, window.From, window.To, limit ?? 200, cancellationToken));
    }

    internal static async Task<Results<Ok<IReadOnlyList<CameraAlert>>, ValidationProblem>> Alerts(string? reason, string? status, int? limit, IGrainFactory grains)
    {
        var (filter, errors) = AlertEndpoints.ParseList(status, limit);
        return errors is not null
            ? TypedResults.ValidationProblem(errors)
            : TypedResults.Ok(await grains.GetGrain<IAlertBoardGrain>(0).List(filter, limit ?? 100));
    }

    internal static async Task<Ok<SecurityRules>> Watchlist(string? reason, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<ISecurityRulesGrain>(0).GetRules() with { Fences = [] });

    internal static async Task<Results<Ok<WantedPlateEntry>, ValidationProblem>> PutPlate(string plate, string? reason, WatchlistRequest? request, IGrainFactory grains, PlateDirectory plates)
    {
        var errors = new Dictionary<string, string[]>();
        if (!LicencePlate.TryParse(plate, out var p, out var error))
        {
            errors["plate"] = [error!];
        }

        if (request?.Reason is not { Length: > 0 and <= 200 } why || string.IsNullOrWhiteSpace(why) || !FreeText.IsClean(why))
        {
            errors["body.reason"] = ["Why the plate is wanted (1 to 200 characters)."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var entry = new WantedPlateEntry(p!.Value, request!.Reason!.Trim());
        await grains.GetGrain<ISecurityRulesGrain>(0).PutWantedPlate(entry);
        plates.Learn([p]);
        return TypedResults.Ok(entry);
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> DeletePlate(string plate, string? reason, IGrainFactory grains) =>
        LicencePlate.TryParse(plate, out var p, out _) && await grains.GetGrain<ISecurityRulesGrain>(0).RemoveWantedPlate(p!.Value)
            ? TypedResults.NoContent()
            : TypedResults.Problem(title: "Not on the wanted list.", statusCode: StatusCodes.Status404NotFound);

    internal static async Task<Results<Ok<PersonEntry>, ValidationProblem>> PutPerson(string personRef, string? reason, WatchlistRequest? request, IGrainFactory grains)
    {
        var errors = new Dictionary<string, string[]>();
        if (CheckPersonRef(personRef) is { } personError)
        {
            errors["personRef"] = [personError];
        }

        if (request?.Reason is not { Length: > 0 and <= 200 } why || string.IsNullOrWhiteSpace(why) || !FreeText.IsClean(why))
        {
            errors["body.reason"] = ["Why the person is of interest (1 to 200 characters)."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var entry = new PersonEntry(personRef, request!.Reason!.Trim());
        await grains.GetGrain<ISecurityRulesGrain>(0).PutPerson(entry);
        return TypedResults.Ok(entry);
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> DeletePerson(string personRef, string? reason, IGrainFactory grains) =>
        CheckPersonRef(personRef) is null && await grains.GetGrain<ISecurityRulesGrain>(0).RemovePerson(personRef)
            ? TypedResults.NoContent()
            : TypedResults.Problem(title: "Not on the watchlist.", statusCode: StatusCodes.Status404NotFound);

    private static string? CheckPersonRef(string? personRef) =>
        personRef is not { Length: > 0 and <= 64 } || !personRef.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
            ? "A person reference is 1 to 64 letters, digits, hyphens or underscores."
            : null;

    private static (LicencePlate? Plate, (DateTimeOffset From, DateTimeOffset To) Window, Dictionary<string, string[]>? Errors) Check(
        string plate, DateTimeOffset? from, DateTimeOffset? to, DistrictClock clock, CameraOptions options)
    {
        var (window, errors) = Window(from, to, clock, options.PlateRetention);
        if (!LicencePlate.TryParse(plate, out var p, out var error))
        {
            errors ??= [];
            errors["plate"] = [error!];
        }

        return (p, window, errors);
    }

    /// <summary>[from, to]: the last 24 hours by default; at most the retention period long.</summary>
    private static ((DateTimeOffset From, DateTimeOffset To) Window, Dictionary<string, string[]>? Errors) Window(
        DateTimeOffset? from, DateTimeOffset? to, DistrictClock clock, TimeSpan retention)
    {
        var end = to ?? clock.Now;
        // A "to" at the start of the calendar has no day before it: the default window is cut there, never an overflow.
        var start = from ?? (end - DateTimeOffset.MinValue > TimeSpan.FromHours(24) ? end.AddHours(-24) : DateTimeOffset.MinValue);
        if (start > end)
        {
            return ((start, end), new() { ["from"] = ["from lies after to."] });
        }

        return end - start > retention
            ? ((start, end), new() { ["from"] = [$"The window is at most {retention.TotalDays:0} days (the retention period)."] })
            : ((start, end), null);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Police query {Method} {Route} (audited with its reason)")]
    private static partial void LogQuery(ILogger logger, string method, string route);
}
