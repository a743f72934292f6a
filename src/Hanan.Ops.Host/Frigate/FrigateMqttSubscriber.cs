using System.Diagnostics.Metrics;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Threading.Channels;
using Hanan.Ops.Host.Hosting;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Hanan.Ops.Host.Frigate;

/// <summary>
/// Subscribes to Frigate's <c>{prefix}/tracked_object_update</c> and <c>{prefix}/events</c> on the district's broker
/// (MQTT 5, QoS 1, a persistent session under a stable client id) and hands the messages to <see cref="FrigateIngest"/>,
/// the same path as the HTTP endpoint, in batches.
/// <para>
/// <b>Nothing acknowledged is lost:</b> a message is acknowledged (PUBACK) only after its batch was taken by the ingest,
/// which stores before it answers. When ingest fails, nothing of the batch is acknowledged and the connection is
/// dropped: the broker keeps the unacknowledged messages in the session and sends them again after the reconnection
/// (back-off from <see cref="FrigateMqttOptions.ReconnectMin"/> doubling to <see cref="FrigateMqttOptions.ReconnectMax"/>).
/// </para>
/// <para>
/// <b>Exactly once:</b> every recognition goes to ingest under Frigate's object id and its kind (plate or face), whichever
/// topic it came on. The sighting store keeps that event id for as long as it keeps the read (the retention period), so a
/// redelivery after a reconnection or a restart is a duplicate, not a second read; before that, the keys taken lately
/// (<see cref="RecentKeys"/>) stop repeats here without asking the store: the same object in every
/// <c>events</c> update, the same plate on both topics, and the broker's redeliveries.
/// </para>
/// </summary>
public sealed partial class FrigateMqttSubscriber : BackgroundService
{
    /// <summary>How many recently taken keys the subscriber remembers (a few minutes of a busy district).</summary>
    public const int RecentKeys = 200_000;

    private readonly FrigateMqttOptions _options;
    private readonly FrigateIngest _ingest;
    private readonly ILogger<FrigateMqttSubscriber> _logger;
    private readonly Channel<Received> _inbox;
    private readonly RecentSet _recent = new(RecentKeys);
    private readonly Counter<long> _received;
    private readonly Counter<long> _repeats;
    private readonly Counter<long> _failures;
    private readonly SemaphoreSlim _disconnected = new(0);
    private long _generation;
    private long _connections;

    public FrigateMqttSubscriber(IOptions<FrigateOptions> options, FrigateIngest ingest, IMeterFactory meters, ILogger<FrigateMqttSubscriber> logger)
    {
        _options = options.Value.Mqtt;
        _ingest = ingest;
        _logger = logger;
        _inbox = Channel.CreateBounded<Received>(new BoundedChannelOptions(ReceiveMaximum) { SingleReader = true, SingleWriter = true });
        var meter = meters.Create(ServiceDefaultsExtensions.TelemetryName);
        _received = meter.CreateCounter<long>("hanan.frigate.mqtt.received", "{message}", "Frigate messages received from the broker.");
        _repeats = meter.CreateCounter<long>("hanan.frigate.mqtt.repeats", "{message}",
            "Frigate messages whose recognition was already taken (redeliveries, later updates of the same object, the other topic).");
        _failures = meter.CreateCounter<long>("hanan.frigate.mqtt.ingest_failures", "{batch}",
            "Batches the ingest could not take; left unacknowledged for the broker to send again.");
    }

    /// <summary>Whether the client is connected and subscribed now.</summary>
    public bool Subscribed { get; private set; }

    /// <summary>Successful connections since start-up (1 + reconnections).</summary>
    public long Connections => Interlocked.Read(ref _connections);

    /// <summary>How many unacknowledged messages the broker may send ahead: the batches being taken, and one filling.</summary>
    private ushort ReceiveMaximum => (ushort)Math.Min(ushort.MaxValue, (_options.BatchesInFlight + 1) * _options.MaxBatch);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        client.ApplicationMessageReceivedAsync += e =>
        {
            // Acknowledged once stored (see ProcessAsync), never on receipt.
            e.AutoAcknowledge = false;
            _received.Add(1);
            return _inbox.Writer.WriteAsync(new Received(e, Interlocked.Read(ref _generation)), stoppingToken).AsTask();
        };
        client.DisconnectedAsync += e =>
        {
            if (e.ClientWasConnected)
            {
                Subscribed = false;
                Interlocked.Increment(ref _generation);
                LogDisconnected(_logger, _options.Host!, _options.Port, e.Reason.ToString(), e.Exception?.Message);
                _disconnected.Release();
            }

            return Task.CompletedTask;
        };

        var processing = ProcessAsync(client, stoppingToken);
        try
        {
            await ConnectionLoopAsync(client, stoppingToken);
        }
        finally
        {
            _inbox.Writer.TryComplete();
            await processing;
            if (client.IsConnected)
            {
                await client.TryDisconnectAsync(MqttClientDisconnectOptionsReason.NormalDisconnection, "host stopping");
            }
        }
    }

    private async Task ConnectionLoopAsync(IMqttClient client, CancellationToken stoppingToken)
    {
        var prefix = (_options.SharedGroup is { } group ? $"$share/{group}/" : "") + _options.TopicPrefix.TrimEnd('/');
        var pause = _options.ReconnectMin;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var result = await client.ConnectAsync(ClientOptions(), stoppingToken);
                // Subscribing again to a kept session is harmless, and needed when the broker lost it.
                await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
                    .WithTopicFilter(prefix + "/tracked_object_update", MqttQualityOfServiceLevel.AtLeastOnce)
                    .WithTopicFilter(prefix + "/events", MqttQualityOfServiceLevel.AtLeastOnce)
                    .Build(), stoppingToken);
                Subscribed = true;
                Interlocked.Increment(ref _connections);
                LogConnected(_logger, _options.Host!, _options.Port, result.IsSessionPresent);
                pause = _options.ReconnectMin;
                await _disconnected.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogConnectFailed(_logger, _options.Host!, _options.Port, pause.TotalSeconds, ex.Message);
                if (client.IsConnected)
                {
                    await client.TryDisconnectAsync(MqttClientDisconnectOptionsReason.UnspecifiedError, "subscription failed");
                }
            }

            // Back-off with jitter (±20 %), so that the hosts of a cluster do not come back in step.
            var jittered = pause * (0.8 + (0.4 * Random.Shared.NextDouble()));
            try
            {
                await Task.Delay(jittered, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, _options.ReconnectMax.Ticks));
            while (_disconnected.CurrentCount > 0)
            {
                await _disconnected.WaitAsync(stoppingToken);
            }
        }
    }

    /// <summary>
    /// Takes what has arrived, up to a batch, and hands it to ingest; up to <see cref="FrigateMqttOptions.BatchesInFlight"/>
    /// batches are taken at once, and acknowledged in the order they arrived, each once it was taken.
    /// </summary>
    private async Task ProcessAsync(IMqttClient client, CancellationToken stoppingToken)
    {
        var taken = Channel.CreateBounded<(Task Ingest, List<Received> Batch)>(
            new BoundedChannelOptions(Math.Max(1, _options.BatchesInFlight - 1)) { SingleReader = true, SingleWriter = true });
        var acknowledging = AcknowledgeAsync(client, taken.Reader, stoppingToken);
        try
        {
            while (await WaitAsync(stoppingToken))
            {
                var batch = new List<Received>(_options.MaxBatch);
                while (batch.Count < _options.MaxBatch && _inbox.Reader.TryRead(out var item))
                {
                    batch.Add(item);
                }

                await taken.Writer.WriteAsync((IngestAsync(batch, stoppingToken), batch), stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            taken.Writer.TryComplete();
            await acknowledging;
        }
    }

    private async Task AcknowledgeAsync(IMqttClient client, ChannelReader<(Task Ingest, List<Received> Batch)> taken, CancellationToken stoppingToken)
    {
        await foreach (var (ingest, batch) in taken.ReadAllAsync(CancellationToken.None))
        {
            try
            {
                await ingest;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                continue;
            }
            catch (Exception ex)
            {
                // Nothing of this batch is acknowledged: drop the connection, so the broker sends it again after the
                // reconnection. The batches after it belong to the dropped connection and are not acknowledged either.
                _failures.Add(1);
                LogIngestFailed(_logger, ex, batch.Count);
                Interlocked.Increment(ref _generation);
                await client.TryDisconnectAsync(MqttClientDisconnectOptionsReason.UnspecifiedError, "ingest failed");
                continue;
            }

            var generation = Interlocked.Read(ref _generation);
            foreach (var item in batch)
            {
                // A message of an earlier connection cannot be acknowledged on this one: the broker sends it again, and
                // then it is a repeat.
                if (item.Generation != generation)
                {
                    continue;
                }

                try
                {
                    await item.Message.AcknowledgeAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || stoppingToken.IsCancellationRequested)
                {
                    break;
                }
            }
        }
    }

    private async Task<bool> WaitAsync(CancellationToken stoppingToken)
    {
        try
        {
            return await _inbox.Reader.WaitToReadAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task IngestAsync(List<Received> batch, CancellationToken stoppingToken)
    {
        var documents = new List<JsonDocument>(batch.Count);
        try
        {
            var messages = new List<JsonElement>(batch.Count);
            var keys = new List<string?>(batch.Count);
            var inBatch = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in batch)
            {
                if (Parse(item.Message.ApplicationMessage) is not { } document)
                {
                    continue;
                }

                documents.Add(document);
                var key = KeyOf(document.RootElement);
                if (key is not null && (_recent.Contains(key) || !inBatch.Add(key)))
                {
                    _repeats.Add(1);
                    continue;
                }

                messages.Add(document.RootElement);
                keys.Add(key);
            }

            if (messages.Count == 0)
            {
                return;
            }

            var result = await _ingest.IngestAsync(messages, stoppingToken);
            for (var i = 0; i < messages.Count; i++)
            {
                if (keys[i] is { } key && result.Results[i].Status is "accepted" or "duplicate")
                {
                    _recent.Add(key);
                    if (result.Results[i].Status == "duplicate")
                    {
                        _repeats.Add(1);
                    }
                }
            }
        }
        finally
        {
            foreach (var document in documents)
            {
                document.Dispose();
            }
        }
    }

    /// <summary>The key a message's recognition is taken once under, as <see cref="FrigateRecognition.EventId"/>; null when it carries none.</summary>
    private static string? KeyOf(JsonElement message) => FrigateMessages.Read(message).Recognition?.EventId;

    private JsonDocument? Parse(MqttApplicationMessage message)
    {
        try
        {
            return JsonDocument.Parse(message.Payload);
        }
        catch (JsonException ex)
        {
            // Not JSON: nothing to take, ever. Acknowledged with its batch, so it does not come back.
            LogNotJson(_logger, message.Topic, ex.Message);
            return null;
        }
    }

    private MqttClientOptions ClientOptions()
    {
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(_options.Host, _options.Port)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId(_options.ClientId)
            // A persistent session: the broker keeps the subscription and queues QoS 1 messages while the host is away.
            .WithCleanStart(false)
            .WithSessionExpiryInterval((uint)_options.SessionExpiry.TotalSeconds)
            .WithReceiveMaximum(ReceiveMaximum)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(30))
            .WithTimeout(TimeSpan.FromSeconds(10));
        if (_options.Username is not null)
        {
            builder.WithCredentials(_options.Username, _options.Password);
        }

        if (_options.Tls)
        {
            builder.WithTlsOptions(tls =>
            {
                tls.UseTls(true).WithTargetHost(_options.Host);
                if (_options.CaCertificate is not null)
                {
                    var trust = new X509Certificate2Collection();
                    trust.ImportFromPemFile(_options.CaCertificate);
                    tls.WithTrustChain(trust);
                }

                if (_options.ClientCertificate is not null)
                {
                    tls.WithClientCertificates([X509Certificate2.CreateFromPemFile(_options.ClientCertificate, _options.ClientKey)]);
                }
            });
        }

        return builder.Build();
    }

    public override void Dispose()
    {
        _disconnected.Dispose();
        base.Dispose();
    }

    private sealed record Received(MqttApplicationMessageReceivedEventArgs Message, long Generation);

    /// <summary>A set of the last <c>capacity</c> keys added (first in, first out); batches taken at once share it.</summary>
    private sealed class RecentSet(int capacity)
    {
        private readonly HashSet<string> _keys = new(StringComparer.Ordinal);
        private readonly Queue<string> _order = new();

        private readonly Lock _gate = new();

        public bool Contains(string key)
        {
            lock (_gate)
            {
                return _keys.Contains(key);
            }
        }

        public void Add(string key)
        {
            lock (_gate)
            {
                if (!_keys.Add(key))
                {
                    return;
                }

                _order.Enqueue(key);
                if (_order.Count > capacity)
                {
                    _keys.Remove(_order.Dequeue());
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Frigate MQTT: subscribed at {Host}:{Port} (session kept by the broker: {SessionPresent})")]
    private static partial void LogConnected(ILogger logger, string host, int port, bool sessionPresent);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Frigate MQTT: disconnected from {Host}:{Port} ({Reason}: {Error}); reconnecting")]
    private static partial void LogDisconnected(ILogger logger, string host, int port, string reason, string? error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Frigate MQTT: cannot connect to {Host}:{Port}; next try in about {Seconds} s ({Error})")]
    private static partial void LogConnectFailed(ILogger logger, string host, int port, double seconds, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Frigate MQTT: ingest failed for a batch of {Count}; not acknowledged, the broker sends it again after the reconnection")]
    private static partial void LogIngestFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Frigate MQTT: a message on {Topic} is not JSON ({Error}); dropped")]
    private static partial void LogNotJson(ILogger logger, string topic, string error);
}
