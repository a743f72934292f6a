using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace Hanan.Ops.Host.Security;

/// <summary>
/// What a validly signed token must also carry to be accepted, whoever issued it (the host's own key or the identity
/// provider): exactly one non-empty <c>sub</c>, so every action names one person, and at most one <c>role</c>, so the
/// role that decides is never a guess among several. A token that breaks either rule is refused (401) like a token
/// with a bad signature, and the refusal is audited with the reason.
/// </summary>
public static class TokenShape
{
    /// <summary>Why the token's claims are refused, or null when they are acceptable.</summary>
    public static string? Refusal(ClaimsPrincipal principal)
    {
        var subjects = principal.FindAll(HananClaims.Subject).ToList();
        if (subjects.Count != 1 || string.IsNullOrWhiteSpace(subjects[0].Value))
        {
            return subjects.Count > 1 ? "the token carries more than one sub" : "the token carries no sub";
        }

        return principal.FindAll(HananClaims.Role).Skip(1).Any() ? "the token carries more than one role" : null;
    }

    /// <summary>The bearer handler's hook: fails authentication for a token of the wrong shape.</summary>
    public static Task OnTokenValidated(TokenValidatedContext context)
    {
        if (context.Principal is null)
        {
            context.Fail("the token carries no identity");
        }
        else if (Refusal(context.Principal) is { } reason)
        {
            context.Fail(reason);
        }

        return Task.CompletedTask;
    }
}
