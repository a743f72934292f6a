using System.Diagnostics;
using System.Globalization;

namespace Hanan.Ops.Bench;

/// <summary>The host under test seen from outside, through /proc: its resident set and CPU time.</summary>
public sealed class HostProcess(int pid)
{
    /// <summary>Clock ticks per second of /proc/&lt;pid&gt;/stat (USER_HZ, 100 on Linux).</summary>
    private const double TicksPerSecond = 100;

    public int Pid { get; } = pid;

    public bool Alive => File.Exists($"/proc/{Pid}/status");

    /// <summary>VmRSS (resident set now) and VmHWM (its peak) in bytes.</summary>
    public (long Rss, long Peak) ResidentSet()
    {
        long rss = 0, peak = 0;
        foreach (var line in File.ReadLines($"/proc/{Pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = Kilobytes(line);
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                peak = Kilobytes(line);
            }
        }

        return (rss, peak);
    }

    /// <summary>User plus system CPU seconds the host has used so far.</summary>
    public double CpuSeconds()
    {
        var stat = File.ReadAllText($"/proc/{Pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // After the command: state is field 3, utime field 14, stime field 15 (1-based in proc(5)).
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }

    private static long Kilobytes(string line) =>
        long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
}

/// <summary>CPU used during a run, in cores (CPU seconds per second of wall time): the host's, and the load generator's own.</summary>
public sealed record CpuUse(double GeneratorCores, double? HostCores);

/// <summary>Measures the CPU of the generator (this process) and, when known, of the host across a run.</summary>
public sealed class CpuMeter
{
    private readonly HostProcess? _host;
    private readonly long _start = Stopwatch.GetTimestamp();
    private readonly TimeSpan _own = Process.GetCurrentProcess().TotalProcessorTime;
    private readonly double _hostStart;

    private CpuMeter(HostProcess? host)
    {
        _host = host;
        _hostStart = host?.CpuSeconds() ?? 0;
    }

    public static CpuMeter Start(HostProcess? host) => new(host);

    public CpuUse Stop()
    {
        var wall = Stopwatch.GetElapsedTime(_start).TotalSeconds;
        var own = (Process.GetCurrentProcess().TotalProcessorTime - _own).TotalSeconds;
        return new CpuUse(Math.Round(own / wall, 2), _host is null ? null : Math.Round((_host.CpuSeconds() - _hostStart) / wall, 2));
    }
}
