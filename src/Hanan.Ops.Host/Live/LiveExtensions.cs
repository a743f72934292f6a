namespace Hanan.Ops.Host.Live;

public static class LiveExtensions
{
    /// <summary>SignalR co-hosted in every silo, and this host's relay from the cluster-wide live feed.</summary>
    public static IHostApplicationBuilder AddLive(this IHostApplicationBuilder builder)
    {
        // Enums by name, as over HTTP: a screen reads the same "InProgress" from a message as from the API.
        builder.Services.AddSignalR().AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        builder.Services.AddHostedService<LiveRelayService>();
        return builder;
    }

    public static IEndpointRouteBuilder MapLive(this IEndpointRouteBuilder app)
    {
        // Signed in with the same bearer token (access_token on the URL for WebSockets); the connection closes when the
        // token expires. Each hub method checks its view's roles and scope.
        app.MapHub<DistrictHub>(DistrictHub.Path, o => o.CloseOnAuthenticationExpiration = true)
            .RequireAuthorization(Security.Policies.Live)
            .DisableRequestTimeout();
        return app;
    }
}
