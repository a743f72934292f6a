using System.Globalization;
using Hanan.Ops.Domain.Audit;

namespace Hanan.Ops.Storage.Tests.Audit;

/// <summary>SQL an insider would write to put a row of their making into the audit table.</summary>
internal static class AuditRows
{
    /// <summary>An INSERT of <paramref name="record"/> exactly as given (link, key id and all).</summary>
    public static string Insert(AuditRecord record)
    {
        var e = record.Entry;
        string?[] values =
        [
            record.Sequence.ToString(CultureInfo.InvariantCulture), e.At.UtcDateTime.ToString("O", CultureInfo.InvariantCulture), e.Actor, e.Role,
            e.Action, e.Target, e.Source, e.Outcome.ToString(), e.Detail, record.PreviousHash, record.Hash, record.KeyId,
        ];
        return "INSERT INTO audit_log (sequence, at, actor, role, action, target, source, outcome, detail, previous_hash, hash, key_id) VALUES ("
            + string.Join(", ", values.Select(v => v is null ? "NULL" : "'" + v.Replace("'", "''", StringComparison.Ordinal) + "'")) + ")";
    }
}
