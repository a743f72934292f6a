using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text.Json;
using Hanan.Ops.Domain.Cameras;
using Hanan.Ops.Domain.Cameras.Simulation;
using Hanan.Ops.Host.Cameras;
using Hanan.Ops.Host.Hosting;

namespace Hanan.Ops.Host.Frigate;

/// <summary>What became of a batch of Frigate messages: per index, accepted, duplicate, rejected (with the fields at fault) or ignored.</summary>
public sealed record FrigateBatchResult(int Accepted, int Duplicates, int Rejected, int Ignored, IReadOnlyList<FrigateMessageResult> Results);

/// <summary>One message's outcome; <see cref="Reason"/> says why an ignored message carried nothing to take.</summary>
public sealed record FrigateMessageResult(int Index, string Status, bool? Fuzzy, IReadOnlyDictionary<string, string[]>? Errors, string? Reason);

/// <summary>
/// Frigate's messages, from HTTP or MQTT, onto the camera ingest: each message is read (<see cref="FrigateMessages"/>),
/// its camera name mapped to the GB/T 28181 ID (<see cref="FrigateCameraMap"/>, or the name is itself the ID of a
/// camera of the network), and the recognition handed to <see cref="CameraIngest"/> under the event id
/// <c>frigate:{object id}:{plate|face}</c>, which the sighting store keeps once. Faults name the message's own fields.
/// A camera name that is not mapped is counted on every message and logged once per name.
/// </summary>
public sealed partial class FrigateIngest
{
    private const int MaxNames = 1000;

    private readonly CameraIngest _ingest;
    private readonly FrigateCameraMap _map;
    private readonly CameraNetwork _network;
    private readonly ILogger<FrigateIngest> _logger;
    private readonly string _mapPath;
    private readonly Counter<long> _unmapped;
    private readonly Counter<long> _outcomes;
    private readonly ConcurrentDictionary<string, long> _unmappedNames = new(StringComparer.Ordinal);

    public FrigateIngest(CameraIngest ingest, FrigateCameraMap map, CameraNetwork network, IMeterFactory meters, ILogger<FrigateIngest> logger,
        Microsoft.Extensions.Options.IOptions<FrigateOptions> options)
    {
        _ingest = ingest;
        _map = map;
        _network = network;
        _logger = logger;
        _mapPath = options.Value.CameraMap;
        var meter = meters.Create(ServiceDefaultsExtensions.TelemetryName);
        _unmapped = meter.CreateCounter<long>("hanan.frigate.unmapped_camera.messages", "{message}",
            "Frigate messages from a camera name that the camera map does not know (tag camera: the Frigate name).");
        _outcomes = meter.CreateCounter<long>("hanan.frigate.messages", "{message}",
            "Frigate messages by outcome (accepted, duplicate, rejected, ignored), over HTTP and MQTT alike.");
        meter.CreateObservableGauge("hanan.frigate.unmapped_camera.names", () => _unmappedNames.Count, "{camera}",
            "Distinct Frigate camera names seen that the camera map does not know.");
    }

    /// <summary>Unmapped Frigate camera names seen since start-up, with the messages that came from each.</summary>
    public IReadOnlyDictionary<string, long> UnmappedCameras => _unmappedNames;

    public async Task<FrigateBatchResult> IngestAsync(IReadOnlyList<JsonElement> messages, CancellationToken cancellationToken = default)
    {
        var results = new FrigateMessageResult?[messages.Count];
        var taken = new List<(int Index, FrigateRecognition Recognition)>();
        for (var i = 0; i < messages.Count; i++)
        {
            var reading = FrigateMessages.Read(messages[i]);
            if (reading.Errors is { } errors)
            {
                results[i] = new FrigateMessageResult(i, "rejected", null, errors, null);
            }
            else if (reading.Recognition is { } recognition)
            {
                taken.Add((i, recognition));
            }
            else
            {
                results[i] = new FrigateMessageResult(i, "ignored", null, null, reading.Ignored);
            }
        }

        var requests = new List<CameraEventRequest?>(taken.Count);
        var sent = new List<(int Index, FrigateRecognition Recognition)>(taken.Count);
        foreach (var (index, r) in taken)
        {
            if (CameraOf(r.Camera) is not { } cameraId)
            {
                results[index] = new FrigateMessageResult(index, "rejected", null, new Dictionary<string, string[]>
                {
                    [r.Fields["cameraId"]] = [$"The Frigate camera '{r.Camera}' is not mapped to a camera of the district (the camera map {_mapPath})."],
                }, null);
                continue;
            }

            sent.Add((index, r));
            requests.Add(r.Kind == "plate"
                ? new CameraEventRequest("plate", r.EventId, cameraId, r.At, r.Plate, null, r.Score, null, null, null, null, null)
                : new CameraEventRequest("face", r.EventId, cameraId, r.At, null, null, r.Score, null, null, null, r.PersonName,
                    r.PersonName is null ? "frigate:" + r.ObjectId : null));
        }

        if (requests.Count > 0)
        {
            var answer = await _ingest.IngestAsync(requests, cancellationToken);
            for (var j = 0; j < sent.Count; j++)
            {
                var (index, r) = sent[j];
                var outcome = answer.Results[j];
                results[index] = new FrigateMessageResult(index, outcome.Status, outcome.Fuzzy, outcome.Errors is null ? null : Rename(outcome.Errors, r.Fields), null);
            }
        }

        var all = results.Select(r => r!).ToList();
        var result = new FrigateBatchResult(all.Count(r => r.Status == "accepted"), all.Count(r => r.Status == "duplicate"),
            all.Count(r => r.Status == "rejected"), all.Count(r => r.Status == "ignored"), all);
        Count("accepted", result.Accepted);
        Count("duplicate", result.Duplicates);
        Count("rejected", result.Rejected);
        Count("ignored", result.Ignored);
        return result;
    }

    private void Count(string outcome, int count)
    {
        if (count > 0)
        {
            _outcomes.Add(count, new KeyValuePair<string, object?>("outcome", outcome));
        }
    }

    private string? CameraOf(string name)
    {
        if (_map.Find(name) is { } mapped)
        {
            return mapped;
        }

        // A Frigate installation may name its cameras by their GB/T 28181 IDs.
        if (CameraId.TryParseCamera(name, out var id, out _) && _network.Find(id!.Value) is not null)
        {
            return id.Value;
        }

        // Only names Frigate could have given are counted by name (and at most MaxNames of them), so a stream of junk
        // names neither floods the log nor grows this table.
        var counted = FrigateCameraMap.IsFrigateName(name) && name.Length <= 64 && (_unmappedNames.ContainsKey(name) || _unmappedNames.Count < MaxNames)
            ? name
            : "(other)";
        _unmapped.Add(1, new KeyValuePair<string, object?>("camera", counted));
        if (_unmappedNames.AddOrUpdate(counted, 1, (_, n) => n + 1) == 1)
        {
            LogUnmapped(_logger, counted, _mapPath);
        }

        return null;
    }

    private static Dictionary<string, string[]> Rename(IReadOnlyDictionary<string, string[]> errors, IReadOnlyDictionary<string, string> fields) =>
        errors.GroupBy(e => fields.GetValueOrDefault(e.Key, e.Key), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.SelectMany(e => e.Value).ToArray(), StringComparer.Ordinal);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Frigate camera '{FrigateCamera}' is not mapped to a GB/T 28181 camera in {CameraMap}: its messages are refused (counted in hanan.frigate.unmapped_camera.messages; logged once per name)")]
    private static partial void LogUnmapped(ILogger logger, string frigateCamera, string cameraMap);
}
