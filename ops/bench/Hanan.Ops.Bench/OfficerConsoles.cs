using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace Hanan.Ops.Bench;

/// <summary>
/// Officer consoles of one bureau, each a real SignalR connection joined to the bureau's group that, like officer.js,
/// re-reads the case with its own token on every <c>caseActivity</c> message (<see cref="CaseRereads"/>). For the case a
/// round races for, every console records when the <c>claimed</c> activity reached it and when the re-read that message
/// caused was answered, both measured from the claims' release.
/// </summary>
public sealed class OfficerConsoles : IAsyncDisposable
{
    private readonly List<HubConnection> _connections = [];
    private readonly List<CaseRereads> _rereads = [];
    private readonly Lock _gate = new();
    private readonly HashSet<int> _reached = [];
    private readonly HashSet<int> _reread = [];
    private string? _awaitedNumber;
    private long _start;
    private Latency? _target;
    private Latency? _rereadTarget;
    private CancellationToken _cancel;

    public int Count => _connections.Count;

    public static async Task<OfficerConsoles> ConnectAsync(DistrictClient client, Uri host, string bureauId, int consoles, CancellationToken cancel)
    {
        var opened = new OfficerConsoles { _cancel = cancel };
        try
        {
            for (var k = 0; k < consoles; k++)
            {
                var console = k;
                var token = await client.TokenAsync("officer", $"bench-console-{k:000}", bureauId, cancel);
                var connection = Waiting.DistrictHub(host, token);
                opened._rereads.Add(new CaseRereads(client, token));
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

    /// <summary>
    /// From now on, the <c>claimed</c> activity of <paramref name="caseNumber"/> is timed from <paramref name="startTimestamp"/>:
    /// its arrival at each console into <paramref name="target"/>, the answer of the re-read it caused into <paramref name="reread"/>.
    /// </summary>
    public void Await(string caseNumber, long startTimestamp, Latency target, Latency reread)
    {
        lock (_gate)
        {
            _reached.Clear();
            _reread.Clear();
            _awaitedNumber = caseNumber;
            _start = startTimestamp;
            _target = target;
            _rereadTarget = reread;
        }
    }

    /// <summary>
    /// Waits (bounded) until every console has the claim and its re-read settled; returns how many consoles never got
    /// it and how many got it without their re-read answered by then, and stops waiting.
    /// </summary>
    public async Task<(int Missed, int NotReread)> SettleAsync(TimeSpan limit)
    {
        await Waiting.UntilAsync(() => { lock (_gate) { return _reread.Count == _connections.Count; } }, limit);
        lock (_gate)
        {
            var missing = _connections.Count - _reached.Count;
            var notReread = _reached.Count - _reread.Count;
            _awaitedNumber = null;
            return (missing, notReread);
        }
    }

    /// <summary>Every console's re-reads since the last call (of every activity message), summed.</summary>
    public RereadTally TakeRereads() => RereadTally.Sum(_rereads.Select(r => r.Take()));

    private void OnMessage(int console, JsonElement message)
    {
        var at = Stopwatch.GetTimestamp();
        Action<long?>? timed = null;
        if (message.TryGetProperty("action", out var action) && action.GetString() == "claimed"
            && message.TryGetProperty("number", out var number))
        {
            lock (_gate)
            {
                if (_awaitedNumber is { } awaited && number.GetString() == awaited && _reached.Add(console))
                {
                    _target!.RecordSince(_start, at);
                    var (start, target) = (_start, _rereadTarget!);
                    timed = readAt => Reread(console, awaited, start, target, readAt);
                }
            }
        }

        // Every message causes its re-read, as in the browser; only the awaited claim's is timed.
        _rereads[console].OnActivity(message, at, timed, _cancel);
    }

    private void Reread(int console, string number, long start, Latency target, long? at)
    {
        lock (_gate)
        {
            if (_awaitedNumber != number || !_reread.Add(console))
            {
                return;
            }

            if (at is { } answered)
            {
                target.RecordSince(start, answered);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }

        foreach (var rereads in _rereads)
        {
            rereads.Dispose();
        }
    }
}
