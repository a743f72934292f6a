using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Spectre.Console;

namespace Hanan.Ops.Bench;

/// <summary>
/// The wall display at scale: N real SignalR connections join the wall, take the picture snapshot, and receive the
/// coalesced <c>pictureDelta</c> messages while appeals are filed at a fixed open-loop rate. Appeal k (in filing
/// order) has reached a connection when a delta there shows the district's "filed today" at base + k or more; the
/// latency runs from k's intended send time to that delta's arrival. Deltas are coalesced to at most two per second
/// by design, so up to 500 ms of each figure is that coalescing.
/// </summary>
public static class WallFanout
{
    public static async Task<WallResult> RunAsync(
        DistrictClient client, Uri host, int connections, int rate, TimeSpan duration, TimeSpan settle, ProgressTask progress, CancellationToken cancel)
    {
        var total = (int)(rate * duration.TotalSeconds);
        progress.MaxValue = connections + total;
        var latency = new Latency();
        var errors = new Errors();
        var sent = new long[total];
        var filedOk = new bool[total];
        var walls = new List<Wall>(connections);
        // One command-centre account signed in on every screen (the wall is read-only for dispatchers).
        var token = await client.TokenAsync("dispatcher", "bench-wall", null, cancel);
        try
        {
            var connect = Stopwatch.StartNew();
            // Connect in batches so the host sees a realistic ramp rather than one burst of negotiations.
            foreach (var batch in Enumerable.Range(0, connections).Chunk(50))
            {
                var opened = await Task.WhenAll(batch.Select(_ => Wall.OpenAsync(host, token, sent, latency, cancel)));
                walls.AddRange(opened);
                progress.Increment(batch.Length);
            }

            var connectSeconds = connect.Elapsed.TotalSeconds;
            // Earlier phases may still be draining into the picture. Wait (bounded) until every connection shows the
            // same "filed today" for two seconds running (four delta periods), and count from there.
            var quietSince = Stopwatch.GetTimestamp();
            var filedBefore = walls.Max(w => w.FiledToday);
            var quietDeadline = quietSince + (long)(settle.TotalSeconds * 4 * Stopwatch.Frequency);
            while (Stopwatch.GetTimestamp() < quietDeadline)
            {
                await Task.Delay(100, cancel);
                var highest = walls.Max(w => w.FiledToday);
                if (highest != filedBefore || walls.Any(w => w.FiledToday != highest))
                {
                    filedBefore = highest;
                    quietSince = Stopwatch.GetTimestamp();
                }
                else if (Stopwatch.GetElapsedTime(quietSince) >= TimeSpan.FromSeconds(2))
                {
                    break;
                }
            }

            foreach (var w in walls)
            {
                w.Rebase(filedBefore);
            }

            var start = Stopwatch.GetTimestamp();
            var ticksPerRequest = (double)Stopwatch.Frequency / rate;
            var inFlight = new List<Task>(total);
            for (var i = 0; i < total && !cancel.IsCancellationRequested;)
            {
                var now = Stopwatch.GetTimestamp();
                for (; i < total && start + (long)(i * ticksPerRequest) <= now; i++)
                {
                    var k = i;
                    sent[k] = start + (long)(k * ticksPerRequest);
                    inFlight.Add(Task.Run(async () =>
                    {
                        try
                        {
                            var filed = await client.FileAsync(cancel);
                            if (filed.CaseId is null)
                            {
                                errors.Add($"http {filed.Status}");
                            }
                            else
                            {
                                filedOk[k] = true;
                            }
                        }
                        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                        {
                            errors.Add(Errors.Kind(e));
                        }
                    }, cancel));
                }

                progress.Value = connections + i;
                await Task.Delay(1, cancel);
            }

            await Task.WhenAll(inFlight);
            var filed = filedOk.Count(x => x);
            // Wait (bounded) until every connection has seen every filed appeal.
            var deadline = Stopwatch.GetTimestamp() + (long)(settle.TotalSeconds * Stopwatch.Frequency);
            while (walls.Any(w => w.Seen < filed) && Stopwatch.GetTimestamp() < deadline)
            {
                await Task.Delay(50, cancel);
            }

            var shortfall = walls.Sum(w => (long)Math.Max(0, filed - w.Seen));
            progress.Value = progress.MaxValue;
            return new WallResult(connections, Math.Round(connectSeconds, 1), rate, duration.TotalSeconds, total, filed,
                latency.Summary(), shortfall, walls.Sum(w => w.Deltas), walls.Count(w => w.Disconnected), errors.Snapshot());
        }
        finally
        {
            await Task.WhenAll(walls.Select(w => w.DisposeAsync().AsTask()));
        }
    }

    private sealed class Wall : IAsyncDisposable
    {
        private readonly HubConnection _connection;
        private readonly long[] _sent;
        private readonly Latency _latency;
        private readonly Lock _gate = new();
        private long _base = -1;
        private int _seen;
        private long _lastSequence;
        private long _filedToday;

        private Wall(HubConnection connection, long[] sent, Latency latency)
        {
            _connection = connection;
            _sent = sent;
            _latency = latency;
            connection.Closed += _ =>
            {
                Disconnected = true;
                return Task.CompletedTask;
            };
        }

        public long FiledToday
        {
            get
            {
                lock (_gate)
                {
                    return _filedToday;
                }
            }
        }

        public int Seen
        {
            get
            {
                lock (_gate)
                {
                    return _seen;
                }
            }
        }

        public long Deltas { get; private set; }

        public bool Disconnected { get; private set; }

        public static async Task<Wall> OpenAsync(Uri host, string token, long[] sent, Latency latency, CancellationToken cancel)
        {
            var connection = Waiting.DistrictHub(host, token);
            var wall = new Wall(connection, sent, latency);
            connection.On<JsonElement>("pictureDelta", wall.OnDelta);
            await connection.StartAsync(cancel);
            await connection.InvokeAsync("JoinWall", cancel);
            var snapshot = await connection.InvokeAsync<JsonElement>("GetPicture", cancel);
            lock (wall._gate)
            {
                wall._lastSequence = snapshot.GetProperty("sequence").GetInt64();
                wall._filedToday = snapshot.GetProperty("district").GetProperty("filedToday").GetInt64();
            }

            return wall;
        }

        public void Rebase(long filedToday)
        {
            lock (_gate)
            {
                _base = filedToday;
            }
        }

        private void OnDelta(JsonElement delta)
        {
            var arrived = Stopwatch.GetTimestamp();
            lock (_gate)
            {
                Deltas++;
                var sequence = delta.GetProperty("sequence").GetInt64();
                if (sequence <= _lastSequence)
                {
                    return;
                }

                _lastSequence = sequence;
                if (!delta.TryGetProperty("district", out var district) || district.ValueKind != JsonValueKind.Object)
                {
                    return;
                }

                _filedToday = district.GetProperty("filedToday").GetInt64();
                if (_base < 0)
                {
                    return; // still waiting for the picture to settle
                }

                var reached = (int)Math.Min(_sent.Length, Math.Max(0, _filedToday - _base));
                for (; _seen < reached; _seen++)
                {
                    if (_sent[_seen] != 0)
                    {
                        _latency.RecordSince(_sent[_seen], arrived);
                    }
                }
            }
        }

        public ValueTask DisposeAsync() => _connection.DisposeAsync();
    }
}

/// <summary>The wall display with many connections: intake → heatmap delta at every connection.</summary>
public sealed record WallResult(
    int Connections,
    double ConnectSeconds,
    int OfferedPerSecond,
    double DurationSeconds,
    int Sent,
    int Filed,
    Percentiles DeltaMs,
    long NotSeen,
    long DeltasReceived,
    int Disconnected,
    IReadOnlyDictionary<string, long> Errors);
