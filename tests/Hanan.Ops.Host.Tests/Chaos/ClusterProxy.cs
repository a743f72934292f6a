using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace Hanan.Ops.Host.Tests.Chaos;

/// <summary>
/// HAProxy (Debian's package, as ops/test.sh installs it) in front of host processes, with the configuration that
/// ops/cluster.sh writes (<c>ops/cluster.sh proxy-config</c>), so the tests exercise the proxy the operators run.
/// Disposing stops it.
/// </summary>
internal sealed class ClusterProxy : ILoadTarget, IDisposable
{
    private readonly Process _process;

    private readonly Uri _stats;

    private ClusterProxy(Process process, Uri baseAddress, Uri stats, string configPath)
    {
        _process = process;
        BaseAddress = baseAddress;
        _stats = stats;
        ConfigPath = configPath;
    }

    public string Name => "proxy";

    public Uri BaseAddress { get; }

    public string ConfigPath { get; }

    /// <summary>The haproxy binary: HANAN_HAPROXY, else Debian's /usr/sbin/haproxy.</summary>
    public static string Binary => Environment.GetEnvironmentVariable("HANAN_HAPROXY") is { Length: > 0 } path ? path : "/usr/sbin/haproxy";

    /// <summary>Writes the configuration for <paramref name="hosts"/> and starts HAProxy in the foreground; returns once it listens.</summary>
    public static async Task<ClusterProxy> StartAsync(IReadOnlyList<HostProcess> hosts, string directory, TimeSpan checkInterval)
    {
        if (!File.Exists(Binary))
        {
            throw new InvalidOperationException($"HAProxy is not installed at {Binary}: ops/test.sh installs Debian's haproxy package (apt-get install haproxy).");
        }

        var port = DistrictHostFactory.FreePort();
        var stats = DistrictHostFactory.FreePort();
        var arguments = new List<string>
        {
            Repository.PathOf("ops", "cluster.sh"), "proxy-config", $"127.0.0.1:{port}", $"127.0.0.1:{stats}",
            ((int)checkInterval.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms",
        };
        arguments.AddRange(hosts.Select(h => $"{h.BaseAddress.Host}:{h.BaseAddress.Port}"));
        var config = await RunAsync("bash", arguments);
        Directory.CreateDirectory(directory);
        var configPath = Path.Combine(directory, "haproxy.cfg");
        await File.WriteAllTextAsync(configPath, config);

        var start = new ProcessStartInfo(Binary, ["-db", "-f", configPath])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start)!;
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var proxy = new ClusterProxy(process, new Uri($"http://127.0.0.1:{port}"), new Uri($"http://127.0.0.1:{stats}/;csv"), configPath);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"HAProxy exited ({process.ExitCode}):\n{string.Join('\n', output)}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port);
                return proxy;
            }
            catch (SocketException) when (clock.Elapsed < TimeSpan.FromSeconds(10))
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>The proxy's state of each host (host-1, host-2, … in the order given): UP, DOWN, "UP 1/2", …, from its statistics page.</summary>
    public async Task<IReadOnlyDictionary<string, string>> ServerStatesAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        var csv = await http.GetStringAsync(_stats);
        return csv.Split('\n').Select(line => line.Split(','))
            .Where(f => f.Length > 17 && f[0] == "hosts" && f[1].StartsWith("host-", StringComparison.Ordinal))
            .ToDictionary(f => f[1], f => f[17], StringComparer.Ordinal);
    }

    /// <summary>Waits until the proxy sends traffic to the <paramref name="index"/>th host (0-based) again.</summary>
    public async Task WaitUpAsync(int index, TimeSpan timeout)
    {
        var name = $"host-{index + 1}";
        var clock = Stopwatch.StartNew();
        var state = "";
        while (clock.Elapsed < timeout)
        {
            state = (await ServerStatesAsync()).GetValueOrDefault(name, "missing");
            if (state == "UP")
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The proxy did not see {name} UP within {timeout.TotalSeconds:0} s (last: {state}).");
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
    }

    private static async Task<string> RunAsync(string program, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0
            ? await stdout
            : throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await stderr}");
    }
}
