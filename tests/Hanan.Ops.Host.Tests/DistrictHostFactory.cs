using System.Net;
using System.Net.Sockets;
using Hanan.Ops.Grains;
using Hanan.Ops.Host.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Hanan.Ops.Host.Tests;

/// <summary>
/// The real host (silo, API, hubs, dashboards) on a real Kestrel port, with its own silo and gateway ports and
/// cluster id so that several can run side by side. The district clock is a <see cref="FakeTimeProvider"/> the test moves.
/// </summary>
public sealed class DistrictHostFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;

    public DistrictHostFactory(StorageMode mode = StorageMode.Embedded, string? connectionString = null, FakeTimeProvider? clock = null,
        string? clusterId = null, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        _services = services;
        Clock = clock ?? new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.FromHours(8)));
        _settings = new Dictionary<string, string?>
        {
            ["Hanan:Storage:Mode"] = mode.ToString(),
            ["Hanan:Storage:ConnectionString"] = connectionString ?? "",
            ["Hanan:Cluster:ClusterId"] = clusterId ?? "test-" + Guid.NewGuid().ToString("N")[..12],
            ["Hanan:Cluster:SiloPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Hanan:Cluster:GatewayPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Hanan:Cluster:AdvertisedIPAddress"] = "127.0.0.1",
            ["Logging:LogLevel:Default"] = "Warning",
            // One key for every test host, so a token works on each host of a cluster (as in production).
            ["Hanan:Security:SigningKey"] = TestSigningKey,
            // The tests file many appeals from 127.0.0.1; the intake limits have their own tests.
            ["Hanan:Security:Limits:IntakePerAddressPerMinute"] = "100000",
            ["Hanan:Security:Limits:IntakePerPhonePerHour"] = "100000",
            // The audit key every test host keys its audit records with (as the hosts of one deployment share theirs).
            ["Hanan:Audit:Keys:" + Storage.Tests.Audit.TestAuditKeys.KeyId] = Storage.Tests.Audit.TestAuditKeys.Secret,
            ["Hanan:Audit:CurrentKeyId"] = Storage.Tests.Audit.TestAuditKeys.KeyId,
            // Seeding 190,000 residents costs every host seconds of CPU; the tests that need them turn it on.
            ["Hanan:Residents:SeedDemoPopulation"] = "false",
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>())
        {
            _settings[k] = v;
        }

        UseKestrel(0);
    }

    /// <summary>32 bytes, base64: the tests' signing key.</summary>
    public const string TestSigningKey = "aGFuYW4tb3BzLXRlc3Qtc2lnbmluZy1rZXktMzItYnl0ZXMhIQ==";

    public FakeTimeProvider Clock { get; }

    /// <summary>The base address of the real Kestrel listener (starts the server).</summary>
    public Uri BaseAddress
    {
        get
        {
            StartServer();
            var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal));
        }
    }

    public HttpClient CreateRealClient() => new() { BaseAddress = BaseAddress };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (k, v) in _settings)
        {
            builder.UseSetting(k, v);
        }

        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton(new DistrictClock(Clock));
            _services?.Invoke(services);
        });
    }

    /// <summary>The next port to try, below Linux's ephemeral range (32768–60999), spread by process.</summary>
    private static int _nextPort = 20_000 + (Environment.ProcessId % 400 * 30);

    /// <summary>
    /// A port for a silo or gateway that nothing else of this run will be given: taken below the kernel's ephemeral range,
    /// so no Kestrel listener on port 0 and no outgoing connection can take it between this call and the silo's bind,
    /// and never the same twice in one test process.
    /// </summary>
    public static int FreePort()
    {
        while (true)
        {
            var port = Interlocked.Increment(ref _nextPort);
            if (port > 32_000)
            {
                Interlocked.CompareExchange(ref _nextPort, 20_000, port);
                continue;
            }

            try
            {
                using var listener = new TcpListener(IPAddress.Any, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // In use by another process: the next one.
            }
        }
    }
}
