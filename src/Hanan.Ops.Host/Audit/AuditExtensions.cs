using Hanan.Ops.Domain.Audit;
using Hanan.Ops.Host.Hosting;
using Hanan.Ops.Storage.Audit;
using Microsoft.Extensions.Options;

namespace Hanan.Ops.Host.Audit;

/// <summary>The <c>Hanan:Audit</c> section (the audit keys themselves are read once at start-up, never kept here).</summary>
public sealed class AuditOptions
{
    public const string Section = "Hanan:Audit";

    /// <summary>The Cybersecurity Law (Art. 21) asks for at least six months.</summary>
    public const int MinimumRetentionDays = 183;

    /// <summary>How long audit records are kept; at least <see cref="MinimumRetentionDays"/>.</summary>
    public int RetentionDays { get; set; } = 365;

    /// <summary>How often the retention purge runs.</summary>
    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The key id new records are keyed with (<c>Hanan:Audit:Keys:{id}</c> or a line of the key file).</summary>
    public string? CurrentKeyId { get; set; }

    /// <summary>A file of audit keys, one <c>&lt;key-id&gt; &lt;base64 secret&gt;</c> per line (<see cref="AuditKeyLoader"/>).</summary>
    public string? KeyFile { get; set; }

    /// <summary>The file, or directory (one <c>{host}.anchors</c> file per host), the chain's head is anchored to. None: no anchors.</summary>
    public string? AnchorPath { get; set; }

    /// <summary>How often the head is anchored (also at shutdown).</summary>
    public TimeSpan AnchorInterval { get; set; } = TimeSpan.FromMinutes(5);
}

public static class AuditExtensions
{
    /// <summary>
    /// The audit keys, the audit store (PostgreSQL when durable, memory when embedded), the trail, the retention purge
    /// and the anchoring. A durable host in Production without an audit key refuses to start; any other host without
    /// one keys its records with a key of its own process and warns.
    /// </summary>
    public static IHostApplicationBuilder AddAudit(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AuditOptions>().Bind(builder.Configuration.GetSection(AuditOptions.Section))
            .Validate(o => o.RetentionDays >= AuditOptions.MinimumRetentionDays,
                $"Hanan:Audit:RetentionDays must be at least {AuditOptions.MinimumRetentionDays} (six months).")
            .Validate(o => o.PurgeInterval > TimeSpan.Zero, "Hanan:Audit:PurgeInterval must be positive.")
            .Validate(o => o.AnchorInterval >= TimeSpan.FromSeconds(1), "Hanan:Audit:AnchorInterval must be at least one second.")
            .ValidateOnStart();
        var storage = StorageOptions.From(builder.Configuration);
        var keys = AuditKeys(builder, storage.Mode == StorageMode.PostgreSql);
        builder.Services.AddSingleton(keys);
        if (storage.Mode == StorageMode.PostgreSql)
        {
            builder.Services.AddSingleton<IAuditStore>(_ => new PostgresAuditStore(StorageOptions.WithPoolCap(storage.ConnectionString!, storage.AuditPoolSize), keys));
        }
        else
        {
            builder.Services.AddSingleton<IAuditStore>(_ => new InMemoryAuditStore(keys));
        }

        builder.Services.AddSingleton<AuditTrail>();
        builder.Services.AddHostedService<AuditRetention>();
        builder.Services.AddSingleton<AuditAnchoring>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<AuditAnchoring>());
        return builder;
    }

    private static AuditKeyRing AuditKeys(IHostApplicationBuilder builder, bool durable)
    {
        var section = builder.Configuration.GetSection(AuditOptions.Section);
        AuditKeyRing? keys;
        try
        {
            keys = AuditKeyLoader.Load(
                section.GetSection("Keys").GetChildren().Select(c => KeyValuePair.Create(c.Key, c.Value)),
                section["CurrentKeyId"],
                section["KeyFile"]);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            throw new OptionsValidationException(AuditOptions.Section, typeof(AuditOptions), [$"The audit key cannot be read: {e.Message}"]);
        }

        if (keys is null && durable && builder.Environment.IsProduction())
        {
            throw new OptionsValidationException(AuditOptions.Section, typeof(AuditOptions),
            [
                "No audit key is configured. A durable host in Production keys its audit log with a secret the database does not hold: "
                + "set Hanan:Audit:Keys:<key-id> (base64, at least 32 bytes) and Hanan:Audit:CurrentKeyId, or Hanan:Audit:KeyFile "
                + "(see docs/operations.md, \"Audit key and anchors\").",
            ]);
        }

        return keys ?? AuditKeyRing.Ephemeral();
    }
}
