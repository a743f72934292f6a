using Hanan.Ops.Domain.Appeals;
using Hanan.Ops.Host.Hosting;
using Hanan.Ops.Storage.Delivery;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Hanan.Ops.Host.Delivery;

/// <summary>Delivery of cases to bureaus' own systems (与相关部门业务应用系统互联互通), besides their screens.</summary>
public static class DeliveryExtensions
{
    public static IHostApplicationBuilder AddDelivery(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DeliveryOptions>().Bind(builder.Configuration.GetSection(DeliveryOptions.Section));
        builder.Services.AddSingleton<IValidateOptions<DeliveryOptions>, DeliveryOptionsValidation>();
        builder.Services.AddOptions<DeliveryOptions>().ValidateOnStart();
        if (StorageOptions.From(builder.Configuration).Mode == StorageMode.PostgreSql)
        {
            builder.Services.AddSingleton<ICaseDeliveryStore>(sp => new PostgresCaseDeliveryStore(sp.GetRequiredService<NpgsqlDataSource>()));
        }
        else
        {
            builder.Services.AddSingleton<ICaseDeliveryStore, InMemoryCaseDeliveryStore>();
        }

        // The bureaus' systems are on the government intranet: no proxy from the environment, a timeout per attempt set by the sender.
        builder.Services.AddHttpClient(DeliverySender.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        builder.Services.AddHostedService<DeliveryIntake>();
        builder.Services.AddSingleton<DeliverySender>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DeliverySender>());
        return builder;
    }

    public static IEndpointRouteBuilder MapDelivery(this IEndpointRouteBuilder app) => app.MapDeliveryEndpoints();

    /// <summary>Checks the section against the routing table at start-up, naming each problem by its configuration path.</summary>
    private sealed class DeliveryOptionsValidation(RoutingTable routing) : IValidateOptions<DeliveryOptions>
    {
        public ValidateOptionsResult Validate(string? name, DeliveryOptions options) =>
            options.Problems(routing) is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}
