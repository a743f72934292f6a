using System.Runtime.InteropServices;

namespace Hanan.Ops.Bench;

/// <summary>The machine the figures were measured on.</summary>
public sealed record Machine(int LogicalCpus, string CpuModel, double MemoryGiB, string Os, string Kernel, string Dotnet)
{
    public static Machine Describe() => new(
        Environment.ProcessorCount,
        FirstValue("/proc/cpuinfo", "model name", ':') ?? RuntimeInformation.ProcessArchitecture.ToString(),
        TotalMemoryGiB(),
        FirstValue("/etc/os-release", "PRETTY_NAME", '=')?.Trim('"') ?? RuntimeInformation.OSDescription,
        File.Exists("/proc/sys/kernel/osrelease") ? File.ReadAllText("/proc/sys/kernel/osrelease").Trim() : Environment.OSVersion.VersionString,
        RuntimeInformation.FrameworkDescription);

    private static double TotalMemoryGiB()
    {
        var kb = FirstValue("/proc/meminfo", "MemTotal", ':');
        return kb is not null && long.TryParse(kb.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], out var v)
            ? Math.Round(v / 1024.0 / 1024.0, 1)
            : 0;
    }

    private static string? FirstValue(string file, string key, char separator)
    {
        if (!File.Exists(file))
        {
            return null;
        }

        foreach (var line in File.ReadLines(file))
        {
            var i = line.IndexOf(separator, StringComparison.Ordinal);
            if (i > 0 && line[..i].Trim() == key)
            {
                return line[(i + 1)..].Trim();
            }
        }

        return null;
    }
}
