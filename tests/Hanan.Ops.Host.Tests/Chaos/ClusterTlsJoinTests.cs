using System.Diagnostics;
using System.Globalization;
using Hanan.Ops.Host.Tests.Hosting;
using Xunit.Abstractions;

namespace Hanan.Ops.Host.Tests.Chaos;

/// <summary>
/// Mutual TLS on the silo port between real host processes on PostgreSQL: two hosts with certificates of the cluster's
/// CA form a cluster; a third with a certificate of another CA (and trusting the cluster's CA itself) cannot join.
/// </summary>
[Collection(ChaosCollection.Name)]
[Trait("Category", "Chaos")]
public sealed class ClusterTlsJoinTests(ITestOutputHelper output)
{
    private const int Joining = 2;
    private const int Active = 3;

    [Fact]
    public async Task Hosts_with_the_cluster_CA_form_a_cluster_and_a_host_with_another_CA_never_becomes_a_member()
    {
        using var certificates = TestCertificates.In(Path.Combine(Path.GetTempPath(), "hanan-tls-join-" + Guid.NewGuid().ToString("N")[..8]));
        var authority = certificates.Authority("cluster");
        var members = new[] { certificates.Leaf("host-a", authority), certificates.Leaf("host-b", authority) };
        var stranger = certificates.Leaf("host-c", certificates.Authority("stranger"));

        await using var cluster = await ChaosCluster.StartAsync(2, "tls", i => Tls(members[i].CertificatePath, members[i].KeyPath, certificates.CaPath("cluster")));
        (await cluster.ActiveSilosAsync()).Should().Be(2, "two hosts with the cluster's certificates form a cluster over TLS");

        var intruder = cluster.StartHost("host-c", new Dictionary<string, string>(Tls(stranger.CertificatePath, stranger.KeyPath, certificates.CaPath("cluster")))
        {
            // It gives up joining after this long (Orleans' ClusterMembershipOptions, bound from Hanan:Cluster:Membership).
            ["Hanan__Cluster__Membership__MaxJoinAttemptTime"] = "00:00:15",
        });
        var intruderPort = int.Parse(intruder.Setting("Hanan__Cluster__SiloPort"), CultureInfo.InvariantCulture);

        var seen = new SortedSet<int>();
        var ready = false;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        while (!intruder.HasExited && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            foreach (var (_, status) in (await cluster.MembersAsync()).Where(m => m.Port == intruderPort))
            {
                seen.Add(status);
            }

            try
            {
                using var response = await http.GetAsync(new Uri(intruder.BaseAddress, "/health/ready"));
                ready |= response.IsSuccessStatusCode;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        var figures = $"host-c with another CA's certificate: exited {intruder.HasExited} after {clock.Elapsed.TotalSeconds:0.0} s; "
            + $"its statuses in the membership table: [{string.Join(", ", seen)}] (2 Joining, 3 Active, 6 Dead); ever ready: {ready}; "
            + $"active silos now: {await cluster.ActiveSilosAsync()}";
        output.WriteLine(figures);
        seen.Should().Contain(Joining, $"it got as far as asking to join: its certificate and settings loaded ({figures})\n{intruder.Tail()}");
        seen.Should().NotContain(Active, $"a host whose certificate the cluster does not trust must never be an active member ({figures})\n{intruder.Tail()}");
        ready.Should().BeFalse("it never became ready");
        intruder.HasExited.Should().BeTrue($"it gave up joining and exited within 60 s ({figures})\n{intruder.Tail()}");
        (await cluster.ActiveSilosAsync()).Should().Be(2, "the two members are undisturbed");
        cluster.Passed = true;
    }

    private static Dictionary<string, string> Tls(string certificate, string key, string authority) => new()
    {
        ["Hanan__Cluster__Tls__Enabled"] = "true",
        ["Hanan__Cluster__Tls__CertificatePath"] = certificate,
        ["Hanan__Cluster__Tls__KeyPath"] = key,
        ["Hanan__Cluster__Tls__CaPath"] = authority,
    };
}
