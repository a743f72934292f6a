namespace Hanan.Ops.Host.Tests;

/// <summary>The repository the tests run in: its files (scripts, deployment units, docs) are read or run by tests.</summary>
internal static class Repository
{
    /// <summary>The folder holding Hanan.Ops.sln, found upwards from the test assembly.</summary>
    public static string Root
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Hanan.Ops.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("Run the tests inside the repository.");
        }
    }

    /// <summary>A path under the repository, from its parts.</summary>
    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);
}
