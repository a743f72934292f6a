using System.ComponentModel.DataAnnotations;

namespace Hanan.Ops.Host.Hosting;

/// <summary>Where grain state, reminders and cluster membership live.</summary>
public enum StorageMode
{
    /// <summary>Localhost clustering, in-memory grain storage and reminders: nothing survives a restart.</summary>
    Embedded,

    /// <summary>Orleans ADO.NET clustering, persistence and reminders on PostgreSQL (with PostGIS).</summary>
    PostgreSql,
}

/// <summary>The <c>Hanan:Storage</c> section.</summary>
public sealed class StorageOptions
{
    public const string Section = "Hanan:Storage";

    /// <summary>The section as configured, or the defaults (embedded) when it is absent.</summary>
    public static StorageOptions From(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<StorageOptions>() ?? new StorageOptions();

    public StorageMode Mode { get; set; } = StorageMode.Embedded;

    /// <summary>Npgsql connection string; required in <see cref="StorageMode.PostgreSql"/> mode.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Apply the versioned schema at start-up (idempotent). Off means an operator runs <c>migrate</c>.</summary>
    public bool MigrateOnStartup { get; set; } = true;

    /// <summary>
    /// Connections this host may hold, in five pools, unless the connection string sets its own Maximum Pool Size:
    /// the case store (the group-commit writers, loads of cases, the deadline schedulers); Orleans (the other grains'
    /// state, reminders, membership); the read side (case read model, residents, sightings, camera alerts,
    /// the unified grid, the roster, citizens' bindings: one shared pool); the audit log (its appends queue on one lock,
    /// so they get their own pool and cannot starve the read side); and the readiness check. Keep hosts ×
    /// <see cref="TotalConnections"/> below PostgreSQL's max_connections (100 by default, 3 of them reserved for superusers).
    /// </summary>
    public int GrainPoolSize { get; set; } = 24;

    public int CaseStorePoolSize { get; set; } = 16;

    public int ReadModelPoolSize { get; set; } = 30;

    public int AuditPoolSize { get; set; } = 10;

    public const int HealthPoolSize = 2;

    /// <summary>The most connections one host opens.</summary>
    public int TotalConnections => CaseStorePoolSize + GrainPoolSize + ReadModelPoolSize + AuditPoolSize + HealthPoolSize;

    /// <summary>The connection string with the pool capped at <paramref name="size"/> unless it names a size itself.</summary>
    public static string WithPoolCap(string connectionString, int size)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Pool Size", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxPoolSize = size;
        }

        return builder.ConnectionString;
    }
}

/// <summary>The <c>Hanan:Cluster</c> section.</summary>
public sealed class ClusterSettings
{
    public const string Section = "Hanan:Cluster";

    /// <summary>Bound to Orleans' <c>ClusterMembershipOptions</c> as it is (property names are Orleans').</summary>
    public const string MembershipSection = "Hanan:Cluster:Membership";

    [Required]
    public string ClusterId { get; set; } = "hanan-dev";

    [Required]
    public string ServiceId { get; set; } = "hanan-ops";

    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;

    /// <summary>The address other silos reach this one on. Empty: loopback in embedded mode, the first non-loopback IPv4 otherwise.</summary>
    public string? AdvertisedIPAddress { get; set; }

    /// <summary>
    /// Listen on every interface instead of the advertised address only: for a host behind NAT, whose advertised address
    /// is not one of its own. (Kubernetes hosting listens on the pod's interfaces.)
    /// </summary>
    public bool ListenOnAnyAddress { get; set; }

    /// <summary>
    /// Kubernetes hosting (<c>UseKubernetesHosting</c>: the pod's name and IP as the silo's, silos without a pod declared
    /// dead). Null: on when the process runs in a pod (<c>KUBERNETES_SERVICE_HOST</c> and <c>POD_NAME</c> are set).
    /// Clustering stays on PostgreSQL either way.
    /// </summary>
    public bool? Kubernetes { get; set; }

    /// <summary>Mutual TLS between silos and on the gateway (cluster mode).</summary>
    public ClusterTlsSettings Tls { get; set; } = new();

    /// <summary>Whether Kubernetes hosting applies, given the setting and the environment.</summary>
    public bool UsesKubernetes(Func<string, string?> environment) =>
        Kubernetes ?? (!string.IsNullOrEmpty(environment("KUBERNETES_SERVICE_HOST")) && !string.IsNullOrEmpty(environment("POD_NAME")));
}

/// <summary>
/// The <c>Hanan:Cluster:Tls</c> section: this host's certificate (a PFX with its password, or PEM certificate and key
/// files) and what it accepts from a peer (a CA bundle the peer's chain must end in, and/or a list of allowed certificate
/// thumbprints). Both sides of every silo and gateway connection present a certificate and check the other's.
/// </summary>
public sealed class ClusterTlsSettings
{
    public bool Enabled { get; set; }

    /// <summary>A PFX (PKCS#12) file, or a PEM certificate when <see cref="KeyPath"/> is set.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PFX's password (from an environment file or a secret, not from appsettings).</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>The PEM private key of a PEM certificate.</summary>
    public string? KeyPath { get; set; }

    /// <summary>PEM bundle of the certificate authorities a peer's certificate must chain to.</summary>
    public string? CaPath { get; set; }

    /// <summary>SHA-1 or SHA-256 thumbprints (hex) a peer's certificate must have; empty: any certificate of the CA.</summary>
    public IList<string> AllowedThumbprints { get; set; } = [];

    /// <summary>What is missing when TLS is on, or null.</summary>
    public string? Problem() => !Enabled ? null
        : string.IsNullOrWhiteSpace(CertificatePath) ? "Hanan:Cluster:Tls:CertificatePath is required when Hanan:Cluster:Tls:Enabled is true."
        : string.IsNullOrWhiteSpace(CaPath) && AllowedThumbprints.Count == 0
            ? "Hanan:Cluster:Tls needs CaPath or AllowedThumbprints: a peer's certificate must be checked against something."
            : null;
}

/// <summary>
/// The <c>Hanan:Shutdown</c> section: how a host leaves (SIGTERM, a rolling restart, a pod's termination). First its
/// readiness fails while it still serves, for <see cref="DrainDelay"/>, so the proxy or the Service stops sending to it;
/// then new requests answer 503 with Retry-After, its SignalR connections are closed (the clients reconnect to another
/// host), requests in flight finish, and the silo stops (its grains deactivate, their state stored). All of it within
/// <see cref="Timeout"/>: the process manager's stop timeout (systemd's TimeoutStopSec, Kubernetes'
/// terminationGracePeriodSeconds) must be longer.
/// </summary>
public sealed class ShutdownOptions
{
    public const string Section = "Hanan:Shutdown";

    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan DrainDelay { get; set; } = TimeSpan.FromSeconds(5);

    [Range(typeof(TimeSpan), "00:00:01", "00:30:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
