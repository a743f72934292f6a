using Scalar.AspNetCore;

namespace Hanan.Ops.Host.Hosting;

/// <summary>A human-readable API reference served by the host itself: scripts from the package, no CDN, no web fonts.</summary>
public static class ApiReferenceExtensions
{
    public static WebApplication MapApiReference(this WebApplication app)
    {
        app.MapScalarApiReference("/api-reference", o => o
            .WithTitle("Hanan Ops API · 平房区智慧城区运营中心")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json")
            .DisableDefaultFonts()
            .DisableTelemetry()
            .DisableAgent()
            .DisableMcp()).AllowAnonymous();
        return app;
    }
}
