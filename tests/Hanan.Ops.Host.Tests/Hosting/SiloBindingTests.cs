using System.Globalization;
using System.Net;
using Hanan.Ops.Host.Hosting;
using Hanan.Ops.Storage.Tests;

namespace Hanan.Ops.Host.Tests.Hosting;

/// <summary>
/// Which addresses the silo and gateway ports listen on, read from the kernel's socket tables (/proc/net/tcp and tcp6):
/// loopback only in the embedded mode, the advertised address only in cluster mode, every interface only when told.
/// </summary>
public sealed class SiloBindingTests
{
    [Fact]
    public async Task The_embedded_silo_and_gateway_listen_on_loopback_only()
    {
        var (silo, gateway) = (DistrictHostFactory.FreePort(), DistrictHostFactory.FreePort());
        await using var host = new DistrictHostFactory(settings: Ports(silo, gateway));
        _ = host.BaseAddress; // starts the host, and with it the silo

        ListeningAddresses(silo).Should().NotBeEmpty("the silo listens on its port").And.OnlyContain(a => IPAddress.IsLoopback(a),
            "no other machine may reach the silo port of the embedded host");
        ListeningAddresses(gateway).Should().NotBeEmpty("the gateway listens on its port").And.OnlyContain(a => IPAddress.IsLoopback(a));
    }

    [Fact]
    public async Task A_cluster_silo_listens_on_its_advertised_address_unless_told_to_listen_on_every_interface()
    {
        await using var db = await TestDatabase.CreateAsync();
        var (silo, gateway) = (DistrictHostFactory.FreePort(), DistrictHostFactory.FreePort());
        await using (var host = new DistrictHostFactory(StorageMode.PostgreSql, db.ConnectionString, settings: Ports(silo, gateway)))
        {
            _ = host.BaseAddress;
            ListeningAddresses(silo).Should().Equal([IPAddress.Loopback], "the host advertises 127.0.0.1 and listens there only");
            ListeningAddresses(gateway).Should().Equal([IPAddress.Loopback]);
        }

        // Behind NAT the advertised address is not the host's own: it listens on every interface, and the probe sees it.
        var (silo2, gateway2) = (DistrictHostFactory.FreePort(), DistrictHostFactory.FreePort());
        var any = Ports(silo2, gateway2);
        any["Hanan:Cluster:ListenOnAnyAddress"] = "true";
        await using var natted = new DistrictHostFactory(StorageMode.PostgreSql, db.ConnectionString, settings: any);
        _ = natted.BaseAddress;
        ListeningAddresses(silo2).Should().NotBeEmpty().And.Contain(a => !IPAddress.IsLoopback(a), "0.0.0.0 or :: is every interface");
    }

    private static Dictionary<string, string?> Ports(int silo, int gateway) => new()
    {
        ["Hanan:Cluster:SiloPort"] = silo.ToString(CultureInfo.InvariantCulture),
        ["Hanan:Cluster:GatewayPort"] = gateway.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>Local addresses of the TCP sockets listening on <paramref name="port"/> (state 0A), IPv4 and IPv6.</summary>
    private static List<IPAddress> ListeningAddresses(int port)
    {
        var addresses = new List<IPAddress>();
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            if (!File.Exists(table))
            {
                continue;
            }

            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var local = fields[1].Split(':');
                if (fields[3] == "0A" && int.Parse(local[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture) == port)
                {
                    var address = Address(local[0]);
                    addresses.Add(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
                }
            }
        }

        return addresses;
    }

    /// <summary>The kernel writes each 32-bit word of the address in host byte order (little-endian here).</summary>
    private static IPAddress Address(string hex)
    {
        var bytes = Convert.FromHexString(hex);
        for (var word = 0; word < bytes.Length; word += 4)
        {
            Array.Reverse(bytes, word, 4);
        }

        return new IPAddress(bytes);
    }
}
