using Microsoft.Extensions.FileProviders;

namespace Hanan.Ops.Host.Hosting;

/// <summary>Serves the screens in <c>dashboards/</c> (copied next to the binary) with a policy that forbids any other origin.</summary>
public static class DashboardExtensions
{
    /// <summary>Scripts, styles, images and connections only from this host: the intranet has no internet, and a screen must not try.</summary>
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; "
        + "object-src 'none'; base-uri 'none'; frame-ancestors 'self'";

    public static WebApplication MapDashboards(this WebApplication app)
    {
        var root = Path.Combine(AppContext.BaseDirectory, "dashboards");
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"The dashboards were not found at {root}; they are copied there by the build.");
        }

        var files = new PhysicalFileProvider(root);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            OnPrepareResponse = ctx =>
            {
                ctx.Context.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
                ctx.Context.Response.Headers.CacheControl = "no-cache";
            },
        });
        return app;
    }
}
