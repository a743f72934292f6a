using Hanan.Ops.Domain.Geography;
using Hanan.Ops.Domain.Population;
using Hanan.Ops.Host.Hosting;
using Hanan.Ops.Storage.Grid;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Hanan.Ops.Host.Geography;

/// <summary>Where the district's grids come from (<c>Hanan:District:Grids</c>).</summary>
public enum DistrictGridSource
{
    /// <summary>The generated demo district (<see cref="DemoDistrict"/>): about 450 synthetic grids, no database needed.</summary>
    Demo,

    /// <summary>The unified grid stored by <c>hanan consolidate</c> (table grid_unified); start-up fails without it.</summary>
    Unified,

    /// <summary>The unified grid when one is stored; otherwise the demo district, with a warning that says how to create it.</summary>
    UnifiedOrDemo,
}

/// <summary>The <c>Hanan:District</c> section.</summary>
public static class DistrictOptions
{
    public const string Section = "Hanan:District";

    public const string GridsKey = Section + ":Grids";

    /// <summary>
    /// The configured source, or the default: <see cref="DistrictGridSource.Demo"/> in the embedded mode,
    /// <see cref="DistrictGridSource.Unified"/> on PostgreSQL in Production and <see cref="DistrictGridSource.UnifiedOrDemo"/>
    /// on PostgreSQL elsewhere.
    /// </summary>
    /// <exception cref="OptionsValidationException">The value is not one of the names, or needs a database the mode lacks.</exception>
    public static DistrictGridSource GridSource(IConfiguration configuration, StorageMode mode, IHostEnvironment environment)
    {
        var value = configuration[GridsKey];
        DistrictGridSource source;
        if (string.IsNullOrWhiteSpace(value))
        {
            source = mode == StorageMode.Embedded ? DistrictGridSource.Demo
                : environment.IsProduction() ? DistrictGridSource.Unified
                : DistrictGridSource.UnifiedOrDemo;
        }
        else if (!Enum.TryParse(value.Trim(), ignoreCase: true, out source) || !Enum.IsDefined(source) || value.Trim().All(char.IsAsciiDigit))
        {
            throw Invalid($"{GridsKey} must be one of {string.Join(", ", Enum.GetNames<DistrictGridSource>())}; '{value}' is not.");
        }

        return source != DistrictGridSource.Demo && mode == StorageMode.Embedded
            ? throw Invalid($"{GridsKey}={source} reads the unified grid from PostgreSQL: it needs Hanan:Storage:Mode=PostgreSql. The embedded mode serves the demo district ({GridsKey}=Demo).")
            : source;
    }

    private static OptionsValidationException Invalid(string message) =>
        new(Section, typeof(DistrictGridSource), [message]);
}

/// <summary>The map the host serves and where it came from.</summary>
/// <param name="Map">Streets, communities and grids; every grid code in the host (grains, residents, cameras, claims) is one of its grids.</param>
/// <param name="Unified">True when the map is the stored unified grid, false for the generated demo district.</param>
/// <param name="ConsolidatedAt">When the unified grid was consolidated; null for the demo district.</param>
public sealed record LoadedDistrict(DistrictMap Map, bool Unified, DateTimeOffset? ConsolidatedAt)
{
    /// <summary>
    /// The demo population on this map. On the demo district it is planned grid by grid; on the unified grid the demo
    /// district's households, buildings and organisations (physical points) are each located in the unified grid that
    /// covers them.
    /// </summary>
    public DemoPopulation DemoPopulation() =>
        Unified ? Domain.Population.DemoPopulation.Generate(DemoDistrict.Generate()).LocatedOn(Map) : Domain.Population.DemoPopulation.Generate(Map);
}

public static class GeographyExtensions
{
    /// <summary>
    /// The district map (<see cref="DistrictMap"/>, <see cref="LoadedDistrict"/>) from the configured source, loaded
    /// once at start-up, and in PostgreSQL mode the grid layer store for the crosswalk.
    /// </summary>
    public static IHostApplicationBuilder AddDistrictMap(this IHostApplicationBuilder builder)
    {
        var storage = StorageOptions.From(builder.Configuration);
        var source = DistrictOptions.GridSource(builder.Configuration, storage.Mode, builder.Environment);
        if (storage.Mode == StorageMode.PostgreSql)
        {
            builder.Services.AddSingleton(sp => new GridLayerStore(sp.GetRequiredService<NpgsqlDataSource>()));
        }

        builder.Services.AddSingleton(sp => DistrictMapLoader.Load(source, sp));
        builder.Services.AddSingleton(sp => sp.GetRequiredService<LoadedDistrict>().Map);
        builder.Services.AddSingleton<DistrictEndpoints.DisplayMap>();
        // Resolving the map in a hosted service's constructor loads it while the host starts, before it serves a request:
        // a missing unified grid stops the start-up with its message instead of failing a request later.
        builder.Services.AddHostedService<DistrictMapLoader>();
        return builder;
    }
}

/// <summary>Loads the district map at start-up and says which one was loaded.</summary>
internal sealed partial class DistrictMapLoader(LoadedDistrict district) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = district;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <exception cref="InvalidOperationException">The source is <see cref="DistrictGridSource.Unified"/> and no unified grid is stored.</exception>
    public static LoadedDistrict Load(DistrictGridSource source, IServiceProvider services)
    {
        var logger = services.GetRequiredService<ILogger<DistrictMapLoader>>();
        if (source == DistrictGridSource.Demo)
        {
            return new LoadedDistrict(DemoDistrict.Generate(), Unified: false, ConsolidatedAt: null);
        }

        // Once, while the host starts (no synchronisation context here): the map is needed before anything is served.
        var stored = services.GetRequiredService<GridLayerStore>().ReadUnifiedMapAsync().GetAwaiter().GetResult();
        if (stored is null)
        {
            if (source == DistrictGridSource.Unified)
            {
                throw new InvalidOperationException(
                    $"The district has no unified grid yet: table grid_unified is empty and {DistrictOptions.GridsKey} is Unified. " +
                    "Create it with the hanan CLI: `hanan migrate`, `hanan import-layer` once per department layer, then `hanan consolidate` " +
                    "(or `hanan consolidate --demo` for the demo district's three layers), and start the host again. See docs/operations.md, \"The unified grid\".");
            }

            LogNoUnifiedGrid(logger, DistrictOptions.GridsKey);
            return new LoadedDistrict(DemoDistrict.Generate(), Unified: false, ConsolidatedAt: null);
        }

        var map = stored.Map;
        LogUnifiedGrid(logger, map.Grids.Count, map.Communities.Count, map.Streets.Count, stored.ConsolidatedAt);
        if (stored.UnnamedUnits.Count > 0)
        {
            LogUnnamed(logger, stored.UnnamedUnits.Count, string.Join(", ", stored.UnnamedUnits.Take(10)));
        }

        return new LoadedDistrict(map, Unified: true, stored.ConsolidatedAt);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Unified grid (一格多用) loaded from PostgreSQL: {Grids} grids in {Communities} communities and {Streets} streets, consolidated at {ConsolidatedAt:o}")]
    private static partial void LogUnifiedGrid(ILogger logger, int grids, int communities, int streets, DateTimeOffset consolidatedAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "NO UNIFIED GRID — the district has no unified grid yet (table grid_unified is empty), so this host serves the GENERATED DEMO DISTRICT ({Key}=UnifiedOrDemo). Create the unified grid with `hanan import-layer` (once per department) and `hanan consolidate`, then restart; set {Key}=Unified to refuse to start without it.")]
    private static partial void LogNoUnifiedGrid(ILogger logger, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} streets or communities of the unified grid have no stored name and are shown by code ({Codes}); run `hanan consolidate` again to store their names.")]
    private static partial void LogUnnamed(ILogger logger, int count, string codes);
}
