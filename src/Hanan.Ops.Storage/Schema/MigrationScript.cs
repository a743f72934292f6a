using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Hanan.Ops.Storage.Schema;

/// <summary>One versioned SQL script of the schema, named <c>NNNN_name.sql</c>.</summary>
internal sealed partial record MigrationScript(int Version, string Name, string Sql)
{
    /// <summary>
    /// SHA-256 of the script text (hex), with line endings normalised to LF so that a checkout with
    /// CRLF line endings does not look like an edited script. Computed on access, so that a copy made
    /// with <c>with { Sql = ... }</c> never carries the checksum of the original text.
    /// </summary>
    public string Checksum => ComputeChecksum(Sql);

    /// <summary>The scripts embedded in this assembly (<c>Schema/*.sql</c>), ordered by version.</summary>
    public static IReadOnlyList<MigrationScript> Embedded { get; } = LoadEmbedded(typeof(MigrationScript).Assembly);

    public override string ToString() => $"{Version:D4}_{Name}";

    internal static IReadOnlyList<MigrationScript> LoadEmbedded(Assembly assembly)
    {
        var scripts = new List<MigrationScript>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            var match = ResourceName().Match(resource);
            if (!match.Success)
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(resource)
                ?? throw new InvalidOperationException($"Embedded resource '{resource}' cannot be opened.");
            using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            scripts.Add(new MigrationScript(
                int.Parse(match.Groups["version"].Value, CultureInfo.InvariantCulture),
                match.Groups["name"].Value,
                reader.ReadToEnd()));
        }

        var duplicate = scripts.GroupBy(s => s.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException(
                $"Two schema scripts share version {duplicate.Key:D4}: {string.Join(", ", duplicate)}.");
        }

        return [.. scripts.OrderBy(s => s.Version)];
    }

    private static string ComputeChecksum(string sql)
    {
        var normalised = sql.Replace("\r\n", "\n", StringComparison.Ordinal);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalised)));
    }

    // Resource names end with "Schema.NNNN_name.sql"; the prefix depends on the root namespace.
    [GeneratedRegex(@"(^|\.)Schema\.(?<version>\d{4})_(?<name>[a-z0-9_]+)\.sql$")]
    private static partial Regex ResourceName();
}
