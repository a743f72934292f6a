using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace Hanan.Ops.Bench;

/// <summary>
/// Officer consoles of one bureau, each a real SignalR connection joined to the bureau's group. For the case a round
/// races for, every console records when the <c>claimed</c> activity reached it, measured from the claims' release.
/// </summary>
public sealed class OfficerConsoles : IAsyncDisposable
{
    private readonly List<HubConnection> _connections = [];
    private readonly Lock _gate = new();
    private readonly HashSet<int> _reached = [];
    private string? _awaitedNumber;
    private long _start;
    private Latency? _target;

    public int Count => _connections.Count;

    public static async Task<OfficerConsoles> ConnectAsync(DistrictClient client, Uri host, string bureauId, int consoles, CancellationToken cancel)
    {
        var opened = new OfficerConsoles();
        try
        {
            for (var k = 0; k < consoles; k++)
            {
                var console = k;
                var token = await client.TokenAsync("officer", $"bench-console-{k:000}", bureauId, cancel);
                var connection = Waiting.DistrictHub(host, token);
                connection.On<JsonElement>("caseActivity", message => opened.OnMessage(console, message));
                opened._connections.Add(connection);
                await connection.StartAsync(cancel);
                await connection.InvokeAsync("JoinBureau", bureauId, cancel);
            }
        }
        catch
        {
            await opened.DisposeAsync();
            throw;
        }

        return opened;
    }

    /// <summary>From now on, the <c>claimed</c> activity of <paramref name="caseNumber"/> is timed from <paramref name="startTimestamp"/>.</summary>
    public void Await(string caseNumber, long startTimestamp, Latency target)
    {
        lock (_gate)
        {
            _reached.Clear();
            _awaitedNumber = caseNumber;
            _start = startTimestamp;
            _target = target;
        }
    }

    /// <summary>Waits (bounded) until every console has the claim; returns how many never got it and stops waiting.</summary>
    public async Task<int> SettleAsync(TimeSpan limit)
    {
        await Waiting.UntilAsync(() => { lock (_gate) { return _reached.Count == _connections.Count; } }, limit);
        lock (_gate)
        {
            var missing = _connections.Count - _reached.Count;
            _awaitedNumber = null;
            return missing;
        }
    }

    private void OnMessage(int console, JsonElement message)
    {
        var at = Stopwatch.GetTimestamp();
        if (!message.TryGetProperty("action", out var action) || action.GetString() != "claimed"
            || !message.TryGetProperty("number", out var number))
        {
            return;
        }

        lock (_gate)
        {
            if (_awaitedNumber is not null && number.GetString() == _awaitedNumber && _reached.Add(console))
            {
                _target!.RecordSince(_start, at);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }
    }
}
