using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace Hanan.Ops.Bench;

/// <summary>
/// A real SignalR client joined to one bureau's group. It pairs each filed case (by its case number) with the first
/// <c>caseActivity</c> message for it, whichever of the two arrives first, and records send → screen latency.
/// </summary>
public sealed class LiveWatch : IAsyncDisposable
{
    private readonly HubConnection _connection;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, long> _arrived = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (long Start, Latency Target)> _awaiting = new(StringComparer.Ordinal);
    private readonly HashSet<string> _done = new(StringComparer.Ordinal);

    private LiveWatch(HubConnection connection) => _connection = connection;

    public static async Task<LiveWatch> ConnectAsync(Uri host, string bureauId, string token, CancellationToken cancel)
    {
        var connection = Waiting.DistrictHub(host, token);
        var watch = new LiveWatch(connection);
        connection.On<JsonElement>("caseActivity", watch.OnMessage);
        await connection.StartAsync(cancel);
        await connection.InvokeAsync("JoinBureau", bureauId, cancel);
        return watch;
    }

    /// <summary>Cases filed whose first live message has not arrived yet.</summary>
    public int Awaiting
    {
        get
        {
            lock (_gate)
            {
                return _awaiting.Count;
            }
        }
    }

    public void Expect(string caseNumber, long startTimestamp, Latency target)
    {
        lock (_gate)
        {
            if (_arrived.Remove(caseNumber, out var at))
            {
                _done.Add(caseNumber);
                target.RecordSince(startTimestamp, at);
            }
            else if (!_done.Contains(caseNumber))
            {
                _awaiting[caseNumber] = (startTimestamp, target);
            }
        }
    }

    /// <summary>Waits (bounded) for outstanding messages; returns how many never came and forgets them.</summary>
    public async Task<int> SettleAsync(TimeSpan limit)
    {
        await Waiting.UntilAsync(() => Awaiting == 0, limit);

        lock (_gate)
        {
            var missing = _awaiting.Count;
            foreach (var number in _awaiting.Keys)
            {
                _done.Add(number);
            }

            _awaiting.Clear();
            return missing;
        }
    }

    private void OnMessage(JsonElement message)
    {
        var at = Stopwatch.GetTimestamp();
        if (!message.TryGetProperty("number", out var n) || n.GetString() is not { } number)
        {
            return;
        }

        lock (_gate)
        {
            if (_awaiting.Remove(number, out var pending))
            {
                _done.Add(number);
                pending.Target.RecordSince(pending.Start, at);
            }
            else if (!_done.Contains(number))
            {
                _arrived.TryAdd(number, at);
            }
        }
    }

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync();
}
