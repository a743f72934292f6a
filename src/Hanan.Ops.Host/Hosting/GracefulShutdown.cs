using System.Collections.Concurrent;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Hanan.Ops.Host.Hosting;

/// <summary>
/// How a host leaves the cluster on SIGTERM (<see cref="ShutdownOptions"/>), before the web server and the silo stop:
/// <list type="number">
/// <item>readiness fails (<c>/health/ready</c> 503) while the host still serves, for the drain delay, so the proxy or
/// the Kubernetes Service sends it nothing new; answers carry <c>Connection: close</c> so kept-alive connections move;</item>
/// <item>then every new request answers 503 with Retry-After (nothing of it was done: retry, on another host);</item>
/// <item>its SignalR connections are aborted: the clients' automatic reconnection lands on another host;</item>
/// <item>requests in flight finish.</item>
/// </list>
/// The host then stops as usual: the silo stops gracefully (its grains deactivate with their state stored, its reminders
/// and directory entries move to the other silos), then the web server. All of it within <see cref="ShutdownOptions.Timeout"/>.
/// </summary>
internal sealed partial class GracefulShutdown(IOptions<ShutdownOptions> options, IHostApplicationLifetime lifetime, ILogger<GracefulShutdown> logger)
    : IHostedLifecycleService, IHealthCheck
{
    private readonly ConcurrentDictionary<HttpContext, byte> _liveConnections = new();
    private readonly TaskCompletionSource _idle = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _inFlight;
    private volatile bool _draining;
    private volatile bool _refusing;
    private CancellationTokenRegistration _stopping;

    /// <summary>Readiness has failed: the host is leaving.</summary>
    public bool Draining => _draining;

    /// <summary>First in the pipeline: counts requests in flight, tracks the hub's connections, refuses new requests once refusing.</summary>
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var path = context.Request.Path;
        if (_refusing && !path.StartsWithSegments("/health"))
        {
            context.Response.Headers.Connection = "close";
            await OverloadProblems.WriteUnavailableAsync(context, context.RequestServices.GetRequiredService<IProblemDetailsService>(),
                "This host is shutting down.");
            return;
        }

        if (_draining)
        {
            context.Response.Headers.Connection = "close";
        }

        // Hub connections live as long as the client stays: they are closed, not waited for.
        var live = path.StartsWithSegments("/hubs") && (context.WebSockets.IsWebSocketRequest || context.Request.Method == HttpMethods.Get);
        if (live)
        {
            _liveConnections[context] = 0;
            try
            {
                await next(context);
            }
            finally
            {
                _liveConnections.TryRemove(context, out _);
            }

            return;
        }

        Interlocked.Increment(ref _inFlight);
        try
        {
            await next(context);
        }
        finally
        {
            if (Interlocked.Decrement(ref _inFlight) == 0 && _refusing)
            {
                _idle.TrySetResult();
            }
        }
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_draining ? HealthCheckResult.Unhealthy("the host is shutting down") : HealthCheckResult.Healthy("serving"));

    public Task StartingAsync(CancellationToken cancellationToken)
    {
        // Readiness fails from the first moment of the stop, whichever of the host's own stopping callbacks runs first.
        _stopping = lifetime.ApplicationStopping.Register(() => _draining = true);
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs before the silo and the web server stop (lifecycle services stop first).</summary>
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        _draining = true;
        var drain = options.Value.DrainDelay;
        LogDraining(logger, drain.TotalSeconds);
        try
        {
            await Task.Delay(drain, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }

        _refusing = true;
        var closed = 0;
        foreach (var connection in _liveConnections.Keys)
        {
            connection.Abort();
            closed++;
        }

        var inFlight = Volatile.Read(ref _inFlight);
        if (inFlight == 0)
        {
            _idle.TrySetResult();
        }

        LogRefusing(logger, closed, inFlight);
        try
        {
            await _idle.Task.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            LogDrainCut(logger, Volatile.Read(ref _inFlight));
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken)
    {
        _stopping.Dispose();
        return Task.CompletedTask;
    }

    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Shutting down: readiness fails, serving for {DrainSeconds} s more while the proxy moves away")]
    private static partial void LogDraining(ILogger logger, double drainSeconds);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Information, Message = "Shutting down: new requests answer 503; {HubConnections} hub connections closed; waiting for {InFlight} requests in flight")]
    private static partial void LogRefusing(ILogger logger, int hubConnections, int inFlight);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Warning, Message = "Shutting down: the shutdown timeout cut the drain with {InFlight} requests still in flight")]
    private static partial void LogDrainCut(ILogger logger, int inFlight);
}

/// <summary>Wiring of <see cref="GracefulShutdown"/>.</summary>
public static class GracefulShutdownExtensions
{
    public static IHostApplicationBuilder AddGracefulShutdown(this IHostApplicationBuilder builder, string readyTag)
    {
        var shutdown = builder.Configuration.GetSection(ShutdownOptions.Section).Get<ShutdownOptions>() ?? new ShutdownOptions();
        builder.Services.AddOptions<ShutdownOptions>().Bind(builder.Configuration.GetSection(ShutdownOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        // One budget for the whole stop: the drain, the requests in flight, the silo's shutdown, the web server's.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = shutdown.Timeout);
        builder.Services.AddSingleton<GracefulShutdown>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<GracefulShutdown>());
        builder.Services.AddHealthChecks().AddCheck<GracefulShutdown>("shutdown", tags: [readyTag]);
        return builder;
    }

    /// <summary>First middleware of the pipeline.</summary>
    public static IApplicationBuilder UseGracefulShutdown(this IApplicationBuilder app)
    {
        var shutdown = app.ApplicationServices.GetRequiredService<GracefulShutdown>();
        return app.Use((context, next) => shutdown.InvokeAsync(context, next));
    }
}
