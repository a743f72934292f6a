using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;

namespace Hanan.Ops.Host.Tests.Live;

/// <summary>A real SignalR client on a host's /hubs/district, collecting every message of one method (caseActivity unless told).</summary>
public sealed class LiveClient : IAsyncDisposable
{
    private readonly Channel<JsonObject> _received = Channel.CreateUnbounded<JsonObject>();

    private LiveClient(HubConnection connection) => Connection = connection;

    public HubConnection Connection { get; }

    /// <summary>Connects with a bearer token (sent as access_token, as a browser's WebSocket does).</summary>
    public static async Task<LiveClient> ConnectAsync(Uri host, string token, string method = "caseActivity")
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(host, "/hubs/district"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
        var client = new LiveClient(connection);
        connection.On<JsonObject>(method, m => client._received.Writer.TryWrite(m));
        await connection.StartAsync();
        return client;
    }

    /// <summary>The first message matching <paramref name="match"/>, or a timeout failure naming what was awaited.</summary>
    public async Task<JsonObject> NextAsync(Func<JsonObject, bool> match, TimeSpan timeout, string what)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var message = await _received.Reader.ReadAsync(cts.Token);
                if (match(message))
                {
                    return message;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No live message within {timeout.TotalSeconds:0.#} s: {what}.");
        }
    }

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();
}
