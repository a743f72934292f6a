using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;

namespace Hanan.Ops.Host.Tests.Chaos;

/// <summary>
/// One real <c>Hanan.Ops.Host</c> process (<c>dotnet Hanan.Ops.Host.dll --urls …</c>, as ops/bench.sh runs it), configured
/// through environment variables, its standard output and error captured to a log file. <see cref="Kill"/> is SIGKILL,
/// <see cref="Terminate"/> SIGTERM; <see cref="Restart"/> starts it again with the same settings and HTTP port.
/// </summary>
internal sealed class HostProcess : IDisposable, ILoadTarget
{
    private readonly ProcessStartInfo _start;
    private readonly StreamWriter _log;
    private readonly object _gate = new();
    private Process _process;
    private bool _logClosed;

    private HostProcess(string name, ProcessStartInfo start, StreamWriter log, string logPath, Uri baseAddress)
    {
        Name = name;
        _start = start;
        _process = new Process();
        _log = log;
        LogPath = logPath;
        BaseAddress = baseAddress;
    }

    public string Name { get; }

    public Uri BaseAddress { get; }

    public string LogPath { get; }

    /// <summary>One of the settings (environment variables) the host runs with.</summary>
    public string Setting(string key) => _start.Environment[key] ?? throw new KeyNotFoundException(key);

    public int Pid => _process.Id;

    public bool Killed { get; private set; }

    public bool HasExited
    {
        get
        {
            try
            {
                return _process.HasExited;
            }
            catch (InvalidOperationException)
            {
                return true;
            }
        }
    }

    /// <summary>The built host of this configuration: the path MSBuild resolved from the project reference (see the csproj).</summary>
    public static string HostDll
    {
        get
        {
            var path = typeof(HostProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .FirstOrDefault(a => a.Key == "HananHostDll")?.Value;
            if (string.IsNullOrWhiteSpace(path))
            {
                throw new InvalidOperationException(
                    "The test assembly carries no HananHostDll metadata: the EmbedHananHostDllPath target of Hanan.Ops.Host.Tests.csproj did not run.");
            }

            if (!File.Exists(path))
            {
                throw new InvalidOperationException($"The built host is missing at {path}: build the solution (dotnet build Hanan.Ops.sln -c Release) first.");
            }

            return path;
        }
    }

    /// <summary>Starts the host; it is not ready yet (see <see cref="WaitReadyAsync"/>).</summary>
    public static HostProcess Start(string name, string logDirectory, IReadOnlyDictionary<string, string> settings)
    {
        var dll = HostDll;
        var port = DistrictHostFactory.FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } muxer && File.Exists(muxer) ? muxer : "dotnet")
        {
            // The content root is the working directory: appsettings.json and data/ are next to the dll.
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(baseAddress.ToString().TrimEnd('/'));

        // Nothing of the test runner's own host configuration leaks into the child.
        foreach (var inherited in start.Environment.Keys.Where(k =>
                     k.StartsWith("Hanan__", StringComparison.OrdinalIgnoreCase) || k.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase)
                     || k.StartsWith("Logging__", StringComparison.OrdinalIgnoreCase) || k.StartsWith("OTEL_", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(inherited);
        }

        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        Directory.CreateDirectory(logDirectory);
        var logPath = Path.Combine(logDirectory, name + ".log");
        var log = new StreamWriter(logPath, append: false, Encoding.UTF8) { AutoFlush = true };
        var host = new HostProcess(name, start, log, logPath, baseAddress);
        host.Launch();
        return host;
    }

    /// <summary>Starts the host again, after it exited, with the same settings and HTTP port; it is not ready yet.</summary>
    public void Restart()
    {
        if (!HasExited)
        {
            throw new InvalidOperationException($"{Name} (pid {Pid}) is still running.");
        }

        Killed = false;
        _process.Dispose();
        Launch();
    }

    /// <summary>SIGTERM: the host shuts down gracefully (see GracefulShutdown); <see cref="WaitForExitAsync"/> waits for it.</summary>
    public void Terminate()
    {
        Write($"[chaos] SIGTERM {Name} (pid {Pid}) at {DateTimeOffset.UtcNow:HH:mm:ss.fff}");
        if (HasExited)
        {
            return;
        }

        using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", Pid.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        kill.WaitForExit();
        if (kill.ExitCode != 0 && !HasExited)
        {
            throw new InvalidOperationException($"kill -TERM {Pid} failed with exit code {kill.ExitCode}.");
        }
    }

    /// <summary>Waits for the process to exit; its exit code, or null when <paramref name="timeout"/> passed first.</summary>
    public async Task<int?> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    private void Launch()
    {
        var process = new Process { StartInfo = _start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data is null ? null : "[stderr] " + e.Data);
        Write($"[chaos] starting {Name}: dotnet {_start.ArgumentList[0]} --urls {BaseAddress}");
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
    }

    /// <summary>Polls /health/ready until 200; fails with the log's tail if the process exits or the time runs out.</summary>
    public async Task WaitReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (HasExited)
            {
                throw new InvalidOperationException($"Host {Name} exited during start-up (exit code {ExitCode()}).\n{Tail()}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(BaseAddress, "/health/ready"));
                if (response.IsSuccessStatusCode)
                {
                    Write($"[chaos] {Name} ready after {clock.Elapsed.TotalSeconds:0.0} s");
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"Host {Name} was not ready within {timeout.TotalSeconds:0} s.\n{Tail()}");
            }

            await Task.Delay(250);
        }
    }

    /// <summary>SIGKILL of the host (and any child): no shutdown, no flushing, no leaving the cluster.</summary>
    public void Kill()
    {
        Write($"[chaos] SIGKILL {Name} (pid {Pid}) at {DateTimeOffset.UtcNow:HH:mm:ss.fff}");
        Killed = true;
        if (!HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.WaitForExit(5000);
    }

    /// <summary>The last lines of the host's log, for assertion messages.</summary>
    public string Tail(int lines = 40)
    {
        lock (_gate)
        {
            try
            {
                using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var reader = new StreamReader(stream);
                var all = reader.ReadToEnd().Split('\n');
                return $"--- last {Math.Min(lines, all.Length)} lines of {Name}'s log ({LogPath}) ---\n"
                    + string.Join('\n', all.TakeLast(lines).Select(l => l.Length <= 400 ? l : l[..400] + "…"));
            }
            catch (IOException e)
            {
                return $"(log of {Name} unreadable: {e.Message})";
            }
        }
    }

    public void Dispose()
    {
        try
        {
            if (!HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }
        catch (System.ComponentModel.Win32Exception)
        {
        }

        lock (_gate)
        {
            _logClosed = true;
            _log.Dispose();
        }

        _process.Dispose();
    }

    private string ExitCode()
    {
        try
        {
            return _process.ExitCode.ToString(CultureInfo.InvariantCulture);
        }
        catch (InvalidOperationException)
        {
            return "?";
        }
    }

    private void Write(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            if (!_logClosed)
            {
                _log.WriteLine(line);
            }
        }
    }
}
