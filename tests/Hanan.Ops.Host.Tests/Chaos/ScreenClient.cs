using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Hanan.Ops.Host.Tests.Chaos;

/// <summary>
/// A wall screen's live connection as dashboards/assets/live.js makes it: WebSockets without negotiation, through the
/// proxy; automatic reconnection with live.js's delays, forever; the view (the wall's group) joined again after every
/// reconnection, and a connection that closed for good (or whose view could not start) started again.
/// Counts the case activity it hears, with the instant on the test's clock.
/// </summary>
internal sealed class ScreenClient : IAsyncDisposable
{
    private readonly HubConnection _connection;
    private readonly Stopwatch _clock;
    private readonly CancellationTokenSource _disposed = new();
    private int _reconnections;
    private int _restarts;

    private ScreenClient(HubConnection connection, Stopwatch clock, string name)
    {
        _connection = connection;
        _clock = clock;
        Name = name;
    }

    public string Name { get; }

    /// <summary>Instants (on the test's clock) of every caseActivity message heard.</summary>
    public ConcurrentQueue<TimeSpan> Heard { get; } = new();

    /// <summary>Reconnections by the automatic policy, plus fresh starts after the connection closed.</summary>
    public int Reconnections => Volatile.Read(ref _reconnections) + Volatile.Read(ref _restarts);

    public HubConnectionState State => _connection.State;

    public static async Task<ScreenClient> ConnectAsync(Uri proxy, string token, string name, Stopwatch clock)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(proxy, "/hubs/district"), o =>
            {
                o.SkipNegotiation = true;
                o.Transports = HttpTransportType.WebSockets;
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
            })
            .WithAutomaticReconnect(new LiveJsRetries())
            .Build();
        var screen = new ScreenClient(connection, clock, name);
        connection.On<System.Text.Json.Nodes.JsonObject>("caseActivity", _ => screen.Heard.Enqueue(clock.Elapsed));
        connection.Reconnected += async _ =>
        {
            Interlocked.Increment(ref screen._reconnections);
            await screen.StartViewAsync();
        };
        connection.Closed += _ => screen.RestartAsync();
        await connection.StartAsync();
        await connection.InvokeAsync("JoinWall");
        return screen;
    }

    /// <summary>Messages heard after <paramref name="since"/>.</summary>
    public int HeardSince(TimeSpan since) => Heard.Count(t => t > since);

    public async ValueTask DisposeAsync()
    {
        await _disposed.CancelAsync();
        await _connection.DisposeAsync();
        _disposed.Dispose();
    }

    /// <summary>As live.js: a view that cannot start drops the connection, which starts again.</summary>
    private async Task StartViewAsync()
    {
        try
        {
            await _connection.InvokeAsync("JoinWall");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await _connection.StopAsync();
        }
    }

    private async Task RestartAsync()
    {
        for (var attempt = 1; !_disposed.IsCancellationRequested; attempt++)
        {
            try
            {
                await Task.Delay(LiveJsRetries.Delay(Math.Min(attempt, 5)), _disposed.Token);
                await _connection.StartAsync(_disposed.Token);
                Interlocked.Increment(ref _restarts);
                await StartViewAsync();
                return;
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception e) when (e is HttpRequestException or System.Net.WebSockets.WebSocketException or InvalidOperationException or IOException)
            {
            }
        }
    }

    /// <summary>live.js's retryDelay: 0, 0.5, 1, 2, 3 s, then every 5 s, forever.</summary>
    private sealed class LiveJsRetries : IRetryPolicy
    {
        public static TimeSpan Delay(long attempt) => TimeSpan.FromMilliseconds(attempt switch { 0 => 0, 1 => 500, 2 => 1000, 3 => 2000, 4 => 3000, _ => 5000 });

        public TimeSpan? NextRetryDelay(RetryContext retryContext) => Delay(retryContext.PreviousRetryCount);
    }
}
