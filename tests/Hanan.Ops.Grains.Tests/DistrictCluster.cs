using Hanan.Ops.Contracts.Appeals;
using Hanan.Ops.Domain.Appeals;
using Hanan.Ops.Domain.Calendar;
using Hanan.Ops.Domain.Cameras.Simulation;
using Hanan.Ops.Domain.Geography;
using Hanan.Ops.Grains;
using Hanan.Ops.Grains.Appeals;
using Hanan.Ops.Grains.Cameras;
using Hanan.Ops.Grains.Tests.Appeals;
using Hanan.Ops.Grains.Tests.Cameras;
using Hanan.Ops.Contracts.Residents;
using Hanan.Ops.Contracts.Cameras;
using Hanan.Ops.Storage.Appeals;
using Hanan.Ops.Storage.Audit;
using Hanan.Ops.Storage.Cameras;
using Hanan.Ops.Storage.ReadModels;
using Hanan.Ops.Storage.Residents;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;

namespace Hanan.Ops.Grains.Tests;

/// <summary>
/// An in-process Orleans cluster with the grains' real dependencies and a district clock the test moves by hand.
/// Storage and reminders are in memory here; the PostgreSQL path is covered by the host and storage tests.
/// </summary>
public sealed class DistrictCluster : IAsyncLifetime
{
    /// <summary>A routing table with one category per kind of limit, so deadlines are easy to compute by hand.</summary>
    public const string RoutingJson = """
        {
          "hot": { "clusterCount": 3, "clusterRadiusMeters": 200, "clusterWindowHours": 24 },
          "bureaus": [
            { "id": "supervision", "name": "区监察局", "kind": "supervision" },
            { "id": "urban-management", "name": "区城市管理和行政执法局", "kind": "bureau" },
            { "id": "housing", "name": "区住房和城乡建设局", "kind": "bureau" }
          ],
          "categories": [
            { "code": "general", "name": "一般诉求", "lead": "urban-management", "coHandlers": ["housing"], "emergency": false,
              "limits": { "claim": "2wh", "feedback": "2wd", "resolve": "5wd" } },
            { "code": "sos", "name": "紧急求助", "lead": "housing", "coHandlers": [], "emergency": true,
              "limits": { "claim": "10m", "feedback": "30m", "resolve": "24h" } }
          ]
        }
        """;

    /// <summary>The demo district's 152 cameras, built once per test run and only when a camera grain needs them.</summary>
    public static readonly Lazy<CameraNetwork> Cameras = new(() => CameraNetwork.Build(DemoDistrict.Generate()));

    /// <summary>Vehicle grain keys from the development lookup key, as a host without configured keys derives them.</summary>
    public static readonly Hanan.Ops.Grains.Cameras.VehicleKeys VehicleKeys =
        new(Hanan.Ops.Domain.Privacy.CitizenIdProtector.Development.DerivedKey("camera.vehicle"));

    private InProcessTestCluster? _cluster;

    public DistrictCluster()
    {
        AlertStore = new FailingCameraAlertStore(Alerts);
        Cases = new InMemoryCaseStore(ReadModel, Audit);
        CaseStore = new FailingCaseStore(Cases);
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 9, 30, 16, 0, 0, TimeSpan.FromHours(8)));

    public IClusterClient Client => _cluster!.Client;

    /// <summary>The read model the projector writes to (the in-memory one; the PostgreSQL one is tested in Storage).</summary>
    public InMemoryCaseReadModel ReadModel { get; } = new();

    /// <summary>The audit log the case store appends each action's record to (the in-memory one).</summary>
    public InMemoryAuditStore Audit { get; } = new();

    /// <summary>The case store (the in-memory one; the PostgreSQL one is held to the same contract in Storage).</summary>
    public InMemoryCaseStore Cases { get; private set; } = null!;

    /// <summary>What the case grains are given: <see cref="Cases"/>, behind a switch that takes it down.</summary>
    public FailingCaseStore CaseStore { get; private set; } = null!;

    /// <summary>The base-data read model residents and grids read and write (the in-memory one).</summary>
    public InMemoryResidentReadModel Residents { get; } = new();

    /// <summary>The sighting store the vehicle grains replay from (the in-memory one); tests append to it as the ingest does.</summary>
    public InMemorySightingStore Sightings { get; } = new();

    /// <summary>The alert store the board writes to (the in-memory one; the PostgreSQL one is tested in Storage and Host).</summary>
    public InMemoryCameraAlertStore Alerts { get; } = new();

    /// <summary>What the board is given: <see cref="Alerts"/>, behind a switch that takes it down.</summary>
    public FailingCameraAlertStore AlertStore { get; }

    /// <summary>The services of the (only) silo, for tests that inspect what a grain stored.</summary>
    public IServiceProvider SiloServices => _cluster!.Silos[0].ServiceProvider;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        var clock = Clock;
        var readModel = ReadModel;
        var residents = Residents;
        var sightings = Sightings;
        var alerts = AlertStore;
        var cases = CaseStore;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorage(StorageProviders.District);
            // As the host configures it: the Orleans serializer reads back every state type.
            silo.Services.AddOptions<Orleans.Configuration.MemoryGrainStorageOptions>(StorageProviders.District)
                .Configure<Orleans.Serialization.Serializer>((o, serializer) => o.GrainStorageSerializer = new Orleans.Storage.OrleansGrainStorageSerializer(serializer));
            silo.AddMemoryGrainStorage(StorageProviders.PubSub);
            silo.AddMemoryStreams(new LiveStreamOptions().Provider);
            silo.UseInMemoryReminderService();
            silo.Services.AddSingleton<ICaseReadModel>(readModel);
            silo.Services.AddSingleton<ICaseStore>(cases);
            silo.Services.AddSingleton<Hanan.Ops.Grains.Live.LiveHosts>();
            silo.Services.AddSingleton<IResidentReadModel>(residents);
            silo.Services.AddOptions<AppealsOptions>();
            silo.Services.AddOptions<LiveStreamOptions>();
            silo.Services.AddSingleton(RoutingTable.Parse(RoutingJson));
            silo.Services.AddSingleton(new Hanan.Ops.Grains.Calendar.LiveCalendar(WorkingCalendar.FromEmbeddedData(provisionalYears: 1)));
            silo.Services.AddSingleton(new DistrictClock(clock));
            silo.Services.AddOptions<EscalationOptions>();
            silo.Services.AddSingleton(_ => Cameras.Value);
            silo.Services.AddSingleton<SecurityRulesCache>();
            silo.Services.AddSingleton(VehicleKeys);
            silo.Services.AddSingleton<IPlateReadLog>(sightings);
            silo.Services.AddSingleton<ICameraAlertStore>(alerts);
            silo.Services.AddOptions<CameraOptions>().Configure(o =>
            {
                o.HeartbeatCheck = TimeSpan.FromMilliseconds(100);
                o.VehicleCheckpointEvery = TimeSpan.FromMilliseconds(200);
            });
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
