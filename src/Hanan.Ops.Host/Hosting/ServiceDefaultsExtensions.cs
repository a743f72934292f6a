using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Hanan.Ops.Host.Hosting;

/// <summary>Cross-cutting defaults every Hanan Ops host carries: telemetry, health, problem details, OpenAPI.</summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>The meter and activity source of the project's own instruments.</summary>
    public const string TelemetryName = "Hanan.Ops";

    /// <summary>The built-in meter of the .NET runtime (GC, memory, thread pool), exported under <c>dotnet_*</c>.</summary>
    public const string RuntimeMeter = "System.Runtime";

    private const string LiveTag = "live";
    private const string ReadyTag = "ready";

    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder)
    {
        // Structured JSON lines for collectors; a readable single line on a developer's terminal.
        builder.Logging.ClearProviders();
        if (builder.Environment.IsDevelopment())
        {
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss ";
            });
        }
        else
        {
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffzzz";
                o.JsonWriterOptions = new System.Text.Json.JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
            });
        }

        builder.AddLogRedaction();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        builder.Services.AddExceptionHandler<BadRequestProblems>();
        builder.Services.AddExceptionHandler<OverloadProblems>();
        builder.Services.AddSingleton(ConnectionPoolReset.ForHost);
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Hanan Ops API — 平房区智慧城区运营中心";
            document.Info.Description =
                "Real-time city operations for Pingfang District, Harbin (230108): citizen appeals (天大小事), the unified grid, "
                + "base data and smart security. Errors are RFC 9457 problem details that name the offending field.";
            document.Info.License = new Microsoft.OpenApi.OpenApiLicense { Name = "MIT" };

            // No absolute server URL: behind a load balancer the page's own origin is the right one.
            document.Servers?.Clear();
            return Task.CompletedTask;
        }));

        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag])
            .AddCheck<SiloHealthCheck>("silo", tags: [ReadyTag])
            .AddCheck<DatabaseHealthCheck>("database", tags: [ReadyTag])
            .AddCheck<Calendar.CalendarHealthCheck>("calendar", tags: [ReadyTag]);
        builder.AddGracefulShutdown(ReadyTag);

        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(TelemetryName, serviceInstanceId: Environment.MachineName))
            .WithMetrics(m => m
                .AddAspNetCoreInstrumentation()
                .AddMeter("Microsoft.Orleans")
                // The runtime's own meter (.NET 9+): GC heap by generation, committed memory, working set, GC pauses,
                // thread pool and lock contention, for the memory sizing in docs/performance.md and for operators.
                .AddMeter(RuntimeMeter)
                .AddMeter(TelemetryName)
                .AddPrometheusExporter())
            .WithTracing(t => t
                .AddAspNetCoreInstrumentation(o =>
                {
                    o.Filter = ctx => !ctx.Request.Path.StartsWithSegments("/health") && !ctx.Request.Path.StartsWithSegments("/metrics");
                    // The path can carry personal data (plates in the police routes): a span names the route instead.
                    o.EnrichWithHttpResponse = LogRedaction.RouteForPath;
                })
                .AddSource("Microsoft.Orleans.Runtime")
                .AddSource("Microsoft.Orleans.Application")
                .AddSource(TelemetryName));

        // Ship traces and metrics to a collector only when one is configured (standard OTEL_* variables).
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            otel.WithMetrics(m => m.AddOtlpExporter()).WithTracing(t => t.AddOtlpExporter());
        }

        return builder;
    }

    public static WebApplication MapServiceDefaults(this WebApplication app)
    {
        app.UseGracefulShutdown();
        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseUnsupportedCharsetProblems();

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = r => r.Tags.Contains(LiveTag) }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = r => r.Tags.Contains(ReadyTag),
            ResponseWriter = HealthReportWriter.WriteAsync,
        }).AllowAnonymous();
        // Public by decision (docs/security.md): probes and scrapers carry no token; nothing personal is in them.
        app.MapPrometheusScrapingEndpoint("/metrics").AllowAnonymous();
        // Only the one document: another name would get the OpenAPI middleware's plain-text 404 instead of a problem.
        app.MapOpenApi("/openapi/{documentName:regex(^v1$)}.json").AllowAnonymous();
        return app;
    }
}
