using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Xunit.Abstractions;

namespace Hanan.Ops.Storage.Tests.OrleansContract;

/// <summary>
/// Plain generic hosts running one Orleans silo (or client) on loopback, configured with the three
/// ADO.NET providers against a test database, the way the application host configures them.
/// </summary>
internal static class TestSilo
{
    public const string Invariant = "Npgsql";
    public const string StorageName = "store";
    public const string DeletingStorageName = "store-deleting";
    public const string ServiceId = "hanan-contract";

    public static async Task<IHost> StartSiloAsync(string connectionString, string clusterId, ITestOutputHelper output)
    {
        var host = Host.CreateDefaultBuilder()
            .UseOrleans(silo => silo
                .Configure(Cluster(clusterId))
                .ConfigureEndpoints(IPAddress.Loopback, FreePort(), FreePort())
                .UseAdoNetClustering(o =>
                {
                    o.Invariant = Invariant;
                    o.ConnectionString = connectionString;
                })
                .AddAdoNetGrainStorage(StorageName, o =>
                {
                    o.Invariant = Invariant;
                    o.ConnectionString = connectionString;
                })
                .AddAdoNetGrainStorage(DeletingStorageName, o =>
                {
                    o.Invariant = Invariant;
                    o.ConnectionString = connectionString;
                    o.DeleteStateOnClear = true;
                })
                .UseAdoNetReminderService(o =>
                {
                    o.Invariant = Invariant;
                    o.ConnectionString = connectionString;
                }))
            .ConfigureServices(services => services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(20)))
            .ConfigureLogging(logging => ToTestOutput(logging, output))
            .Build();
        await host.StartAsync();
        return host;
    }

    public static async Task<IHost> StartClientAsync(string connectionString, string clusterId, ITestOutputHelper output)
    {
        var host = Host.CreateDefaultBuilder()
            .UseOrleansClient(client => client
                .Configure(Cluster(clusterId))
                .UseAdoNetClustering(o =>
                {
                    o.Invariant = Invariant;
                    o.ConnectionString = connectionString;
                }))
            .ConfigureLogging(logging => ToTestOutput(logging, output))
            .Build();
        await host.StartAsync();
        return host;
    }

    /// <summary>Stops and disposes hosts, newest first.</summary>
    public static async Task StopAllAsync(params IHost?[] hosts)
    {
        foreach (var host in hosts.Reverse().OfType<IHost>())
        {
            await host.StopAsync();
            host.Dispose();
        }
    }

    private static Action<ClusterOptions> Cluster(string clusterId) => o =>
    {
        o.ClusterId = clusterId;
        o.ServiceId = ServiceId;
    };

    private static void ToTestOutput(ILoggingBuilder logging, ITestOutputHelper output) => logging
        .ClearProviders()
        .AddProvider(new TestOutputLoggerProvider(output))
        .SetMinimumLevel(LogLevel.Warning);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
