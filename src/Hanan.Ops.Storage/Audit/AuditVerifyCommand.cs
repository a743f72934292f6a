using System.Globalization;
using System.Text;
using Hanan.Ops.Domain.Audit;

namespace Hanan.Ops.Storage.Audit;

/// <summary>
/// <c>hanan audit verify</c>: checks the audit log in a PostgreSQL database with the audit keys and against the
/// anchors, and prints every finding. Exit code <see cref="Intact"/> (0) or <see cref="Tampered"/> (1); the CLI answers
/// 2 for bad usage (no key) and 3 for a failed environment.
/// </summary>
public static class AuditVerifyCommand
{
    public const int Intact = 0;
    public const int Tampered = 1;

    public static async Task<int> RunAsync(string connectionString, AuditKeyRing keys, string? anchorPath, TextWriter output,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        var anchors = anchorPath is null ? [] : await AuditAnchorFile.ReadAsync(anchorPath, cancellationToken);
        await using var store = new PostgresAuditStore(connectionString, keys);
        var result = await store.VerifyAsync(keys, anchors, cancellationToken);
        await output.WriteAsync(Describe(result));
        return result.IsIntact ? Intact : Tampered;
    }

    /// <summary>One line when intact; a headline and one line per finding (as many as are listed) when not.</summary>
    public static string Describe(AuditVerification result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var text = new StringBuilder();
        var scope = string.Create(CultureInfo.InvariantCulture,
            $"{result.RecordsChecked} records, {result.FirstSequence}..{result.LastSequence}, head {result.HeadHash}, {result.UnkeyedRecords} unkeyed (from before the audit key), {result.AnchorsChecked} anchors");
        if (result.IsIntact)
        {
            return text.Append("audit log intact: ").AppendLine(scope).ToString();
        }

        text.Append(CultureInfo.InvariantCulture, $"audit log TAMPERED: {result.FindingCount} findings; ").AppendLine(scope);
        foreach (var f in result.Findings)
        {
            var where = f.Sequence is { } s ? string.Create(CultureInfo.InvariantCulture, $" record {s}") : "";
            var anchor = f.Anchor is null ? "" : $" anchor {f.Anchor}";
            text.Append(CultureInfo.InvariantCulture, $"  {f.Kind}{where}{anchor}: {f.Problem}").AppendLine();
        }

        if (result.FindingCount > result.Findings.Count)
        {
            text.Append(CultureInfo.InvariantCulture, $"  … and {result.FindingCount - result.Findings.Count} more findings").AppendLine();
        }

        return text.ToString();
    }
}
