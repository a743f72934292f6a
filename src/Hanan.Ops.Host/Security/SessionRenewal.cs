using System.Globalization;
using System.Security.Claims;
using Hanan.Ops.Domain.Audit;
using Hanan.Ops.Host.Audit;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hanan.Ops.Host.Security;

/// <summary>
/// Session renewal (<c>POST /api/auth/renew</c>, local issuer only): a still-valid token is exchanged for a fresh one
/// with the same claims, so a wall display runs all day unattended. The sign-in time travels in <c>auth_time</c> and is
/// never moved; after <see cref="SecurityOptions.MaxSessionLength"/> renewal is refused and the person signs in again.
/// </summary>
public static class SessionRenewal
{
    /// <summary>Claims the issuer sets on each token; everything else is carried over.</summary>
    private static readonly HashSet<string> Stamped = new(StringComparer.Ordinal) { "iss", "aud", "exp", "nbf", "iat", "jti" };

    public static Claim SignedInAt(DateTimeOffset at) =>
        new(HananClaims.SignedInAt, at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), ClaimValueTypes.Integer64);

    internal static async Task<Results<Ok<SignInResponse>, ProblemHttpResult>> Renew(
        ClaimsPrincipal user, SecurityOptions options, TokenIssuer issuer, AuditTrail audit, HttpContext http)
    {
        var source = http.Connection.RemoteIpAddress?.ToString();
        var now = issuer.Now;
        var signedIn = Seconds(user, HananClaims.SignedInAt) ?? Seconds(user, "iat");
        if (signedIn is null || now - signedIn.Value >= options.MaxSessionLength)
        {
            await audit.RecordAsync(user, source, "auth.renew", user.Id(), AuditOutcome.Denied,
                signedIn is null ? "no sign-in time in the token" : $"session older than {options.MaxSessionLength}");
            return TypedResults.Problem(title: "The session cannot be renewed.", statusCode: StatusCodes.Status401Unauthorized,
                detail: $"Sessions last at most {options.MaxSessionLength} after signing in; sign in again.",
                extensions: new Dictionary<string, object?> { ["reason"] = "SessionTooOld" });
        }

        var claims = user.Claims.Where(c => !Stamped.Contains(c.Type) && c.Type != HananClaims.SignedInAt)
            .Select(c => new Claim(c.Type, c.Value)).Append(SignedInAt(signedIn.Value)).ToList();
        var (token, expires) = issuer.Issue(claims);
        await audit.RecordAsync(user, source, "auth.renew", user.Id(), AuditOutcome.Success,
            $"session renewed, signed in at {signedIn.Value:O}");
        return TypedResults.Ok(new SignInResponse(token, "Bearer", (int)options.SessionTimeout.TotalSeconds, expires,
            new SignedInUser(user.Id() ?? "", user.Role() ?? "", user.Bureau(), user.Grids())));
    }

    private static DateTimeOffset? Seconds(ClaimsPrincipal user, string type) =>
        long.TryParse(user.FindFirst(type)?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s is >= 0 and < 253402300800
            ? DateTimeOffset.FromUnixTimeSeconds(s)
            : null;
}
