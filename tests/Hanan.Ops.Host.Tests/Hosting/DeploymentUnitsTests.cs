using System.Globalization;
using Hanan.Ops.Host.Hosting;
using Orleans.Hosting.Kubernetes;
using YamlDotNet.RepresentationModel;

namespace Hanan.Ops.Host.Tests.Hosting;

/// <summary>
/// The deployment units under ops/deploy parse and agree with the host: the Kubernetes manifests (no cluster here, so
/// they are read, not applied) and the systemd unit with its settings file.
/// </summary>
public sealed class DeploymentUnitsTests
{
    private static readonly string K8s = Repository.PathOf("ops", "deploy", "k8s");
    private static readonly string Systemd = Repository.PathOf("ops", "deploy", "systemd");

    [Fact]
    public void The_kustomization_lists_every_manifest_and_each_parses()
    {
        var kustomization = Load(Path.Combine(K8s, "kustomization.yaml")).Single();
        var listed = Sequence(kustomization, "resources").Select(r => r.ToString()).ToList();
        var files = Directory.GetFiles(K8s, "*.yaml").Select(Path.GetFileName).Where(f => f != "kustomization.yaml").ToList();
        listed.Should().BeEquivalentTo(files, "every manifest is applied by kubectl apply -k");

        var kinds = Manifests().Select(m => Text(m, "kind")).ToList();
        kinds.Should().Contain(["Deployment", "Service", "PodDisruptionBudget", "ServiceAccount", "Role", "RoleBinding", "NetworkPolicy"]);
        Manifests().Should().OnlyContain(m => Text(Map(m, "metadata"), "name").Length > 0, "every object is named");
    }

    [Fact]
    public void The_deployment_probes_health_and_gives_the_graceful_shutdown_its_time()
    {
        var pod = Map(Map(Map(Of("Deployment"), "spec"), "template"), "spec");
        var container = (YamlMappingNode)Sequence(pod, "containers").Single();

        Text(Map(Map(container, "livenessProbe"), "httpGet"), "path").Should().Be("/health/live");
        Text(Map(Map(container, "readinessProbe"), "httpGet"), "path").Should().Be("/health/ready");
        Text(Map(Map(container, "readinessProbe"), "httpGet"), "port").Should().Be("http");
        Ports(container).Should().ContainKeys("http", "silo", "gateway");
        Ports(container)["silo"].Should().Be(int.Parse(Env(container)["Hanan__Cluster__SiloPort"], CultureInfo.InvariantCulture));
        Ports(container)["http"].Should().Be(int.Parse(Env(container)["ASPNETCORE_HTTP_PORTS"], CultureInfo.InvariantCulture));

        var timeout = TimeSpan.Parse(Env(container)["Hanan__Shutdown__Timeout"], CultureInfo.InvariantCulture);
        var drain = TimeSpan.Parse(Env(container)["Hanan__Shutdown__DrainDelay"], CultureInfo.InvariantCulture);
        var grace = TimeSpan.FromSeconds(int.Parse(Text(pod, "terminationGracePeriodSeconds"), CultureInfo.InvariantCulture));
        grace.Should().BeGreaterThan(timeout, "Kubernetes must not SIGKILL a host before its graceful shutdown is over");
        drain.Should().BeLessThan(timeout);
        var readiness = Map(container, "readinessProbe");
        TimeSpan.FromSeconds(int.Parse(Text(readiness, "periodSeconds"), CultureInfo.InvariantCulture) * int.Parse(Text(readiness, "failureThreshold"), CultureInfo.InvariantCulture))
            .Should().BeLessThan(drain, "readiness must be seen failing while the host still serves");

        var strategy = Map(Map(Map(Of("Deployment"), "spec"), "strategy"), "rollingUpdate");
        Text(strategy, "maxUnavailable").Should().Be("0", "a new pod is ready before an old one leaves");
    }

    [Fact]
    public void The_pods_carry_what_Orleans_Kubernetes_hosting_reads()
    {
        var template = Map(Map(Of("Deployment"), "spec"), "template");
        var labels = Strings(Map(Map(template, "metadata"), "labels"));
        var container = (YamlMappingNode)Sequence(Map(template, "spec"), "containers").Single();
        var env = Env(container);

        labels.Should().ContainKeys(KubernetesHostingOptions.ServiceIdLabel, KubernetesHostingOptions.ClusterIdLabel);
        env[KubernetesHostingOptions.PodNameEnvironmentVariable].Should().Be("field:metadata.name");
        env[KubernetesHostingOptions.PodNamespaceEnvironmentVariable].Should().Be("field:metadata.namespace");
        env[KubernetesHostingOptions.PodIPEnvironmentVariable].Should().Be("field:status.podIP");
        env[KubernetesHostingOptions.ServiceIdEnvironmentVariable].Should().Be($"field:metadata.labels['{KubernetesHostingOptions.ServiceIdLabel}']");
        env[KubernetesHostingOptions.ClusterIdEnvironmentVariable].Should().Be($"field:metadata.labels['{KubernetesHostingOptions.ClusterIdLabel}']");
        env["Hanan__Cluster__ServiceId"].Should().Be(env[KubernetesHostingOptions.ServiceIdEnvironmentVariable], "the host's own settings name the same cluster");
        env["Hanan__Cluster__ClusterId"].Should().Be(env[KubernetesHostingOptions.ClusterIdEnvironmentVariable]);
        env["Hanan__Cluster__Kubernetes"].Should().Be("true");
        env["Hanan__Storage__Mode"].Should().Be(nameof(StorageMode.PostgreSql), "the Kubernetes package does not do clustering: membership stays on PostgreSQL");
        env["Hanan__Cluster__Tls__Enabled"].Should().Be("true");

        // The service account it runs as may watch and patch pods in its namespace.
        var account = Text(Map(template, "spec"), "serviceAccountName");
        var binding = Of("RoleBinding");
        Sequence(binding, "subjects").Cast<YamlMappingNode>().Should().Contain(s => Text(s, "kind") == "ServiceAccount" && Text(s, "name") == account);
        var role = Manifests().Single(m => Text(m, "kind") == "Role" && Text(Map(m, "metadata"), "name") == Text(Map(binding, "roleRef"), "name"));
        var rule = Sequence(role, "rules").Cast<YamlMappingNode>().Single(r => Sequence(r, "resources").Any(x => x.ToString() == "pods"));
        Sequence(rule, "verbs").Select(v => v.ToString()).Should().Contain(["get", "list", "watch", "patch"]);
    }

    [Fact]
    public void Kubernetes_hosting_is_on_in_a_pod_and_as_set_elsewhere()
    {
        var pod = new Dictionary<string, string?> { ["KUBERNETES_SERVICE_HOST"] = "10.96.0.1", ["POD_NAME"] = "hanan-ops-7d9f-abcde" };
        string? InPod(string name) => pod.GetValueOrDefault(name);
        string? Elsewhere(string name) => null;

        new ClusterSettings().UsesKubernetes(InPod).Should().BeTrue("a pod names itself and the API server");
        new ClusterSettings().UsesKubernetes(Elsewhere).Should().BeFalse();
        new ClusterSettings { Kubernetes = false }.UsesKubernetes(InPod).Should().BeFalse("the setting wins");
        new ClusterSettings { Kubernetes = true }.UsesKubernetes(Elsewhere).Should().BeTrue();
        pod.Remove("POD_NAME");
        new ClusterSettings().UsesKubernetes(InPod).Should().BeFalse("without POD_NAME the hosting package cannot name the silo");
    }

    [Fact]
    public void The_service_and_the_disruption_budget_select_the_hosts_pods()
    {
        var podLabels = Strings(Map(Map(Map(Map(Of("Deployment"), "spec"), "template"), "metadata"), "labels"));
        var service = Map(Of("Service"), "spec");
        Strings(Map(service, "selector")).Should().BeSubsetOf(podLabels);
        var ports = Sequence(service, "ports").Cast<YamlMappingNode>().ToList();
        ports.Select(p => Text(p, "targetPort")).Should().Equal(["http"], "only HTTP is exposed; silos reach each other pod to pod");
        Text(service, "sessionAffinity").Should().BeOneOf(["", "None"], "any host takes any connection");

        var budget = Map(Of("PodDisruptionBudget"), "spec");
        Strings(Map(Map(budget, "selector"), "matchLabels")).Should().BeSubsetOf(podLabels);
        Text(budget, "maxUnavailable").Should().Be("1");

        var policy = Map(Of("NetworkPolicy"), "spec");
        var rules = Sequence(policy, "ingress").Cast<YamlMappingNode>().ToList();
        var siloRule = rules.Single(r => Sequence(r, "ports").Cast<YamlMappingNode>().Any(p => Text(p, "port") == "silo"));
        Strings(Map(Map((YamlMappingNode)Sequence(siloRule, "from").Single(), "podSelector"), "matchLabels")).Should().BeSubsetOf(podLabels,
            "the silo port is open to the other hosts only");
        rules.SelectMany(r => Sequence(r, "ports").Cast<YamlMappingNode>()).Should().NotContain(p => Text(p, "port") == "gateway",
            "nothing uses the gateway port");
    }

    [Fact]
    public void The_systemd_unit_stops_by_SIGTERM_after_the_graceful_shutdown_and_is_hardened()
    {
        var unit = Ini(Path.Combine(Systemd, "hanan-ops.service"));
        var settings = File.ReadAllLines(Path.Combine(Systemd, "hanan-ops.env.example"))
            .Where(l => l.Length > 0 && !l.StartsWith('#') && l.Contains('=', StringComparison.Ordinal))
            .ToDictionary(l => l[..l.IndexOf('=', StringComparison.Ordinal)], l => l[(l.IndexOf('=', StringComparison.Ordinal) + 1)..]);

        unit["Service"]["EnvironmentFile"].Should().Equal("/etc/hanan-ops/hanan-ops.env");
        unit["Service"]["KillSignal"].Should().Equal("SIGTERM");
        var stop = TimeSpan.FromSeconds(int.Parse(unit["Service"]["TimeoutStopSec"].Single(), CultureInfo.InvariantCulture));
        stop.Should().BeGreaterThan(TimeSpan.Parse(settings["Hanan__Shutdown__Timeout"], CultureInfo.InvariantCulture),
            "systemd must not SIGKILL a host before its graceful shutdown is over");
        stop.Should().BeGreaterThan(new ShutdownOptions().Timeout, "the host's default shutdown timeout fits too");
        foreach (var (option, value) in new[]
                 {
                     ("NoNewPrivileges", "yes"), ("ProtectSystem", "strict"), ("ProtectHome", "yes"), ("PrivateTmp", "yes"),
                     ("PrivateDevices", "yes"), ("ProtectKernelTunables", "yes"), ("ProtectControlGroups", "yes"), ("RestrictSUIDSGID", "yes"),
                     ("CapabilityBoundingSet", ""),
                 })
        {
            unit["Service"].Should().ContainKey(option);
            unit["Service"][option].Should().Contain(value, $"{option}={value} hardens the service");
        }

        unit["Service"]["User"].Single().Should().NotBe("root");
        settings["Hanan__Storage__Mode"].Should().Be(nameof(StorageMode.PostgreSql));
        settings["Hanan__Cluster__Tls__Enabled"].Should().Be("true");
    }

    private static IEnumerable<YamlMappingNode> Manifests() =>
        Directory.GetFiles(K8s, "*.yaml").Where(f => Path.GetFileName(f) != "kustomization.yaml").SelectMany(Load);

    private static YamlMappingNode Of(string kind) => Manifests().Single(m => Text(m, "kind") == kind);

    private static List<YamlMappingNode> Load(string path)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(path);
        stream.Load(reader);
        return stream.Documents.Select(d => (YamlMappingNode)d.RootNode).ToList();
    }

    private static YamlMappingNode Map(YamlMappingNode node, string key) => Map(node, key, optional: false)!;

    private static YamlMappingNode? Map(YamlMappingNode node, string key, bool optional) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? (YamlMappingNode)child
        : optional ? null : throw new KeyNotFoundException($"'{key}' is missing at line {node.Start.Line}");

    private static YamlSequenceNode Sequence(YamlMappingNode node, string key) => (YamlSequenceNode)node.Children[new YamlScalarNode(key)];

    private static string Text(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? ((YamlScalarNode)child).Value ?? "" : "";

    private static Dictionary<string, string> Strings(YamlMappingNode node) =>
        node.Children.ToDictionary(c => ((YamlScalarNode)c.Key).Value!, c => ((YamlScalarNode)c.Value).Value!);

    private static Dictionary<string, int> Ports(YamlMappingNode container) =>
        Sequence(container, "ports").Cast<YamlMappingNode>().ToDictionary(p => Text(p, "name"), p => int.Parse(Text(p, "containerPort"), CultureInfo.InvariantCulture));

    /// <summary>The container's environment: a value, or "field:PATH" for a value from the pod's own fields.</summary>
    private static Dictionary<string, string> Env(YamlMappingNode container) =>
        Sequence(container, "env").Cast<YamlMappingNode>().ToDictionary(e => Text(e, "name"), e =>
            Map(e, "valueFrom", optional: true) is { } from ? "field:" + Text(Map(from, "fieldRef"), "fieldPath") : Text(e, "value"));

    /// <summary>A systemd unit file: section → option → its values (an option may repeat).</summary>
    private static Dictionary<string, Dictionary<string, List<string>>> Ini(string path)
    {
        var sections = new Dictionary<string, Dictionary<string, List<string>>>();
        var current = new Dictionary<string, List<string>>();
        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#') || line.StartsWith(';'))
            {
                continue;
            }

            if (line.StartsWith('[') && line.EndsWith(']'))
            {
                current = sections[line[1..^1]] = [];
                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            equals.Should().BePositive($"'{line}' in {path} is an option");
            var key = line[..equals];
            if (!current.TryGetValue(key, out var values))
            {
                current[key] = values = [];
            }

            values.Add(line[(equals + 1)..]);
        }

        return sections;
    }
}
