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
}
