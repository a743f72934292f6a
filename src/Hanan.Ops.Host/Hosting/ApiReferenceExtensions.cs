using Scalar.AspNetCore;

namespace Hanan.Ops.Host.Hosting;

/// <summary>A human-readable API reference served by the host itself: scripts from the package, no CDN, no web fonts.</summary>
public static class ApiReferenceExtensions
{
    /// <summary>
    /// The page's scripts come from the host, and its one inline script (Scalar's start-up, generated per request) runs
    /// by its hash; Scalar's components set styles inline, and it fetches the OpenAPI document and sends "try it"
    /// requests to this host only. Nothing may frame the page, and no plugin, base or form target elsewhere.
    /// </summary>
    internal const string PagePolicy =
        "default-src 'self'; script-src 'self' " + ContentSecurityPolicy.InlineScripts + "; style-src 'self' 'unsafe-inline'; "
        + "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; "
        + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static WebApplication MapApiReference(this WebApplication app)
    {
        app.MapScalarApiReference("/api-reference", o => o
            .WithTitle("Hanan Ops API · 平房区智慧城区运营中心")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json")
            .DisableDefaultFonts()
            .DisableTelemetry()
            .DisableAgent()
            .DisableMcp())
            .AllowAnonymous()
            .WithContentSecurityPolicy(PagePolicy);
        return app;
    }
}
