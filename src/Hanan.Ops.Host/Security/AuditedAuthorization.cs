using Hanan.Ops.Domain.Audit;
using Hanan.Ops.Host.Audit;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Hanan.Ops.Host.Security;

/// <summary>Every refused request (401, 403) leaves an audit record before the default answer.</summary>
internal sealed class AuditedAuthorization(AuditTrail audit) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Challenged || authorizeResult.Forbidden)
        {
            await audit.RecordAsync(context, "access.denied", $"{context.Request.Method} {context.Request.Path}", AuditOutcome.Denied,
                authorizeResult.Challenged ? await ChallengeReasonAsync(context) : "role not allowed");
        }

        await _default.HandleAsync(next, context, policy, authorizeResult);
    }

    /// <summary>"not signed in", or why the token that was sent was refused (bad signature, expired, several roles, no sub).</summary>
    private static async Task<string> ChallengeReasonAsync(HttpContext context) =>
        // The bearer handler keeps its result for the request: this is the same authentication, not a second one.
        (await context.AuthenticateAsync()).Failure is { } failure ? "token refused: " + failure.Message : "not signed in";
}
