using Hanan.Ops.Domain.Geography;
using Microsoft.Extensions.Options;

namespace Hanan.Ops.Host.Hosting;

/// <summary>Says at start-up what district is loaded and whether state is durable, so nobody mistakes a demo for production.</summary>
internal sealed partial class StartupBanner(IOptions<StorageOptions> storage, DistrictMap map, ILogger<StartupBanner> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        LogDistrict(logger, map.Streets.Count, map.Communities.Count, map.Grids.Count, map.AreaSquareMeters / 1e6);
        if (storage.Value.Mode == StorageMode.Embedded)
        {
            LogNotDurable(logger);
        }
        else
        {
            LogDurable(logger);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "District 230108 平房区 loaded: {Streets} streets, {Communities} communities, {Grids} grids, {AreaKm2:F1} km²")]
    private static partial void LogDistrict(ILogger logger, int streets, int communities, int grids, double areaKm2);

    [LoggerMessage(Level = LogLevel.Warning, Message = "EMBEDDED MODE — state is held in memory and is NOT durable: every case is lost when this process stops. Run with Hanan:Storage:Mode=PostgreSql (ops/run.sh --postgres) for durable state.")]
    private static partial void LogNotDurable(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Durable mode: grain state, reminders and membership on PostgreSQL")]
    private static partial void LogDurable(ILogger logger);
}
