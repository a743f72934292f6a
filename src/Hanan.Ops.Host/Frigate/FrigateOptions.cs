namespace Hanan.Ops.Host.Frigate;

/// <summary>Frigate NVR installations as a source of plate reads and face events (<c>Hanan:Frigate</c>).</summary>
public sealed class FrigateOptions
{
    public const string Section = "Hanan:Frigate";

    /// <summary>The camera name map (Frigate camera name → GB/T 28181 ID), relative to the host's folder or absolute.</summary>
    public string CameraMap { get; set; } = "data/frigate-cameras.json";

    public FrigateMqttOptions Mqtt { get; set; } = new();
}

/// <summary>
/// The district's MQTT broker that Frigate publishes to (<c>Hanan:Frigate:Mqtt</c>). The subscriber is off unless
/// <see cref="Host"/> is set.
/// </summary>
public sealed class FrigateMqttOptions
{
    public string? Host { get; set; }

    public int Port { get; set; } = 1883;

    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>Connect with TLS (then usually port 8883).</summary>
    public bool Tls { get; set; }

    /// <summary>A PEM file of the CA that signed the broker's certificate, when it is not in the machine's trust store.</summary>
    public string? CaCertificate { get; set; }

    /// <summary>A PEM client certificate and its key, for brokers that require one.</summary>
    public string? ClientCertificate { get; set; }

    public string? ClientKey { get; set; }

    /// <summary>
    /// The MQTT client id. It names the broker's persistent session, which keeps the QoS 1 messages that arrive while
    /// the host is away: one id per host, stable across restarts.
    /// </summary>
    public string ClientId { get; set; } = "hanan-ops-" + Environment.MachineName;

    /// <summary>Frigate's <c>mqtt.topic_prefix</c>.</summary>
    public string TopicPrefix { get; set; } = "frigate";

    /// <summary>
    /// With several hosts: an MQTT 5 shared-subscription group (<c>$share/{group}/…</c>), so that the broker gives each
    /// message to one host of the group instead of to every host. Null: every host takes every message (the sighting
    /// store keeps each recognition once all the same).
    /// </summary>
    public string? SharedGroup { get; set; }

    /// <summary>How long the broker keeps the session (and its queued messages) while the host is away.</summary>
    public TimeSpan SessionExpiry { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Messages handed to ingest at once; they are acknowledged to the broker once stored.</summary>
    public int MaxBatch { get; set; } = 500;

    /// <summary>Batches taken by the ingest at once (acknowledged in order); the broker may send that many batches ahead, and one more.</summary>
    public int BatchesInFlight { get; set; } = 4;

    /// <summary>First and longest pause between reconnection attempts (doubling in between, with jitter).</summary>
    public TimeSpan ReconnectMin { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan ReconnectMax { get; set; } = TimeSpan.FromSeconds(60);

    public bool Enabled => !string.IsNullOrWhiteSpace(Host);

    public string? Problem() =>
        Port is < 1 or > 65535 ? "Port must be 1–65535."
        : string.IsNullOrWhiteSpace(ClientId) || ClientId.Length > 64 ? "ClientId is required (at most 64 characters)."
        : string.IsNullOrWhiteSpace(TopicPrefix) || TopicPrefix.IndexOfAny(['#', '+']) >= 0 ? "TopicPrefix is required and has no wildcard."
        : SharedGroup is not null && (SharedGroup.Length == 0 || SharedGroup.IndexOfAny(['/', '#', '+']) >= 0) ? "SharedGroup has no '/', '#' or '+'."
        : (Username is null) != (Password is null) ? "Username and Password go together."
        : (ClientCertificate is null) != (ClientKey is null) ? "ClientCertificate and ClientKey go together."
        : SessionExpiry < TimeSpan.Zero || SessionExpiry.TotalSeconds > uint.MaxValue ? "SessionExpiry is out of range."
        : MaxBatch is < 1 or > 1000 ? "MaxBatch must be 1–1000."
        : BatchesInFlight is < 1 or > 16 ? "BatchesInFlight must be 1–16."
        : ReconnectMin <= TimeSpan.Zero || ReconnectMax < ReconnectMin ? "ReconnectMin must be positive and ReconnectMax not below it."
        : null;
}
