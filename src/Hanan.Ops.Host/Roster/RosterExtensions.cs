using Hanan.Ops.Contracts.Residents;
using Hanan.Ops.Contracts.Roster;
using Hanan.Ops.Domain.Geography;
using Hanan.Ops.Domain.Privacy;
using Hanan.Ops.Domain.Roster;
using Hanan.Ops.Host.Hosting;
using Hanan.Ops.Storage.Residents;
using Hanan.Ops.Storage.Roster;
using Npgsql;

namespace Hanan.Ops.Host.Roster;

/// <summary>The <c>Hanan:Roster</c> section.</summary>
public sealed class RosterOptions
{
    public const string Section = "Hanan:Roster";

    /// <summary>Seed the demo roster (every grid covered) into an empty roster at start-up. Default: yes.</summary>
    public bool SeedDemoRoster { get; set; } = true;
}

public static class RosterExtensions
{
    /// <summary>The grid-worker roster and the citizens' real-name bindings: PostgreSQL in durable mode, memory embedded.</summary>
    public static IHostApplicationBuilder AddRosterAndBindings(this IHostApplicationBuilder builder)
    {
        var storage = StorageOptions.From(builder.Configuration);
        if (storage.Mode == StorageMode.PostgreSql)
        {
            // The host's shared read-side pool (see StorageOptions): no pool of their own.
            builder.Services.AddSingleton<IGridWorkerRoster>(sp => new PostgresGridWorkerRoster(sp.GetRequiredService<NpgsqlDataSource>()));
            builder.Services.AddSingleton<ICitizenBindingStore>(sp => new PostgresCitizenBindingStore(sp.GetRequiredService<NpgsqlDataSource>()));
        }
        else
        {
            builder.Services.AddSingleton<IGridWorkerRoster, InMemoryGridWorkerRoster>();
            builder.Services.AddSingleton<ICitizenBindingStore, InMemoryCitizenBindingStore>();
        }

        var options = builder.Configuration.GetSection(RosterOptions.Section).Get<RosterOptions>() ?? new RosterOptions();
        if (options.SeedDemoRoster)
        {
            // Registered after the schema migration, so the tables are there; small enough to seed before serving.
            builder.Services.AddHostedService<DemoRosterSeeding>();
        }

        return builder;
    }

    /// <summary>The demo roster as stored: phones sealed and masked.</summary>
    public static IReadOnlyList<GridWorkerRecord> DemoRecords(DistrictMap map, CitizenIdProtector protector, DateTimeOffset now) =>
        [.. DemoRoster.Generate(map).Select(w => new GridWorkerRecord(w.Id, w.Name, protector.Seal(w.Phone), w.Phone.Masked, w.Grids, true, now))];
}

/// <summary>Seeds the demo roster into an empty roster before the host serves requests (sign-in reads it).</summary>
internal sealed partial class DemoRosterSeeding(
    IGridWorkerRoster roster, DistrictMap map, CitizenIdProtector protector, ILogger<DemoRosterSeeding> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var records = RosterExtensions.DemoRecords(map, protector, TimeProvider.System.GetUtcNow());
        if (await roster.SeedAsync(records, cancellationToken))
        {
            LogSeeded(logger, records.Count, map.Grids.Count);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo roster seeded: {Workers} grid workers for {Grids} grids")]
    private static partial void LogSeeded(ILogger logger, int workers, int grids);
}
