using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace Hanan.Ops.Bench;

/// <summary>
/// A real SignalR client signed in as police and joined to the police group (<c>JoinPolice</c>). It pairs each
/// expected wanted plate with the first <c>cameraAlert</c> of kind <c>WantedPlate</c> for it and records the latency
/// from the expectation's start; every other alert is counted by kind.
/// </summary>
public sealed class AlertWatch : IAsyncDisposable
{
    private readonly HubConnection _connection;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, long> _awaiting = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _others = new(StringComparer.Ordinal);

    private AlertWatch(HubConnection connection) => _connection = connection;

    public Latency Latency { get; } = new();

    public static async Task<AlertWatch> ConnectAsync(Uri host, string token, CancellationToken cancel)
    {
        var connection = Waiting.DistrictHub(host, token);
        var watch = new AlertWatch(connection);
        connection.On<JsonElement>("cameraAlert", watch.OnAlert);
        await connection.StartAsync(cancel);
        await connection.InvokeAsync("JoinPolice", cancel);
        return watch;
    }

    /// <summary>Registered before the batch carrying the plate is sent, so the alert cannot arrive first.</summary>
    public void Expect(string plate, long startTimestamp)
    {
        lock (_gate)
        {
            _awaiting[plate] = startTimestamp;
        }
    }

    /// <summary>Alerts received that were not an expected wanted plate, by kind.</summary>
    public IReadOnlyDictionary<string, long> Snapshot()
    {
        lock (_gate)
        {
            return new SortedDictionary<string, long>(_others, StringComparer.Ordinal);
        }
    }

    /// <summary>Waits (bounded) for the expected alerts; returns how many never came and forgets them.</summary>
    public async Task<int> SettleAsync(TimeSpan limit)
    {
        await Waiting.UntilAsync(
            () =>
            {
                lock (_gate)
                {
                    return _awaiting.Count == 0;
                }
            },
            limit);

        lock (_gate)
        {
            var missing = _awaiting.Count;
            _awaiting.Clear();
            return missing;
        }
    }

    private void OnAlert(JsonElement alert)
    {
        var at = Stopwatch.GetTimestamp();
        var kind = alert.TryGetProperty("kind", out var k) ? k.GetString() ?? "?" : "?";
        var plate = alert.TryGetProperty("plate", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
        lock (_gate)
        {
            if (kind == "WantedPlate" && plate is not null && _awaiting.Remove(plate, out var start))
            {
                Latency.RecordSince(start, at);
            }
            else
            {
                _others[kind] = _others.GetValueOrDefault(kind) + 1;
            }
        }
    }

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync();
}
