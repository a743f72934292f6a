using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;

namespace Hanan.Ops.Host.Tests.Live;

/// <summary>
/// A wall screen on a real SignalR connection, following the documented protocol: join the wall, buffer
/// <c>pictureDelta</c> messages, fetch the snapshot, then apply only deltas numbered above it, each exactly one above
/// the last (a gap fails the test). Keeps the district figures, the grid figures and the choropleth.
/// </summary>
public sealed class WallPictureClient : IAsyncDisposable
{
    private readonly Channel<(JsonObject Delta, TimeSpan Arrived)> _deltas = Channel.CreateUnbounded<(JsonObject, TimeSpan)>();
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    private WallPictureClient(HubConnection connection) => Connection = connection;

    public HubConnection Connection { get; }

    public long SnapshotSequence { get; private set; }

    public long Sequence { get; private set; }

    public JsonObject District { get; private set; } = [];

    public Dictionary<string, JsonObject> Grids { get; } = new(StringComparer.Ordinal);

    /// <summary>Choropleth counts by "grid/category/window".</summary>
    public Dictionary<string, int> GridHeat { get; } = new(StringComparer.Ordinal);

    /// <summary>The deltas applied since the snapshot, with when they arrived.</summary>
    public List<(long Sequence, TimeSpan Arrived)> Applied { get; } = [];

    public static async Task<WallPictureClient> JoinAsync(Uri host, string token)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(host, "/hubs/district"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
        var client = new WallPictureClient(connection);
        connection.On<JsonObject>("pictureDelta", d => client._deltas.Writer.TryWrite((d, client._clock.Elapsed)));
        await connection.StartAsync();
        await connection.InvokeAsync("JoinWall");
        var snapshot = await connection.InvokeAsync<JsonObject>("GetPicture");
        client.Load(snapshot);
        return client;
    }

    public int Open => District["open"]!.GetValue<int>();

    public int Counts(string grid, string figure) =>
        Grids.TryGetValue(grid, out var counts) ? counts[figure]!.GetValue<int>() : 0;

    public int Heat(string grid, string category, string window) => GridHeat.GetValueOrDefault($"{grid}/{category}/{window}");

    /// <summary>Applies buffered and arriving deltas until <paramref name="done"/> holds.</summary>
    public async Task UntilAsync(Func<WallPictureClient, bool> done, TimeSpan timeout, string what)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            while (!done(this))
            {
                var (delta, arrived) = await _deltas.Reader.ReadAsync(cts.Token);
                Apply(delta, arrived);
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The picture did not reach the expected state within {timeout.TotalSeconds:0.#} s: {what}. Open = {Open}, sequence {Sequence}.");
        }
    }

    /// <summary>The figures and the choropleth as comparable values.</summary>
    public (string District, string Grids, string Heat) Shape() => (
        District.ToJsonString(),
        string.Join(';', Grids.Where(g => g.Value.Any(f => f.Value!.GetValue<int>() != 0)).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key + g.Value.ToJsonString())),
        string.Join(';', GridHeat.Where(h => h.Value != 0).OrderBy(h => h.Key, StringComparer.Ordinal).Select(h => $"{h.Key}={h.Value}")));

    private void Load(JsonObject snapshot)
    {
        SnapshotSequence = Sequence = snapshot["sequence"]!.GetValue<long>();
        District = snapshot["district"]!.AsObject();
        foreach (var g in snapshot["grids"]!.AsArray())
        {
            Grids[g!["grid"]!.GetValue<string>()] = g["counts"]!.AsObject();
        }

        foreach (var h in snapshot["gridHeat"]!.AsArray())
        {
            GridHeat[HeatKey(h!)] = h!["count"]!.GetValue<int>();
        }
    }

    private void Apply(JsonObject delta, TimeSpan arrived)
    {
        var sequence = delta["sequence"]!.GetValue<long>();
        if (sequence <= Sequence)
        {
            return;
        }

        sequence.Should().Be(Sequence + 1, "deltas follow each other without a gap");
        Sequence = sequence;
        Applied.Add((sequence, arrived));
        if (delta["district"] is JsonObject district)
        {
            District = district;
        }

        foreach (var g in delta["grids"]!.AsArray())
        {
            Grids[g!["grid"]!.GetValue<string>()] = g["counts"]!.AsObject();
        }

        foreach (var h in delta["gridHeat"]!.AsArray())
        {
            GridHeat[HeatKey(h!)] = h!["count"]!.GetValue<int>();
        }
    }

    private static string HeatKey(JsonNode h) =>
        $"{h["grid"]!.GetValue<string>()}/{h["category"]!.GetValue<string>()}/{h["window"]!.GetValue<string>()}";

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();
}
