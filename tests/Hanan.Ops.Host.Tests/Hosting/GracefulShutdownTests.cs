using Hanan.Ops.Host.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Hanan.Ops.Host.Tests.Hosting;

/// <summary>
/// The order of a host's leaving (GracefulShutdown), step by step on its middleware: readiness fails while requests
/// are still served; after the drain delay new requests answer 503 with Retry-After and the hub's connections are
/// aborted; the stop waits for the requests in flight. The whole of it between real processes behind the proxy is
/// Chaos/RollingRestartTests.
/// </summary>
public sealed class GracefulShutdownTests
{
    private static readonly IServiceProvider Services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();

    [Fact]
    public async Task Readiness_fails_first_then_new_requests_are_refused_while_those_in_flight_finish()
    {
        using var lifetime = new StoppingLifetime();
        var shutdown = new GracefulShutdown(Options.Create(new ShutdownOptions { DrainDelay = TimeSpan.FromMilliseconds(300) }), lifetime,
            NullLogger<GracefulShutdown>.Instance);
        await shutdown.StartingAsync(CancellationToken.None);
        (await Health(shutdown)).Should().Be(HealthStatus.Healthy);

        // A request in flight when the stop begins, and a hub connection.
        var release = new TaskCompletionSource();
        var inFlight = shutdown.InvokeAsync(Request("/api/appeals", "POST"), _ => release.Task);
        var hub = Request("/hubs/district", "GET");
        var aborted = new AbortRecorder();
        hub.Features.Set<IHttpRequestLifetimeFeature>(aborted);
        var hubConnection = shutdown.InvokeAsync(hub, _ => aborted.Closed.Task);

        lifetime.Stop();
        var stopping = shutdown.StoppingAsync(CancellationToken.None);
        (await Health(shutdown)).Should().Be(HealthStatus.Unhealthy, "readiness fails as soon as the stop begins");
        var duringDrain = Request("/api/district/streets", "GET");
        (await ReachesEndpointAsync(shutdown, duringDrain)).Should().BeTrue("the host still serves while the proxy moves away");
        duringDrain.Response.Headers.Connection.ToString().Should().Be("close", "kept-alive connections move to other hosts");

        await WaitUntil(() => aborted.Aborted, "the hub's connections are aborted after the drain delay");
        await hubConnection;
        var refused = Request("/api/district/streets", "GET");
        (await ReachesEndpointAsync(shutdown, refused)).Should().BeFalse("a new request is refused before it reaches an endpoint");
        refused.Response.StatusCode.Should().Be(StatusCodes.Status503ServiceUnavailable);
        refused.Response.Headers.RetryAfter.ToString().Should().Be("2");
        (await ReachesEndpointAsync(shutdown, Request("/health/ready", "GET"))).Should().BeTrue("the probes still reach the health checks");

        stopping.IsCompleted.Should().BeFalse("the stop waits for the request in flight");
        release.SetResult();
        await inFlight;
        await stopping.WaitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>Whether the request passes the middleware to the endpoint (which answers 200).</summary>
    private static async Task<bool> ReachesEndpointAsync(GracefulShutdown shutdown, HttpContext context)
    {
        var reached = false;
        await shutdown.InvokeAsync(context, c =>
        {
            reached = true;
            c.Response.StatusCode = StatusCodes.Status200OK;
            return Task.CompletedTask;
        });
        return reached;
    }

    private static async Task<HealthStatus> Health(GracefulShutdown shutdown) => (await shutdown.CheckHealthAsync(new HealthCheckContext())).Status;

    private static DefaultHttpContext Request(string path, string method)
    {
        var context = new DefaultHttpContext { RequestServices = Services };
        context.Request.Path = path;
        context.Request.Method = method;
        context.Response.Body = new MemoryStream();
        return context;
    }

    private static async Task WaitUntil(Func<bool> condition, string because)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(25);
        }

        condition().Should().BeTrue(because);
    }

    private sealed class AbortRecorder : IHttpRequestLifetimeFeature
    {
        public TaskCompletionSource Closed { get; } = new();

        public bool Aborted { get; private set; }

        public CancellationToken RequestAborted { get; set; }

        public void Abort()
        {
            Aborted = true;
            Closed.TrySetResult();
        }
    }

    private sealed class StoppingLifetime : IHostApplicationLifetime, IDisposable
    {
        private readonly CancellationTokenSource _stopping = new();

        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => _stopping.Token;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication() => _stopping.Cancel();

        public void Stop() => StopApplication();

        public void Dispose() => _stopping.Dispose();
    }
}
