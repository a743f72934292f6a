using System.Globalization;
using Hanan.Ops.Domain.Geography;
using Hanan.Ops.Domain.Geography.Consolidation;
using Hanan.Ops.Domain.Population;
using Hanan.Ops.Grains;
using Hanan.Ops.Host.Hosting;
using Hanan.Ops.Storage.Grid;
using Hanan.Ops.Storage.Schema;
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

    /// <summary>
    /// The demo district's three departmental layers consolidated into the unified grid (一格多用), with its crosswalk.
    /// Embedded: consolidated in memory at start-up. PostgreSQL: the stored unified grid; when none is stored, the first
    /// host stores the demo layers and their consolidation, once (as <c>hanan consolidate --demo</c> would).
    /// </summary>
    DemoUnified,
}

/// <summary>The <c>Hanan:District</c> section.</summary>
public static class DistrictOptions
{
    public const string Section = "Hanan:District";

    public const string GridsKey = Section + ":Grids";

    /// <summary>Crosswalk rows with a smaller overlap (m²) are slivers (<see cref="CrosswalkSliverRule"/>).</summary>
    public const string SliverSquareMetersKey = Section + ":CrosswalkSliverSquareMeters";

    /// <summary>Crosswalk rows with a smaller share of their departmental grid (0 to 1) are slivers.</summary>
    public const string SliverShareKey = Section + ":CrosswalkSliverShare";

    /// <summary>
    /// The configured source, or the default: <see cref="DistrictGridSource.DemoUnified"/> in the embedded mode,
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
            source = mode == StorageMode.Embedded ? DistrictGridSource.DemoUnified
                : environment.IsProduction() ? DistrictGridSource.Unified
                : DistrictGridSource.UnifiedOrDemo;
        }
        else if (!Enum.TryParse(value.Trim(), ignoreCase: true, out source) || !Enum.IsDefined(source) || value.Trim().All(char.IsAsciiDigit))
        {
            throw Invalid($"{GridsKey} must be one of {string.Join(", ", Enum.GetNames<DistrictGridSource>())}; '{value}' is not.");
        }

        return source is (DistrictGridSource.Unified or DistrictGridSource.UnifiedOrDemo) && mode == StorageMode.Embedded
            ? throw Invalid($"{GridsKey}={source} reads the unified grid from PostgreSQL: it needs Hanan:Storage:Mode=PostgreSql. The embedded mode serves the demo district's unified grid ({GridsKey}=DemoUnified) or its generated grids ({GridsKey}=Demo).")
            : source;
    }

    /// <summary>The consolidation options of the host's own consolidation: the sliver rule as configured, the rest standard.</summary>
    /// <exception cref="OptionsValidationException">A threshold is not a number, negative, or a share of 1 or more.</exception>
    public static ConsolidationOptions Consolidation(IConfiguration configuration)
    {
        var standard = CrosswalkSliverRule.Standard;
        var area = Threshold(configuration, SliverSquareMetersKey, standard.MinOverlapSquareMeters, double.MaxValue);
        var share = Threshold(configuration, SliverShareKey, standard.MinShare, 1);
        return new ConsolidationOptions { CrosswalkSlivers = new CrosswalkSliverRule(area, share) };
    }

    private static double Threshold(IConfiguration configuration, string key, double standard, double below)
    {
        var value = configuration[key];
        if (string.IsNullOrWhiteSpace(value))
        {
            return standard;
        }

        return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number >= 0 && number < below
            ? number
            : throw Invalid($"{key} must be a number from 0 up to (not including) {(below == 1 ? "1" : "infinity")}; '{value}' is not.");
    }

    private static OptionsValidationException Invalid(string message) =>
        new(Section, typeof(DistrictGridSource), [message]);
}

/// <summary>The map the host serves and where it came from.</summary>
/// <param name="Map">Streets, communities and grids; every grid code in the host (grains, residents, cameras, claims) is one of its grids.</param>
/// <param name="Unified">True when the map is the stored unified grid, false for the generated demo district.</param>
/// <param name="ConsolidatedAt">When the unified grid was consolidated; null for the demo district.</param>
/// <param name="Crosswalk">The crosswalk between the departments' grids and the unified grid; null for the demo district.</param>
public sealed record LoadedDistrict(DistrictMap Map, bool Unified, DateTimeOffset? ConsolidatedAt, IGridCrosswalk? Crosswalk = null)
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
        var consolidation = DistrictOptions.Consolidation(builder.Configuration);
        if (storage.Mode == StorageMode.PostgreSql)
        {
            builder.Services.AddSingleton(sp => new GridLayerStore(sp.GetRequiredService<NpgsqlDataSource>()));
        }

        builder.Services.AddSingleton(sp => DistrictMapLoader.Load(source, consolidation, storage, sp));
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
    public static LoadedDistrict Load(DistrictGridSource source, ConsolidationOptions consolidation, StorageOptions storage, IServiceProvider services)
    {
        var logger = services.GetRequiredService<ILogger<DistrictMapLoader>>();
        if (source == DistrictGridSource.Demo)
        {
            return new LoadedDistrict(DemoDistrict.Generate(), Unified: false, ConsolidatedAt: null);
        }

        if (source == DistrictGridSource.DemoUnified && storage.Mode == StorageMode.Embedded)
        {
            var demo = DemoConsolidation.Of(consolidation);
            var map = demo.Result.Map;
            LogDemoUnified(logger, map.Grids.Count, map.Communities.Count, map.Streets.Count, demo.Result.Crosswalk.Count, demo.Result.CrosswalkSlivers.Count);
            var now = (services.GetService<DistrictClock>()?.Time ?? TimeProvider.System).GetUtcNow();
            return new LoadedDistrict(map, Unified: true, now, new ConsolidatedGridCrosswalk(demo.Crosswalk));
        }

        // Once, while the host starts (no synchronisation context here): the map is needed before anything is served.
        var store = services.GetRequiredService<GridLayerStore>();
        var stored = store.ReadUnifiedMapAsync().GetAwaiter().GetResult();
        if (stored is null && source == DistrictGridSource.DemoUnified)
        {
            stored = StoreDemoConsolidation(store, consolidation, storage, logger);
        }

        if (stored is null)
        {
            if (source == DistrictGridSource.Unified)
            {
                throw new InvalidOperationException(
                    $"The district has no unified grid yet: table grid_unified is empty and {DistrictOptions.GridsKey} is Unified. " +
                    "Create it with the hanan CLI: `hanan migrate`, `hanan import-layer` once per department layer, then `hanan consolidate` " +
                    "(or `hanan consolidate --demo` for the demo district's three layers), and start the host again. See docs/operations.md, \"The unified grid\".");
            }

            if (source == DistrictGridSource.UnifiedOrDemo)
            {
                LogNoUnifiedGrid(logger, DistrictOptions.GridsKey);
            }

            return new LoadedDistrict(DemoDistrict.Generate(), Unified: false, ConsolidatedAt: null);
        }

        var unified = stored.Map;
        LogUnifiedGrid(logger, unified.Grids.Count, unified.Communities.Count, unified.Streets.Count, stored.ConsolidatedAt);
        if (stored.UnnamedUnits.Count > 0)
        {
            LogUnnamed(logger, stored.UnnamedUnits.Count, string.Join(", ", stored.UnnamedUnits.Take(10)));
        }

        return new LoadedDistrict(unified, Unified: true, stored.ConsolidatedAt, new StoredGridCrosswalk(store));
    }

    /// <summary>
    /// The demo layers and their consolidation, stored when the database has neither a unified grid nor an operator's
    /// layers (the schema applied first when the host migrates); null when an operator's layers are stored.
    /// </summary>
    private static StoredUnifiedMap? StoreDemoConsolidation(GridLayerStore store, ConsolidationOptions consolidation, StorageOptions storage, ILogger logger)
    {
        if (storage.MigrateOnStartup)
        {
            new SchemaMigrator(storage.ConnectionString!).MigrateAsync().GetAwaiter().GetResult();
        }

        var layers = Domain.Geography.Layers.DemoDepartmentLayers.Generate(DemoDistrict.Generate());
        var outcome = store.StoreFirstConsolidationAsync(layers, "demo", () => DemoConsolidation.Of(consolidation).Result).GetAwaiter().GetResult();
        if (outcome == FirstConsolidation.OtherLayersStored)
        {
            LogOperatorLayers(logger, DistrictOptions.GridsKey);
            return null;
        }

        if (outcome == FirstConsolidation.Stored)
        {
            LogDemoStored(logger);
        }

        return store.ReadUnifiedMapAsync().GetAwaiter().GetResult();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Unified grid (一格多用) consolidated from the demo district's three departmental layers: {Grids} grids in {Communities} communities and {Streets} streets; crosswalk {Links} rows, {Slivers} slivers dropped")]
    private static partial void LogDemoUnified(ILogger logger, int grids, int communities, int streets, int links, int slivers);

    [LoggerMessage(Level = LogLevel.Information, Message = "The database had no unified grid: the demo district's three departmental layers and their consolidation are now stored (source 'demo'), once for every host")]
    private static partial void LogDemoStored(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "NO UNIFIED GRID — departmental layers of an operator are stored but not consolidated, so this host serves the GENERATED DEMO DISTRICT and leaves them alone ({Key}=DemoUnified). Run `hanan consolidate`, then restart.")]
    private static partial void LogOperatorLayers(ILogger logger, string key);

    [LoggerMessage(Level = LogLevel.Information, Message = "Unified grid (一格多用) loaded from PostgreSQL: {Grids} grids in {Communities} communities and {Streets} streets, consolidated at {ConsolidatedAt:o}")]
    private static partial void LogUnifiedGrid(ILogger logger, int grids, int communities, int streets, DateTimeOffset consolidatedAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "NO UNIFIED GRID — the district has no unified grid yet (table grid_unified is empty), so this host serves the GENERATED DEMO DISTRICT ({Key}=UnifiedOrDemo). Create the unified grid with `hanan import-layer` (once per department) and `hanan consolidate`, then restart; set {Key}=Unified to refuse to start without it.")]
    private static partial void LogNoUnifiedGrid(ILogger logger, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} streets or communities of the unified grid have no stored name and are shown by code ({Codes}); run `hanan consolidate` again to store their names.")]
    private static partial void LogUnnamed(ILogger logger, int count, string codes);
}
