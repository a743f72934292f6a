namespace Hanan.Ops.Host.Live;

public static class LiveExtensions
{
    /// <summary>SignalR co-hosted in every silo, and this host's relay from the cluster-wide live feed.</summary>
    public static IHostApplicationBuilder AddLive(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSignalR();
        builder.Services.AddHostedService<LiveRelayService>();
        return builder;
    }

    public static IEndpointRouteBuilder MapLive(this IEndpointRouteBuilder app)
    {
        app.MapHub<DistrictHub>(DistrictHub.Path);
        return app;
    }
}
