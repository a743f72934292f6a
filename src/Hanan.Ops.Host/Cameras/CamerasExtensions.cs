using Hanan.Ops.Contracts.Cameras;
using Hanan.Ops.Domain.Cameras.Simulation;
using Hanan.Ops.Domain.Geography;
using Hanan.Ops.Grains.Cameras;
using Hanan.Ops.Host.Hosting;
using Hanan.Ops.Storage.Cameras;
using Npgsql;

namespace Hanan.Ops.Host.Cameras;

public static class CamerasExtensions
{
    /// <summary>The camera network of the district, the sighting and alert stores, the ingest, the watch on every camera from start-up, the retention purge and the simulator.</summary>
    public static IHostApplicationBuilder AddCameras(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<CameraOptions>().Bind(builder.Configuration.GetSection(CameraOptions.Section))
            .Validate(o => o.Check() is null, "Hanan:Cameras is not valid: check timeouts, retention, speeds and CloneDistance (road or great-circle).")
            .ValidateOnStart();
        builder.Services.AddOptions<SimulatorOptions>().Bind(builder.Configuration.GetSection(SimulatorOptions.Section));
        builder.Services.AddSingleton(sp => CameraNetwork.Build(sp.GetRequiredService<DistrictMap>()));
        builder.Services.AddSingleton<SecurityRulesCache>();
        // Vehicle grains are keyed by a keyed hash of the plate, from the district's lookup key (the same on every host).
        builder.Services.AddSingleton(sp => new VehicleKeys(sp.GetRequiredService<Hanan.Ops.Domain.Privacy.CitizenIdProtector>().DerivedKey("camera.vehicle")));
        builder.Services.AddSingleton(sp => new PlateDirectory(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<CameraOptions>>().Value.FuzzyBelow));
        builder.Services.AddSingleton<CameraIngest>();

        var storage = StorageOptions.From(builder.Configuration);
        if (storage.Mode == StorageMode.PostgreSql)
        {
            // Both on the shared read-side pool (see StorageOptions): no pool of their own.
            builder.Services.AddSingleton<ISightingStore>(sp => new PostgresSightingStore(sp.GetRequiredService<NpgsqlDataSource>()));
            builder.Services.AddSingleton<ICameraAlertStore>(sp => new PostgresCameraAlertStore(sp.GetRequiredService<NpgsqlDataSource>()));
        }
        else
        {
            builder.Services.AddSingleton<ISightingStore, InMemorySightingStore>();
            builder.Services.AddSingleton<ICameraAlertStore, InMemoryCameraAlertStore>();
        }

        // The vehicle grains replay their plate's reads from the sighting store after their checkpoint.
        builder.Services.AddSingleton<IPlateReadLog>(sp => sp.GetRequiredService<ISightingStore>());
        builder.Services.AddSingleton<RetentionPurgeService>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RetentionPurgeService>());
        builder.Services.AddSingleton<CameraWatchStarter>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<CameraWatchStarter>());
        builder.Services.AddHostedService<CameraSimulatorService>();
        return builder;
    }

    public static IEndpointRouteBuilder MapCameras(this IEndpointRouteBuilder app)
    {
        app.MapCameraEndpoints();
        app.MapAlertEndpoints();
        app.MapPoliceEndpoints();
        return app;
    }
}
