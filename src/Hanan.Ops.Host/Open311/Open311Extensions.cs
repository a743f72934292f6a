namespace Hanan.Ops.Host.Open311;

/// <summary>Open311 GeoReport v2 for other systems: the interface and the register of its client applications.</summary>
public static class Open311Extensions
{
    public static IHostApplicationBuilder AddOpen311(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<Open311Options>().Bind(builder.Configuration.GetSection(Open311Options.Section))
            .Validate(o => o.DefaultRequestsPerMinute is >= 1 and <= 100_000 && o.EndpointType is "production" or "test",
                "Hanan:Open311: DefaultRequestsPerMinute 1–100000, EndpointType production or test.")
            .ValidateOnStart();
        builder.Services.AddSingleton<Open311ClientLimiter>();
        return builder;
    }

    public static IEndpointRouteBuilder MapOpen311(this IEndpointRouteBuilder app)
    {
        app.MapOpen311Endpoints();
        app.MapOpen311ClientEndpoints();
        return app;
    }
}
