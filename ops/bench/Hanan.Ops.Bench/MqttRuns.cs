using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Hanan.Ops.Domain;
using Hanan.Ops.Domain.Cameras;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Spectre.Console;

namespace Hanan.Ops.Bench;

/// <summary>The district's broker as the bench reaches it (a mosquitto that ops/bench.sh starts for the run).</summary>
public sealed record BrokerAddress(string Host, int Port, string User, string Password);

/// <summary>
/// Camera ingest over MQTT, as Frigate delivers it: each plate read is one <c>frigate/tracked_object_update</c> message
/// of type <c>lpr</c> (the camera named by its GB/T 28181 ID, so no camera map is involved), published at QoS 1 to the
/// broker, to which the host is subscribed (QoS 1, a persistent session, acknowledged once stored). Three runs: the
/// broker alone (the baseline: what this broker carries publish → subscriber on this machine), alert latency at a fixed
/// offered rate, then saturation.
/// </summary>
public sealed class MqttRuns(DistrictClient client, CameraTraffic traffic, Settings settings, HostProcess? host, BrokerAddress broker)
{
    private const string SerialLetters = "ABCDEFGHJKLMNPQRSTUVWXYZ";

    private readonly string _runId = Guid.NewGuid().ToString("N")[..8];
    private long _sequence;

    /// <summary>
    /// The broker alone: a subscriber in this process (QoS 1, MQTT 5, acknowledging on receipt) and the same publishers,
    /// with messages of the size the runs send; messages/s from the first publish to the last message received.
    /// </summary>
    public async Task<BrokerBaseline> BaselineAsync(int messages, ProgressTask progress, CancellationToken cancel)
    {
        var payload = Lpr(traffic.Simulate(1, seedOffset: 5_000, daysBack: 3)[0]);
        using var subscriber = await ConnectAsync("bench-baseline-sub", receiveMaximum: 1_000, cancel);
        long received = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        subscriber.ApplicationMessageReceivedAsync += _ =>
        {
            if (Interlocked.Increment(ref received) == messages)
            {
                done.TrySetResult();
            }

            return Task.CompletedTask;
        };
        var topic = $"bench/{_runId}/baseline";
        await subscriber.SubscribeAsync(topic, MqttQualityOfServiceLevel.AtLeastOnce, cancel);
        progress.MaxValue = messages;
        var start = Stopwatch.GetTimestamp();
        var cpu = CpuMeter.Start(host);
        var share = (messages + settings.MqttPublishers - 1) / settings.MqttPublishers;
        await PublishAllAsync([.. Enumerable.Range(0, settings.MqttPublishers).Select(p => Enumerable.Repeat((topic, payload), Math.Max(0, Math.Min(share, messages - (p * share)))).ToList())],
            new Latency(), new Errors(), () => progress.Increment(1), cancel);
        await Task.WhenAny(done.Task, Task.Delay(settings.MqttSettle, cancel));
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var used = cpu.Stop();
        progress.Value = progress.MaxValue;
        return new BrokerBaseline(settings.MqttPublishers, messages, Interlocked.Read(ref received), payload.Length, Math.Round(seconds, 2),
            Math.Round(Interlocked.Read(ref received) / seconds, 1), used);
    }

    /// <summary>
    /// Open loop at <see cref="Settings.CameraAlertRate"/> messages/s: yesterday's simulated traffic with one read in
    /// <see cref="Settings.ReadsPerHit"/> of a plate put on the wanted list just before; latency from the message's
    /// intended publish time to the police screen's <c>cameraAlert</c>.
    /// </summary>
    public async Task<MqttAlertResult> AlertLatencyAsync(AlertWatch watch, ProgressTask progress, CancellationToken cancel)
    {
        var total = (int)(settings.CameraAlertRate * settings.CameraAlertLength.TotalSeconds);
        var hits = total / settings.ReadsPerHit;
        var wanted = await WantedAsync(hits, cancel);
        var reads = traffic.Simulate(total - hits, seedOffset: 6_000, daysBack: 1).Select(r => (Payload: Lpr(r), Wanted: (string?)null)).ToList();
        var random = new Random(230108);
        var ticksPer = (double)Stopwatch.Frequency / settings.CameraAlertRate;
        var startWall = DateTimeOffset.UtcNow.AddSeconds(2);
        for (var j = 0; j < hits; j++)
        {
            var i = Math.Min(reads.Count, j * settings.ReadsPerHit);
            var camera = traffic.Network.Cameras[random.Next(traffic.Network.Cameras.Count)];
            var at = startWall.AddSeconds(i * ticksPer / Stopwatch.Frequency);
            reads.Insert(i, (Lpr(new PlateSighting(null, camera.Id.Value, at, wanted[j], PlateColour.Blue, 0.95, camera.Latitude, camera.Longitude)), wanted[j]));
        }

        using var frigate = await ConnectAsync("bench-frigate-alerts", receiveMaximum: 100, cancel);
        var topic = "frigate/tracked_object_update";
        var before = await OutcomesAsync(cancel);
        var errors = new Errors();
        long outstanding = 0;
        var inFlight = new List<Task>(reads.Count);
        var publishMs = new Latency();
        progress.MaxValue = reads.Count;
        var start = Stopwatch.GetTimestamp() + (2 * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < start)
        {
            await Task.Delay(5, cancel);
        }

        var cpu = CpuMeter.Start(host);
        for (var i = 0; i < reads.Count && !cancel.IsCancellationRequested;)
        {
            var now = Stopwatch.GetTimestamp();
            for (; i < reads.Count && start + (long)(i * ticksPer) <= now; i++)
            {
                var due = start + (long)(i * ticksPer);
                if (Interlocked.Read(ref outstanding) >= 5_000)
                {
                    errors.Add("not sent: too many outstanding");
                    continue;
                }

                if (reads[i].Wanted is { } plate)
                {
                    watch.Expect(plate, due);
                }

                Interlocked.Increment(ref outstanding);
                var payload = reads[i].Payload;
                inFlight.Add(PublishAsync(frigate, topic, payload, due, publishMs, errors, () => Interlocked.Decrement(ref outstanding), cancel));
            }

            progress.Value = i;
            await Task.Delay(1, cancel);
        }

        await Task.WhenAny(Task.WhenAll(inFlight), Task.Delay(settings.Drain, cancel));
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var missed = await watch.SettleAsync(settings.LiveSettle);
        var used = cpu.Stop();
        var outcomes = Delta(before, await OutcomesAsync(cancel));
        progress.Value = progress.MaxValue;
        return new MqttAlertResult(settings.CameraAlertRate, Math.Round(settings.CameraAlertLength.TotalSeconds, 1), settings.ReadsPerHit, reads.Count,
            outcomes, publishMs.Summary(), hits, watch.Latency.Summary(), missed, Math.Round(seconds, 1), used, errors.Snapshot());
    }

    /// <summary>
    /// Saturation: <see cref="Settings.MqttPublishers"/> publishers publish a prepared pool of reads as fast as the broker
    /// takes them; each ends with a read of a wanted plate, whose alert must reach the police screen. The run ends when the
    /// host has counted an outcome for every message published (its <c>hanan_frigate_messages_total</c> on /metrics,
    /// polled every 100 ms); reads/s counts its accepted outcomes over that time.
    /// </summary>
    public async Task<MqttIngestResult> SaturationAsync(AlertWatch watch, ProgressTask progress, CancellationToken cancel)
    {
        var pool = traffic.Simulate(settings.MqttPoolReads, seedOffset: 7_000, daysBack: 4);
        var sentinels = await WantedAsync(settings.MqttPublishers, cancel);
        var camera = traffic.Network.Cameras[0];
        var share = (pool.Count + settings.MqttPublishers - 1) / settings.MqttPublishers;
        var perPublisher = Enumerable.Range(0, settings.MqttPublishers).Select(p =>
        {
            var mine = pool.Skip(p * share).Take(share).Select(Lpr).ToList();
            mine.Add(Lpr(new PlateSighting(null, camera.Id.Value, DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)), sentinels[p], PlateColour.Blue, 0.95,
                camera.Latitude, camera.Longitude)));
            return mine;
        }).ToList();
        var before = await OutcomesAsync(cancel);
        progress.MaxValue = pool.Count + sentinels.Count;
        var start = Stopwatch.GetTimestamp();
        foreach (var plate in sentinels)
        {
            watch.Expect(plate, start);
        }

        var cpu = CpuMeter.Start(host);
        var errors = new Errors();
        var publishMs = new Latency();
        long published = 0;
        await PublishAllAsync([.. perPublisher.Select(m => m.Select(payload => ("frigate/tracked_object_update", payload)).ToList())], publishMs, errors, () =>
        {
            progress.Increment(1);
            Interlocked.Increment(ref published);
        }, cancel);
        var publishedIn = Stopwatch.GetElapsedTime(start).TotalSeconds;
        // Taken when the host has an outcome for every message published (its own counts, polled), bounded.
        var all = Interlocked.Read(ref published);
        var settle = Stopwatch.StartNew();
        while (settle.Elapsed < settings.MqttSettle && Delta(before, await OutcomesAsync(cancel)).Values.Sum() < all)
        {
            await Task.Delay(100, cancel);
        }

        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var missed = await watch.SettleAsync(TimeSpan.FromSeconds(5));
        var used = cpu.Stop();
        var outcomes = Delta(before, await OutcomesAsync(cancel));
        progress.Value = progress.MaxValue;
        return new MqttIngestResult(settings.MqttPublishers, Interlocked.Read(ref published), Math.Round(publishedIn, 1), Math.Round(seconds, 1), missed, outcomes,
            Math.Round(outcomes.GetValueOrDefault("accepted") / seconds, 1), publishMs.Summary(), used, errors.Snapshot());
    }

    /// <summary>Each list published by a client of its own, at most 256 messages awaiting the broker's PUBACK at once per client.</summary>
    private async Task PublishAllAsync(List<List<(string Topic, byte[] Payload)>> perPublisher, Latency latency, Errors errors, Action published,
        CancellationToken cancel) =>
        await Task.WhenAll(perPublisher.Select((messages, p) => Task.Run(async () =>
        {
            using var client = await ConnectAsync($"bench-pub-{_runId}-{Interlocked.Increment(ref _sequence)}", receiveMaximum: 100, cancel);
            using var window = new SemaphoreSlim(256);
            var pending = new List<Task>(messages.Count);
            foreach (var (topic, payload) in messages)
            {
                await window.WaitAsync(cancel);
                pending.Add(PublishAsync(client, topic, payload, Stopwatch.GetTimestamp(), latency, errors, () =>
                {
                    window.Release();
                    published();
                }, cancel));
            }

            await Task.WhenAll(pending);
        }, cancel)));

    private static async Task PublishAsync(IMqttClient client, string topic, byte[] payload, long due, Latency latency, Errors errors, Action done,
        CancellationToken cancel)
    {
        try
        {
            var message = new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();
            var result = await client.PublishAsync(message, cancel);
            latency.RecordSince(due, Stopwatch.GetTimestamp());
            if (!result.IsSuccess)
            {
                errors.Add($"puback {result.ReasonCode}");
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            errors.Add(e.GetType().Name);
        }
        finally
        {
            done();
        }
    }

    /// <summary>Plates put on the wanted list for this run, one per expected alert (a series of its own, so no simulated plate is one).</summary>
    private async Task<List<string>> WantedAsync(int count, CancellationToken cancel)
    {
        var series = SerialLetters[Random.Shared.Next(SerialLetters.Length)];
        var prefix = SerialLetters[Random.Shared.Next(SerialLetters.Length)];
        var wanted = Enumerable.Range(0, count).Select(j => string.Create(CultureInfo.InvariantCulture, $"黑A{prefix}{series}{j:000}")).ToList();
        foreach (var chunk in wanted.Chunk(8))
        {
            await Task.WhenAll(chunk.Select(p => client.PolicePutAsync($"/api/police/watchlist/plates/{Uri.EscapeDataString(p)}",
                new { reason = "基准测试布控 benchmark" }, cancel)));
        }

        return wanted;
    }

    private async Task<IReadOnlyDictionary<string, double>> OutcomesAsync(CancellationToken cancel) =>
        Metrics.Parse(await client.MetricsAsync(cancel)).ByLabel("hanan_frigate_messages_total", "outcome");

    private static Dictionary<string, long> Delta(IReadOnlyDictionary<string, double> before, IReadOnlyDictionary<string, double> after) =>
        after.ToDictionary(a => a.Key, a => (long)(a.Value - before.GetValueOrDefault(a.Key)), StringComparer.Ordinal);

    /// <summary>One read as Frigate 0.16 publishes an <c>lpr</c> update (the camera named by its GB/T 28181 ID).</summary>
    private byte[] Lpr(PlateSighting read)
    {
        using var buffer = new MemoryStream(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type", "lpr");
            json.WriteString("id", string.Create(CultureInfo.InvariantCulture, $"{read.At.ToUnixTimeMilliseconds() / 1000.0:0.000000}-b{_runId}{Interlocked.Increment(ref _sequence)}"));
            json.WriteNull("name");
            json.WriteString("plate", read.Plate);
            json.WriteNumber("score", Math.Round(read.Confidence, 3));
            json.WriteString("camera", read.CameraId);
            json.WriteNumber("timestamp", read.At.ToUnixTimeMilliseconds() / 1000.0);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private async Task<IMqttClient> ConnectAsync(string clientId, ushort receiveMaximum, CancellationToken cancel)
    {
        var mqtt = new MqttClientFactory().CreateMqttClient();
        await mqtt.ConnectAsync(new MqttClientOptionsBuilder()
            .WithTcpServer(broker.Host, broker.Port)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId(clientId)
            .WithCredentials(broker.User, broker.Password)
            .WithReceiveMaximum(receiveMaximum)
            .WithCleanStart(true)
            .Build(), cancel);
        return mqtt;
    }
}

/// <summary>The MQTT runs together.</summary>
public sealed record MqttResults(BrokerBaseline Baseline, MqttAlertResult Alerts, MqttIngestResult Saturation);

/// <summary>The broker alone: messages published and received per second, QoS 1, on this machine.</summary>
public sealed record BrokerBaseline(int Publishers, int Messages, long Received, int PayloadBytes, double Seconds, double MessagesPerSecond, CpuUse Cpu);

/// <summary>Open-loop MQTT ingest with wanted-plate reads: publish latency (→ PUBACK) and publish → police screen alert latency.</summary>
public sealed record MqttAlertResult(
    int OfferedPerSecond,
    double Seconds,
    int ReadsPerHit,
    int Published,
    IReadOnlyDictionary<string, long> Outcomes,
    Percentiles PublishMs,
    int Hits,
    Percentiles AlertMs,
    int Missed,
    double RunSeconds,
    CpuUse Cpu,
    IReadOnlyDictionary<string, long> Errors);

/// <summary>Saturated MQTT ingest: how fast the host took a pool of reads published ahead of it.</summary>
public sealed record MqttIngestResult(
    int Publishers,
    long Published,
    double PublishSeconds,
    double Seconds,
    int SentinelsMissed,
    IReadOnlyDictionary<string, long> Outcomes,
    double AcceptedPerSecond,
    Percentiles PublishMs,
    CpuUse Cpu,
    IReadOnlyDictionary<string, long> Errors);
