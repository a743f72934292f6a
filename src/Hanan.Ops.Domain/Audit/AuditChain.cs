using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Hanan.Ops.Domain.Audit;

/// <summary>
/// The chain of the audit log. Each record's link covers its content and the link of the record before it, keyed
/// (HMAC-SHA256) with an audit key the database does not hold, so nobody with only the database can alter, insert,
/// delete or reorder a record and make the chain whole again. Records of versions before the key (v1) are linked with
/// plain SHA-256; they still verify, and the keyed part continues from the last of them. Purging old records keeps the
/// chain verifiable through a keyed checkpoint record that names where the retained part starts and the link it
/// continues from. Anchors (<see cref="AuditAnchors"/>) kept outside the database expose a cut-off tail.
/// </summary>
public static class AuditChain
{
    /// <summary>The "previous hash" of the first record ever written.</summary>
    public static readonly string Genesis = new('0', 64);

    /// <summary>The action of a checkpoint record, written before records are purged for retention.</summary>
    public const string CheckpointAction = "audit.checkpoint";

    /// <summary>The most findings a verification lists; it counts all of them.</summary>
    public const int MaxFindings = 100;

    private const string V1 = "hanan-audit-v1";
    private const string V2 = "hanan-audit-v2";

    /// <summary>The keyed record that follows the log's newest record (<see cref="ChainHead.Empty"/> for the first record).</summary>
    public static AuditRecord Append(ChainHead head, AuditEntry entry, AuditKey key)
    {
        ArgumentNullException.ThrowIfNull(head);
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(key);
        var record = new AuditRecord(head.Sequence + 1, entry with { At = Truncated(entry.At) }, head.Hash, "", key.KeyId);
        return record with { Hash = key.Mac(CanonicalEncoding(record)) };
    }

    /// <summary>
    /// An unkeyed (v1) record, as versions before the audit key wrote them. Only to build such logs (tests, upgrade
    /// checks): a host never writes one.
    /// </summary>
    public static AuditRecord AppendUnkeyed(ChainHead head, AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(head);
        ArgumentNullException.ThrowIfNull(entry);
        var record = new AuditRecord(head.Sequence + 1, entry with { At = Truncated(entry.At) }, head.Hash, "");
        return record with { Hash = HashOf(record) };
    }

    /// <summary>
    /// The checkpoint entry written before records up to <paramref name="lastPurged"/> are purged: the retained part
    /// starts at the next sequence and links to the purged record's hash.
    /// </summary>
    public static AuditEntry Checkpoint(ChainHead lastPurged, DateTimeOffset at, string reason) =>
        new(at, "system", "system", CheckpointAction, CheckpointTarget(lastPurged.Sequence + 1, lastPurged.Hash), null, AuditOutcome.Success, reason);

    /// <summary>
    /// The canonical bytes a record's link is computed over: a version tag, the key id (keyed records only), the
    /// previous hash and every field of the entry, each as a length-prefixed UTF-8 string (absent = length -1), in a
    /// fixed order. The sequence is not part of it: the chain orders the records, and the stored sequence is checked
    /// against that order.
    /// </summary>
    public static byte[] CanonicalEncoding(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var r = record.Entry;
        string?[] head = record.KeyId is null ? [V1] : [V2, record.KeyId];
        using var buffer = new MemoryStream();
        var length = new byte[4];
        foreach (var field in head.Concat(
                 [
                     record.PreviousHash, r.At.UtcTicks.ToString(CultureInfo.InvariantCulture), r.Actor, r.Role, r.Action,
                     r.Target, r.Source, r.Outcome.ToString(), r.Detail,
                 ]))
        {
            var bytes = field is null ? [] : Encoding.UTF8.GetBytes(field);
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(length, field is null ? -1 : bytes.Length);
            buffer.Write(length);
            buffer.Write(bytes);
        }

        return buffer.ToArray();
    }

    /// <summary>The plain SHA-256 link of an unkeyed (v1) record.</summary>
    public static string HashOf(AuditRecord record) => Convert.ToHexStringLower(SHA256.HashData(CanonicalEncoding(record)));

    /// <summary>
    /// Checks records read in sequence order against the keys and the anchors, and reports every finding (the first
    /// <see cref="MaxFindings"/>, and how many there are), each naming the record and, for anchors, the anchor line.
    /// </summary>
    public static AuditVerification Verify(IReadOnlyList<AuditRecord> records, AuditKeyRing? keys, IReadOnlyList<AnchorLine>? anchors = null) =>
        new ChainCheck(records, keys, anchors ?? []).Run();

    /// <summary>The target of a checkpoint: <c>from:{sequence};links:{hash}</c>.</summary>
    public static string CheckpointTarget(long firstRetained, string linkHash) =>
        string.Create(CultureInfo.InvariantCulture, $"from:{firstRetained};links:{linkHash}");

    public static bool TryParseCheckpoint(string? target, out long firstRetained, out string linkHash)
    {
        firstRetained = 0;
        linkHash = "";
        var parts = target?.Split(';');
        if (parts is not { Length: 2 } || !parts[0].StartsWith("from:", StringComparison.Ordinal) || !parts[1].StartsWith("links:", StringComparison.Ordinal))
        {
            return false;
        }

        linkHash = parts[1]["links:".Length..];
        return long.TryParse(parts[0].AsSpan("from:".Length), NumberStyles.None, CultureInfo.InvariantCulture, out firstRetained);
    }

    /// <summary>Timestamps are kept to the microsecond, PostgreSQL's resolution, so a stored record hashes the same as when written.</summary>
    private static DateTimeOffset Truncated(DateTimeOffset at) =>
        new(at.UtcTicks - at.UtcTicks % 10, TimeSpan.Zero);
}

/// <summary>The newest record of a log: its sequence and hash, all a writer needs to append.</summary>
public sealed record ChainHead(long Sequence, string Hash)
{
    public static ChainHead Empty { get; } = new(0, AuditChain.Genesis);

    public static ChainHead Of(AuditRecord record) => new(record.Sequence, record.Hash);
}
