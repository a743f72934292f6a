using Hanan.Ops.Host.Hosting;
using Hanan.Ops.Storage.Audit;

namespace Hanan.Ops.Host.Audit;

/// <summary>The <c>Hanan:Audit</c> section.</summary>
public sealed class AuditOptions
{
    public const string Section = "Hanan:Audit";

    /// <summary>The Cybersecurity Law (Art. 21) asks for at least six months.</summary>
    public const int MinimumRetentionDays = 183;

    /// <summary>How long audit records are kept; at least <see cref="MinimumRetentionDays"/>.</summary>
    public int RetentionDays { get; set; } = 365;

    /// <summary>How often the retention purge runs.</summary>
    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromHours(24);
}

public static class AuditExtensions
{
    /// <summary>The audit store (PostgreSQL when durable, memory when embedded), the trail, and the retention purge.</summary>
    public static IHostApplicationBuilder AddAudit(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AuditOptions>().Bind(builder.Configuration.GetSection(AuditOptions.Section))
            .Validate(o => o.RetentionDays >= AuditOptions.MinimumRetentionDays,
                $"Hanan:Audit:RetentionDays must be at least {AuditOptions.MinimumRetentionDays} (six months).")
            .Validate(o => o.PurgeInterval > TimeSpan.Zero, "Hanan:Audit:PurgeInterval must be positive.")
            .ValidateOnStart();
        var storage = StorageOptions.From(builder.Configuration);
        if (storage.Mode == StorageMode.PostgreSql)
        {
            builder.Services.AddSingleton<IAuditStore>(_ => new PostgresAuditStore(StorageOptions.WithPoolCap(storage.ConnectionString!, storage.AuditPoolSize)));
        }
        else
        {
            builder.Services.AddSingleton<IAuditStore, InMemoryAuditStore>();
        }

        builder.Services.AddSingleton<AuditTrail>();
        builder.Services.AddHostedService<AuditRetention>();
        return builder;
    }
}
