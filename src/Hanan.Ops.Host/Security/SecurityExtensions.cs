using Hanan.Ops.Host.Audit;
using Hanan.Ops.Host.Hosting;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Timeouts;

namespace Hanan.Ops.Host.Security;

public static class SecurityExtensions
{
    /// <summary>
    /// Bearer tokens (an OIDC provider by authority and audience, or the host's own signing key), the policies, the
    /// audit trail, and the limits on hostile input: body size, intake rates, request time.
    /// </summary>
    public static WebApplicationBuilder AddSecurity(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(SecurityOptions.Section).Get<SecurityOptions>() ?? new SecurityOptions();
        if (options.SessionTimeout <= TimeSpan.Zero || options.MaxSessionLength <= TimeSpan.Zero || options.Lockout.MaxFailures < 1 || options.Limits.MaxRequestBodyBytes < 1024)
        {
            throw new InvalidOperationException("Hanan:Security: SessionTimeout and MaxSessionLength must be positive, Lockout:MaxFailures at least 1, Limits:MaxRequestBodyBytes at least 1024.");
        }

        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<TokenIssuer>();
        builder.Services.AddSingleton<SignInThrottle>();
        builder.Services.AddSingleton<IntakeLimits>();
        builder.AddAudit();

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<TokenIssuer>((jwt, issuer) =>
        {
            jwt.MapInboundClaims = false;
            if (string.IsNullOrWhiteSpace(options.Authority))
            {
                jwt.TokenValidationParameters = issuer.ValidationParameters();
            }
            else
            {
                jwt.Authority = options.Authority;
                jwt.Audience = options.Audience;
                jwt.RequireHttpsMetadata = options.RequireHttpsMetadata;
                jwt.TokenValidationParameters.NameClaimType = HananClaims.Subject;
                jwt.TokenValidationParameters.RoleClaimType = HananClaims.Role;
                jwt.TokenValidationParameters.ClockSkew = options.ClockSkew;
            }

            jwt.Events = new JwtBearerEvents
            {
                // Browsers cannot set headers on WebSockets: SignalR sends the same token as access_token on the hub's URL.
                OnMessageReceived = context =>
                {
                    if (context.Request.Path.StartsWithSegments("/hubs") && context.Request.Query["access_token"] is { Count: 1 } token)
                    {
                        context.Token = token.ToString();
                    }

                    return Task.CompletedTask;
                },
                // One person, one role: a token with several roles or without a subject is refused (401).
                OnTokenValidated = TokenShape.OnTokenValidated,
            };
        });
        builder.Services.AddAuthorization(Policies.Add);
        builder.Services.Configure<Microsoft.AspNetCore.OpenApi.OpenApiOptions>("v1", BearerOpenApi.Add);
        builder.Services.AddSingleton<IAuthorizationMiddlewareResultHandler, AuditedAuthorization>();

        builder.Services.AddRateLimiter(o => IntakeLimits.Configure(o, options));
        builder.Services.AddRequestTimeouts(o => o.DefaultPolicy = new RequestTimeoutPolicy
        {
            Timeout = options.Limits.RequestTimeout,
            TimeoutStatusCode = StatusCodes.Status503ServiceUnavailable,
            // The host's one 503 problem (type, Retry-After, retry with the same idempotency key), not a bare status.
            WriteTimeoutResponse = async http => await OverloadProblems.WriteUnavailableAsync(
                http, http.RequestServices.GetRequiredService<IProblemDetailsService>(), "The request took too long and was stopped."),
        });
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = options.Limits.MaxRequestBodyBytes);
        return builder;
    }

    /// <summary>After the static screens (which stay public), before the endpoints.</summary>
    public static WebApplication UseSecurity(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseRequestTimeouts();
        return app;
    }

    /// <summary>Sign-in (the development sign-in never in Production), contact reveal, audit, administration.</summary>
    public static WebApplication MapSecurityEndpoints(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<SecurityOptions>();
        // With an identity provider the host validates only the provider's tokens: a development sign-in would hand
        // out tokens nothing accepts, so it exists only when the host is its own issuer.
        var localIssuer = string.IsNullOrWhiteSpace(options.Authority);
        app.MapSignInEndpoints(devSignIn: localIssuer && options.DevSignIn.Enabled && !app.Environment.IsProduction(), localIssuer);
        app.MapContactRevealEndpoints();
        app.MapAuditEndpoints();
        app.MapAdminEndpoints();
        return app;
    }
}
