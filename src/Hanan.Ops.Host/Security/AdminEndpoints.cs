using Hanan.Ops.Host.Audit;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Hanan.Ops.Host.Security;

/// <summary>The system administrator's endpoints (系统管理员). The audit log is not among them.</summary>
public static class AdminEndpoints
{
    public static IEndpointRouteBuilder MapAdminEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/admin/security", Settings)
            .RequireAuthorization(Policies.Administer)
            .WithTags("Administration")
            .WithName("SecuritySettings")
            .WithSummary("The effective security settings (no secrets)");
        return app;
    }

    internal static Ok<SecuritySettings> Settings(SecurityOptions options, TokenIssuer issuer, IOptions<AuditOptions> audit, IHostEnvironment environment) =>
        TypedResults.Ok(new SecuritySettings(
            string.IsNullOrWhiteSpace(options.Authority) ? "local-key" : "oidc",
            options.Authority,
            options.Audience,
            issuer.Ephemeral,
            options.SessionTimeout,
            options.DevSignIn.Enabled && !environment.IsProduction(),
            options.Lockout,
            options.Limits,
            audit.Value.RetentionDays));
}

public sealed record SecuritySettings(
    string TokenValidation,
    string? Authority,
    string Audience,
    bool EphemeralSigningKey,
    TimeSpan SessionTimeout,
    bool DevSignIn,
    SignInLockoutOptions Lockout,
    RequestLimitOptions Limits,
    int AuditRetentionDays);
