using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Hanan.Ops.Contracts.Roster;
using Hanan.Ops.Domain.Appeals;
using Hanan.Ops.Domain.Audit;
using Hanan.Ops.Domain.Geography;
using Hanan.Ops.Host.Audit;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hanan.Ops.Host.Security;

/// <summary>
/// The development sign-in for the demo and the tests: a token for a demo user of any role, given the demo password.
/// Not mapped at all in the Production environment, nor with an identity provider (Authority): people sign in there.
/// </summary>
public static class SignInEndpoints
{
    private const int MaxIdLength = 64;
    private const int MaxGrids = 50;

    /// <param name="devSignIn">Map the development sign-in (never in Production).</param>
    /// <param name="localIssuer">The host issues its own tokens (no <c>Authority</c>): map the session renewal.</param>
    public static IEndpointRouteBuilder MapSignInEndpoints(this IEndpointRouteBuilder app, bool devSignIn, bool localIssuer)
    {
        var auth = app.MapGroup("/api/auth").WithTags("Sign-in");
        if (devSignIn)
        {
            auth.MapPost("/dev-sign-in", DevSignIn)
                .AllowAnonymous()
                .WithName("DevSignIn")
                .WithSummary("Development sign-in: a token for a demo user of any role (not available in Production)");
        }

        if (localIssuer)
        {
            auth.MapPost("/renew", SessionRenewal.Renew)
                .RequireAuthorization(Policies.SignedIn)
                .WithName("RenewSession")
                .WithSummary("A fresh token with the same claims, until the maximum session length since sign-in (local issuer only)");
        }

        auth.MapGet("/me", Me)
            .RequireAuthorization(Policies.SignedIn)
            .WithName("WhoAmI")
            .WithSummary("The signed-in person as the API sees them");
        return app;
    }

    internal static async Task<Results<Ok<SignInResponse>, ValidationProblem, ProblemHttpResult>> DevSignIn(
        DevSignInRequest? request, SecurityOptions options, TokenIssuer issuer, SignInThrottle throttle, RoutingTable routing,
        DistrictMap map, IGridWorkerRoster roster, AuditTrail audit, HttpContext http)
    {
        var address = "address:" + (http.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        var user = request?.User is { Length: > 0 and <= MaxIdLength } u && u.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') ? u : null;
        var userKey = "user:" + (user ?? "?");
        if (throttle.LockedFor(address, userKey) is { } wait)
        {
            await audit.RecordAsync(null, http.Connection.RemoteIpAddress?.ToString(), "auth.sign-in", user, AuditOutcome.Denied, "locked after repeated failures");
            var seconds = (int)Math.Ceiling(wait.TotalSeconds);
            http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return TypedResults.Problem(title: "Too many failed sign-ins.", statusCode: StatusCodes.Status429TooManyRequests,
                detail: $"Sign-in is locked for {seconds} s after repeated failures.");
        }

        if (request is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["A JSON object body is required."] }, title: "Sign-in was not accepted.");
        }

        var errors = new Dictionary<string, string[]>();
        if (user is null)
        {
            errors["user"] = [$"A user id of 1 to {MaxIdLength} letters, digits or - _ . is required."];
        }

        if (request.Role is null || !Roles.All.Contains(request.Role))
        {
            errors["role"] = [$"The role must be one of: {string.Join(", ", Roles.All)}."];
        }

        if (Roles.IsBureauScoped(request.Role) && (request.Bureau is null || routing.FindBureau(request.Bureau) is null))
        {
            errors["bureau"] = ["An officer or bureau head needs the id of a bureau of the routing table."];
        }

        var grids = request.Grids ?? [];
        // A grid worker on the roster serves the grids the roster assigns: their data scope is their assignment.
        // What the roster says is checked only after the password, so it is not shown to someone who does not have it.
        var rostered = request.Role == Roles.GridWorker && user is not null ? await roster.GetAsync(user) : null;
        if (rostered is null && request.Role == Roles.GridWorker && (grids.Count is 0 or > MaxGrids || grids.Any(g => g is null || map.FindGrid(g) is null)))
        {
            errors["grids"] = [$"A grid worker needs 1 to {MaxGrids} grid codes of the district."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "Sign-in was not accepted.");
        }

        if (!PasswordMatches(request.Password, options.DevSignIn.Password))
        {
            throttle.Failed(address, userKey);
            await audit.RecordAsync(null, http.Connection.RemoteIpAddress?.ToString(), "auth.sign-in", user, AuditOutcome.Failure, $"wrong password for role {request.Role}");
            return TypedResults.Problem(title: "Sign-in failed.", statusCode: StatusCodes.Status401Unauthorized, detail: "The user or the password is wrong.",
                extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["password"] = ["wrong password"] } });
        }

        if (rostered is not null)
        {
            if (!rostered.Active)
            {
                errors["user"] = ["This grid worker is not active on the roster."];
            }
            else if (grids.Count > 0 && !grids.Order(StringComparer.Ordinal).SequenceEqual(rostered.Grids.Order(StringComparer.Ordinal), StringComparer.Ordinal))
            {
                errors["grids"] = [$"Your grids come from the roster: {string.Join(", ", rostered.Grids)}. Leave grids out or name exactly these."];
            }

            if (errors.Count > 0)
            {
                await audit.RecordAsync(null, http.Connection.RemoteIpAddress?.ToString(), "auth.sign-in", user, AuditOutcome.Denied, "refused by the grid-worker roster");
                return TypedResults.ValidationProblem(errors, title: "Sign-in was not accepted.");
            }

            grids = rostered.Grids;
        }

        throttle.Succeeded(userKey);
        var claims = new List<Claim>
        {
            new(HananClaims.Subject, user!), new(HananClaims.Role, request.Role!), new(HananClaims.Name, user!),
            SessionRenewal.SignedInAt(issuer.Now),
        };
        var bureau = Roles.IsBureauScoped(request.Role) ? request.Bureau : null;
        if (bureau is not null)
        {
            claims.Add(new Claim(HananClaims.Bureau, bureau));
        }

        IReadOnlyList<string> granted = request.Role == Roles.GridWorker ? [.. grids.Distinct()] : [];
        claims.AddRange(granted.Select(g => new Claim(HananClaims.Grid, g)));
        var (token, expires) = issuer.Issue(claims);
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, "dev-sign-in", HananClaims.Subject, HananClaims.Role));
        await audit.RecordAsync(principal, http.Connection.RemoteIpAddress?.ToString(), "auth.sign-in", user, AuditOutcome.Success, "development sign-in");
        return TypedResults.Ok(new SignInResponse(token, "Bearer", (int)options.SessionTimeout.TotalSeconds, expires,
            new SignedInUser(user!, request.Role!, bureau, granted)));
    }

    internal static Ok<SignedInUser> Me(ClaimsPrincipal user) =>
        TypedResults.Ok(new SignedInUser(user.Id() ?? "", user.Role() ?? "", user.Bureau(), user.Grids()));

    private static bool PasswordMatches(string? given, string expected) =>
        given is not null && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}

/// <summary>A demo user: id, role, the bureau (officer, bureau head) or grids (grid worker), and the demo password.</summary>
public sealed record DevSignInRequest(string? User, string? Role, string? Bureau, IReadOnlyList<string>? Grids, string? Password);

public sealed record SignedInUser(string Id, string Role, string? Bureau, IReadOnlyList<string> Grids);

/// <summary>The bearer token and when it expires (the session timeout).</summary>
public sealed record SignInResponse(string AccessToken, string TokenType, int ExpiresIn, DateTimeOffset ExpiresAt, SignedInUser User);
