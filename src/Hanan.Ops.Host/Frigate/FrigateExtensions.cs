using Hanan.Ops.Domain.Cameras;
using Hanan.Ops.Domain.Cameras.Simulation;
using Microsoft.Extensions.Options;

namespace Hanan.Ops.Host.Frigate;

public static class FrigateExtensions
{
    /// <summary>
    /// Frigate as a camera source: the camera name map (validated at start-up: a broken map stops the host with every
    /// error listed by JSON path), the message ingest, and the MQTT subscriber when <c>Hanan:Frigate:Mqtt:Host</c> is set.
    /// Needs the cameras (<see cref="Cameras.CamerasExtensions.AddCameras"/>).
    /// </summary>
    public static IHostApplicationBuilder AddFrigate(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(FrigateOptions.Section).Get<FrigateOptions>() ?? new FrigateOptions();
        if (options.Mqtt.Problem() is { } problem)
        {
            throw new OptionsValidationException(FrigateOptions.Section + ":Mqtt", typeof(FrigateMqttOptions), [$"{FrigateOptions.Section}:Mqtt: {problem}"]);
        }

        var path = Path.IsPathRooted(options.CameraMap) ? options.CameraMap : Path.Combine(AppContext.BaseDirectory, options.CameraMap);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The Frigate camera map was not found at {path} ({FrigateOptions.Section}:CameraMap).", path);
        }

        var json = File.ReadAllText(path);
        builder.Services.AddOptions<FrigateOptions>().Bind(builder.Configuration.GetSection(FrigateOptions.Section));
        // Checked against the camera network as soon as the host is built, and again when first used.
        builder.Services.AddSingleton(sp =>
        {
            var network = sp.GetRequiredService<CameraNetwork>();
            return FrigateCameraMap.Parse(json, id => network.Find(id) is not null);
        });
        builder.Services.AddHostedService<FrigateCameraMapCheck>();
        builder.Services.AddSingleton<FrigateIngest>();
        if (options.Mqtt.Enabled)
        {
            builder.Services.AddSingleton<FrigateMqttSubscriber>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<FrigateMqttSubscriber>());
        }

        return builder;
    }

    public static IEndpointRouteBuilder MapFrigate(this IEndpointRouteBuilder app) => app.MapFrigateEndpoints();

    /// <summary>Loads the camera map at start-up, so a map naming an unknown camera stops the host before it serves.</summary>
    private sealed class FrigateCameraMapCheck(IServiceProvider services) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            services.GetRequiredService<FrigateCameraMap>();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
