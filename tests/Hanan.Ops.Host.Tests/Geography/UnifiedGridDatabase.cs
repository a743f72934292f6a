using Hanan.Ops.Domain.Geography;
using Hanan.Ops.Domain.Geography.Consolidation;
using Hanan.Ops.Domain.Geography.Layers;
using Hanan.Ops.Domain.Population;
using Hanan.Ops.Host.Hosting;
using Hanan.Ops.Storage.Grid;
using Hanan.Ops.Storage.Schema;
using Hanan.Ops.Storage.Tests;

namespace Hanan.Ops.Host.Tests.Geography;

/// <summary>
/// Class fixture: a fresh database where the operator's flow has run (migrate, the demo district's three departmental
/// layers imported, consolidated with the demo households, saved), and one host on it in PostgreSQL mode serving the
/// unified grid (<c>Hanan:District:Grids=Unified</c>). Consolidating takes a few seconds, so it is done once.
/// </summary>
public sealed class UnifiedGridDatabase : IAsyncLifetime
{
    private TestDatabase? _database;

    public string ConnectionString => (_database ?? throw new InvalidOperationException("The fixture is not initialised.")).ConnectionString;

    public DistrictMap DemoDistrict { get; private set; } = null!;

    public ConsolidationResult Consolidation { get; private set; } = null!;

    public IReadOnlyList<DepartmentLayer> Layers { get; private set; } = null!;

    public GridLayerStore Store { get; private set; } = null!;

    public DistrictHostFactory Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        await new SchemaMigrator(ConnectionString).MigrateAsync();
        DemoDistrict = Domain.Geography.DemoDistrict.Generate();
        Layers = DemoDepartmentLayers.Generate(DemoDistrict);
        Store = new GridLayerStore(ConnectionString);
        foreach (var layer in Layers)
        {
            await Store.ImportLayerAsync(layer, "demo");
        }

        var households = DemoPopulation.Generate(DemoDistrict).HouseholdPoints().ToList();
        Consolidation = await Task.Run(() => GridConsolidator.Consolidate(DemoDistrict, Layers, households));
        await Store.SaveConsolidationAsync(Consolidation);

        Host = new DistrictHostFactory(StorageMode.PostgreSql, ConnectionString,
            settings: new Dictionary<string, string?> { ["Hanan:District:Grids"] = "Unified" });
        _ = Host.BaseAddress;
    }

    public async Task DisposeAsync()
    {
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
