using System.Text;
using Hanan.Ops.Domain.Audit;

namespace Hanan.Ops.Storage.Audit;

/// <summary>
/// Where anchors (<see cref="AuditAnchors"/>) are kept outside the database: the file the operator names, or, when the
/// path is a directory (it exists as one, or ends with a directory separator), one file per host in it,
/// <c>{host}.anchors</c>. Lines are only ever appended, each flushed to disk before the append returns.
/// </summary>
public static class AuditAnchorFile
{
    public const string Extension = ".anchors";

    /// <summary>The file <paramref name="host"/> appends its anchors to.</summary>
    public static string FileFor(string anchorPath, string host) =>
        IsDirectory(anchorPath) ? Path.Combine(anchorPath, AuditAnchors.HostToken(host) + Extension) : anchorPath;

    /// <summary>Appends one line (opened for appending, flushed to the disk, closed).</summary>
    public static async Task AppendAsync(string anchorPath, string host, string line, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(anchorPath);
        var file = FileFor(anchorPath, host);
        if (Path.GetDirectoryName(Path.GetFullPath(file)) is { } folder)
        {
            Directory.CreateDirectory(folder);
        }

        await using var stream = new FileStream(file, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, 4096, FileOptions.Asynchronous);
        await stream.WriteAsync(Encoding.UTF8.GetBytes(line + "\n"), cancellationToken);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>True when the path names an existing file or directory.</summary>
    public static bool Exists(string anchorPath) => File.Exists(anchorPath) || Directory.Exists(anchorPath);

    /// <summary>
    /// Every anchor line: of the file, or of every <c>*.anchors</c> file of the directory (named by file name and
    /// line number). Nothing when the path does not exist yet.
    /// </summary>
    public static async Task<IReadOnlyList<AnchorLine>> ReadAsync(string anchorPath, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(anchorPath);
        string[] files = Directory.Exists(anchorPath)
            ? [.. Directory.GetFiles(anchorPath, "*" + Extension).Order(StringComparer.Ordinal)]
            : File.Exists(anchorPath) ? [anchorPath] : [];
        var lines = new List<AnchorLine>();
        foreach (var file in files)
        {
            var number = 0;
            foreach (var text in await File.ReadAllLinesAsync(file, Encoding.UTF8, cancellationToken))
            {
                number++;
                if (text.Length > 0)
                {
                    lines.Add(new AnchorLine(Path.GetFileName(file), number, text));
                }
            }
        }

        return lines;
    }

    private static bool IsDirectory(string path) =>
        Directory.Exists(path) || path.EndsWith(Path.DirectorySeparatorChar) || path.EndsWith(Path.AltDirectorySeparatorChar);
}
