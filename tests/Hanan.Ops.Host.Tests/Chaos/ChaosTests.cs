using System.Globalization;
using Xunit.Abstractions;

namespace Hanan.Ops.Host.Tests.Chaos;

/// <summary>The chaos tests run alone: two host processes and a steady load use both cores of the CI machine.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ChaosCollection
{
    public const string Name = "Chaos";
}

/// <summary>
/// Chaos tests of the crash-safe case pipeline (issue 13, part 7) against real host processes on a real PostgreSQL:
/// appeals filed under load, with retries by idempotency key, while a silo is SIGKILLed or the database drops every
/// connection. The invariants are in <see cref="CasePipelineInvariants"/>. Run them with
/// <c>dotnet test tests/Hanan.Ops.Host.Tests -c Release --filter Category=Chaos</c>.
/// <para>
/// "Each escalation step fires exactly once" is not asserted here: a host process runs on <see cref="TimeProvider.System"/>
/// (ServiceDefaultsExtensions registers it; the host has no setting that replaces the district clock), so a test cannot
/// drive its clock to a deadline. That invariant stays with the tests that inject a <c>FakeTimeProvider</c>
/// (PostgresDurabilityTests, the grain tests).
/// </para>
/// </summary>
[Collection(ChaosCollection.Name)]
[Trait("Category", "Chaos")]
public sealed class ChaosTests(ITestOutputHelper output)
{
    /// <summary>Appeals offered per second, over both hosts.</summary>
    private const double Rate = 60;

    /// <summary>Concurrent clients; each works on one appeal (with its retries) at a time.</summary>
    private const int Clients = 16;

    [Fact]
    public async Task Killing_one_of_two_silos_under_load_loses_no_acknowledged_appeal()
    {
        await using var cluster = await ChaosCluster.StartAsync(2, "silo");
        var survivor = cluster.Hosts[0];
        var victim = cluster.Hosts[1];
        // Signed in before the chaos (the hosts share the signing key): the checks read through the survivor with it.
        var token = await ChaosCluster.DispatcherTokenAsync(survivor);
        using var load = new AppealLoad(cluster.Hosts, await cluster.GridCodesAsync(), cluster.ClusterId);

        var running = load.RunAsync(Rate, TimeSpan.FromSeconds(20), Clients);
        await Task.Delay(TimeSpan.FromSeconds(4));
        victim.Kill();
        var killedAt = load.Elapsed;
        var declaredDead = cluster.WaitActiveSilosAsync(1, TimeSpan.FromSeconds(60));
        await running;
        var detection = await declaredDead;

        using var invariants = new CasePipelineInvariants(cluster, survivor, token, load, output);
        var acks = load.Acknowledged.Values.ToList();
        invariants.Figure($"{victim.Name} SIGKILLed at {killedAt.TotalSeconds:0.0} s of the load; the survivor's membership showed 1 active silo "
            + (detection is null ? "never (60 s)" : $"{detection.Value.TotalSeconds:0.0} s after the kill"));
        invariants.Figure($"acknowledged before the kill {acks.Count(a => a.At < killedAt)}, after {acks.Count(a => a.At >= killedAt)} "
            + $"(by {survivor.Name} after the kill: {acks.Count(a => a.At >= killedAt && a.Host == survivor.Name)}); connection refused by {victim.Name}: "
            + load.Outcomes.Where(o => o.Key.Host == victim.Name && o.Key.Outcome == "connection-refused").Sum(o => o.Value).ToString(CultureInfo.InvariantCulture));
        if (!acks.Any(a => a.At >= killedAt + TimeSpan.FromSeconds(1) && a.Host == survivor.Name))
        {
            invariants.Fail($"{survivor.Name} acknowledged no appeal after the kill of {victim.Name}");
        }

        if (survivor.HasExited)
        {
            invariants.Fail($"the survivor {survivor.Name} exited");
        }

        await invariants.AssertAllAsync("silo loss: SIGKILL of one of two hosts under load");
    }

    [Fact]
    public async Task Dropping_every_database_connection_under_load_loses_no_acknowledged_appeal()
    {
        await using var cluster = await ChaosCluster.StartAsync(2, "pg");
        var token = await ChaosCluster.DispatcherTokenAsync(cluster.Hosts[0]);
        using var load = new AppealLoad(cluster.Hosts, await cluster.GridCodesAsync(), cluster.ClusterId);

        var running = load.RunAsync(Rate, TimeSpan.FromSeconds(12), Clients);
        var terminations = new List<string>();
        foreach (var at in new[] { 3.0, 7.0 })
        {
            var wait = TimeSpan.FromSeconds(at) - load.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }

            var terminated = await cluster.TerminateDatabaseConnectionsAsync();
            terminations.Add($"{terminated} backends at {load.Elapsed.TotalSeconds:0.0} s");
        }

        await running;

        using var invariants = new CasePipelineInvariants(cluster, cluster.Hosts[0], token, load, output);
        invariants.Figure("pg_terminate_backend on the test database: " + string.Join("; ", terminations));
        var acks = load.Acknowledged.Values.ToList();
        invariants.Figure($"acknowledged after the first termination: {acks.Count(a => a.At >= TimeSpan.FromSeconds(3))}");
        foreach (var host in cluster.Hosts.Where(h => h.HasExited))
        {
            invariants.Fail($"{host.Name} exited when its database connections were dropped");
        }

        await invariants.AssertAllAsync("database connection loss: pg_terminate_backend twice under load, two hosts");
    }
}
