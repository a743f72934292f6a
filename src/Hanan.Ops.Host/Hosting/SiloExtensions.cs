using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Hanan.Ops.Grains;
using Hanan.Ops.Grains.Appeals;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Storage;

namespace Hanan.Ops.Host.Hosting;

/// <summary>Co-hosts the Orleans silo in the web process, configured by <see cref="StorageOptions"/>.</summary>
public static class SiloExtensions
{
    private const string Invariant = "Npgsql";

    public static IHostApplicationBuilder AddDistrictSilo(this IHostApplicationBuilder builder)
    {
        var storage = StorageOptions.From(builder.Configuration);
        var cluster = builder.Configuration.GetSection(ClusterSettings.Section).Get<ClusterSettings>() ?? new ClusterSettings();
        builder.Services.AddOptions<StorageOptions>().Bind(builder.Configuration.GetSection(StorageOptions.Section));
        builder.Services.AddOptions<ClusterSettings>().Bind(builder.Configuration.GetSection(ClusterSettings.Section))
            .ValidateDataAnnotations().ValidateOnStart();

        if (cluster.Tls.Problem() is { } tlsProblem)
        {
            throw new OptionsValidationException(ClusterSettings.Section, typeof(ClusterSettings), [tlsProblem]);
        }

        if (storage.Mode == StorageMode.PostgreSql && string.IsNullOrWhiteSpace(storage.ConnectionString))
        {
            throw new OptionsValidationException(StorageOptions.Section, typeof(StorageOptions),
                ["Hanan:Storage:ConnectionString is required when Hanan:Storage:Mode is PostgreSql."]);
        }

        if (storage.Mode == StorageMode.PostgreSql)
        {
            // One pool for the read side (case read model, residents, sightings, camera alerts and the other stores), shared
            // rather than one per store, so the host's connections stay bounded (see StorageOptions). The container
            // disposes it at shutdown.
            builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(StorageOptions.WithPoolCap(storage.ConnectionString!, storage.ReadModelPoolSize)));
        }

        if (storage.Mode == StorageMode.PostgreSql && storage.MigrateOnStartup)
        {
            // Before UseOrleans: hosted services start in registration order, so the schema exists before the silo needs it.
            builder.Services.AddHostedService<SchemaMigrationService>();
        }

        var streams = builder.Configuration.GetSection(LiveStreamOptions.Section).Get<LiveStreamOptions>() ?? new LiveStreamOptions();
        if (streams.Problem() is { } problem)
        {
            throw new InvalidOperationException(problem);
        }

        builder.Services.AddOptions<LiveStreamOptions>().Bind(builder.Configuration.GetSection(LiveStreamOptions.Section));
        var escalation = builder.Configuration.GetSection(EscalationOptions.Section).Get<EscalationOptions>() ?? new EscalationOptions();

        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = cluster.ClusterId;
                o.ServiceId = cluster.ServiceId;
            });
            silo.AddActivityPropagation();
            // How fast a silo that stopped answering is declared dead (Orleans' names: ProbeTimeout, NumMissedProbesLimit,
            // NumProbedSilos, NumVotesForDeathDeclaration, …); Orleans' defaults where nothing is set.
            silo.Configure<ClusterMembershipOptions>(builder.Configuration.GetSection(ClusterSettings.MembershipSection));
            silo.Services.AddSingleton<Hanan.Ops.Grains.Live.LiveHosts>();

            // Case activity travels on Orleans streams under a configured name; memory streams by default.
            silo.AddMemoryStreams(streams.Provider, memory => memory.ConfigurePullingAgent(agent =>
                agent.Configure(o =>
                {
                    o.GetQueueMsgsTimerPeriod = streams.PollPeriod;
                    o.BatchContainerBatchSize = streams.DeliveryBatch;
                })));

            // Orleans refuses reminder periods under a minute unless told otherwise; tests and drills configure shorter escalation checks.
            if (escalation.ReminderPeriod < TimeSpan.FromMinutes(1))
            {
                silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = escalation.ReminderPeriod);
            }

            silo.Services.AddOptions<AdoNetGrainStorageOptions>(StorageProviders.District)
                .Configure<Orleans.Serialization.Serializer>((o, serializer) => o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer));
            // The embedded mode stores state with the same serializer: the default (Newtonsoft) one cannot read back every
            // state type, and vehicle grains reload their checkpoint on every activation.
            silo.Services.AddOptions<MemoryGrainStorageOptions>(StorageProviders.District)
                .Configure<Orleans.Serialization.Serializer>((o, serializer) => o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer));

            if (storage.Mode == StorageMode.PostgreSql)
            {
                var connectionString = StorageOptions.WithPoolCap(storage.ConnectionString!, storage.GrainPoolSize);
                if (cluster.UsesKubernetes(Environment.GetEnvironmentVariable))
                {
                    // The pod's IP is advertised and both ports listen on the pod's interfaces; the silo is named after
                    // the pod, and the cluster's ids come from the pod's labels (see ops/deploy/k8s).
                    silo.Configure<EndpointOptions>(o =>
                    {
                        o.SiloPort = cluster.SiloPort;
                        o.GatewayPort = cluster.GatewayPort;
                    });
                    silo.UseKubernetesHosting();
                }
                else
                {
                    // Listening on the advertised address only, unless that address is not this machine's (NAT).
                    silo.ConfigureEndpoints(AdvertisedAddress(cluster), cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: cluster.ListenOnAnyAddress);
                }

                if (cluster.Tls.Enabled)
                {
                    silo.UseClusterTls(cluster.Tls);
                }

                silo.UseAdoNetClustering(o =>
                {
                    o.Invariant = Invariant;
                    o.ConnectionString = connectionString;
                });
                silo.AddAdoNetGrainStorage(StorageProviders.District, o =>
                {
                    o.Invariant = Invariant;
                    o.ConnectionString = connectionString;
                });
                silo.AddAdoNetGrainStorage(StorageProviders.PubSub, o =>
                {
                    o.Invariant = Invariant;
                    o.ConnectionString = connectionString;
                });
                silo.UseAdoNetReminderService(o =>
                {
                    o.Invariant = Invariant;
                    o.ConnectionString = connectionString;
                });
            }
            else
            {
                // Loopback only: advertised and listening on 127.0.0.1, so no other machine reaches the silo or gateway port.
                silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
                silo.AddMemoryGrainStorage(StorageProviders.District);
                silo.AddMemoryGrainStorage(StorageProviders.PubSub);
                silo.UseInMemoryReminderService();
            }
        });

        return builder;
    }

    private static IPAddress AdvertisedAddress(ClusterSettings cluster)
    {
        if (!string.IsNullOrWhiteSpace(cluster.AdvertisedIPAddress))
        {
            return IPAddress.Parse(cluster.AdvertisedIPAddress);
        }

        var candidate = NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork);
        return candidate ?? IPAddress.Loopback;
    }
}
