using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Hanan.Ops.Domain.Audit;

/// <summary>
/// The hash chain of the audit log. Each record's hash covers its content and the hash of the record before it, so
/// altering, deleting or reordering any record breaks the chain at that record. Purging old records keeps the chain
/// verifiable through a checkpoint record that names where the retained part starts and the hash it links to.
/// </summary>
public static class AuditChain
{
    /// <summary>The "previous hash" of the first record ever written.</summary>
    public static readonly string Genesis = new('0', 64);

    /// <summary>The action of a checkpoint record, written before records are purged for retention.</summary>
    public const string CheckpointAction = "audit.checkpoint";

    /// <summary>The record that follows the log's newest record (<see cref="ChainHead.Empty"/> for the first record).</summary>
    public static AuditRecord Append(ChainHead head, AuditEntry entry)
    {
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
    /// The canonical bytes a record's hash is computed over: every field except the hash, each as a length-prefixed
    /// UTF-8 string (absent = length -1), in a fixed order. The sequence is not part of it: the chain of hashes orders
    /// the records, and the stored sequence is checked against that order.
    /// </summary>
    public static byte[] CanonicalEncoding(AuditRecord record)
    {
        var r = record.Entry;
        using var buffer = new MemoryStream();
        var length = new byte[4];
        foreach (var field in new[]
                 {
                     "hanan-audit-v1", record.PreviousHash, r.At.UtcTicks.ToString(CultureInfo.InvariantCulture), r.Actor, r.Role, r.Action,
                     r.Target, r.Source, r.Outcome.ToString(), r.Detail,
                 })
        {
            var bytes = field is null ? [] : Encoding.UTF8.GetBytes(field);
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(length, field is null ? -1 : bytes.Length);
            buffer.Write(length);
            buffer.Write(bytes);
        }

        return buffer.ToArray();
    }

    public static string HashOf(AuditRecord record) => Convert.ToHexStringLower(SHA256.HashData(CanonicalEncoding(record)));

    /// <summary>
    /// Checks records read in sequence order. Reports the first record that breaks the chain and why: its content no
    /// longer matches its hash (altered), it does not link to the record before it (a record before it was deleted,
    /// or records were swapped), or the log does not start where the newest checkpoint says it does.
    /// </summary>
    public static AuditVerification Verify(IReadOnlyList<AuditRecord> records)
    {
        if (records.Count == 0)
        {
            return AuditVerification.Intact(0, 0, 0, Genesis);
        }

        var byHash = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var r in records)
        {
            byHash.TryAdd(r.Hash, r.Sequence);
        }

        // Where the retained log may start: record 1 at the genesis, or where a checkpoint says the purge stopped.
        var starts = new List<(long Sequence, string Hash)> { (1L, Genesis) };
        foreach (var r in records)
        {
            if (r.Entry.Action == CheckpointAction && TryParseCheckpoint(r.Entry.Target, out var s, out var h))
            {
                starts.Add((s, h));
            }
        }

        var first = records[0];
        var start = starts.FirstOrDefault(p => p.Sequence == first.Sequence);
        if (start.Hash is null)
        {
            var expected = starts.Where(p => p.Sequence < first.Sequence).Select(p => p.Sequence).DefaultIfEmpty(1).Max();
            return AuditVerification.Broken(records.Count, expected, AuditBreak.Missing,
                $"The log starts at record {first.Sequence}, but records from {expected} on are missing (deleted without a checkpoint).");
        }

        var startHash = start.Hash;
        if (first.PreviousHash != startHash)
        {
            return AuditVerification.Broken(records.Count, first.Sequence, AuditBreak.Missing,
                $"Record {first.Sequence} does not link to the start of the log: a record before it was deleted or replaced.");
        }

        for (var i = 0; i < records.Count; i++)
        {
            var r = records[i];
            if (HashOf(r) != r.Hash)
            {
                return AuditVerification.Broken(records.Count, r.Sequence, AuditBreak.Altered,
                    $"Record {r.Sequence} was altered: its content does not match its hash.");
            }

            if (i == 0)
            {
                continue;
            }

            var before = records[i - 1];
            if (r.PreviousHash == before.Hash && r.Sequence == before.Sequence + 1)
            {
                continue;
            }

            if (r.PreviousHash == before.Hash)
            {
                return AuditVerification.Broken(records.Count, r.Sequence, AuditBreak.Renumbered,
                    $"Record {r.Sequence} follows record {before.Sequence} in the chain, but its number was changed.");
            }

            if (byHash.TryGetValue(r.PreviousHash, out var linked) && linked != before.Sequence)
            {
                return AuditVerification.Broken(records.Count, r.Sequence, AuditBreak.Reordered,
                    $"Record {r.Sequence} belongs after record {linked}, not after record {before.Sequence}: records were reordered.");
            }

            if (r.Sequence > before.Sequence + 1)
            {
                return AuditVerification.Broken(records.Count, before.Sequence + 1, AuditBreak.Missing,
                    $"Record {before.Sequence + 1} is missing: record {r.Sequence} links to a record that is no longer in the log.");
            }

            return AuditVerification.Broken(records.Count, before.Sequence, AuditBreak.Altered,
                $"Record {before.Sequence} was altered and re-hashed: record {r.Sequence} no longer links to it.");
        }

        var last = records[^1];
        return AuditVerification.Intact(records.Count, first.Sequence, last.Sequence, last.Hash);
    }

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
        new DateTimeOffset(at.UtcTicks - at.UtcTicks % 10, TimeSpan.Zero);
}

/// <summary>The newest record of a log: its sequence and hash, all a writer needs to append.</summary>
public sealed record ChainHead(long Sequence, string Hash)
{
    public static ChainHead Empty { get; } = new(0, AuditChain.Genesis);

    public static ChainHead Of(AuditRecord record) => new(record.Sequence, record.Hash);
}

/// <summary>How the chain is broken.</summary>
public enum AuditBreak
{
    None,
    Altered,
    Missing,
    Reordered,
    Renumbered,
}

/// <summary>The result of verifying the audit log: intact, or the first broken record and why.</summary>
public sealed record AuditVerification(
    bool IsIntact,
    long RecordsChecked,
    long FirstSequence,
    long LastSequence,
    string? HeadHash,
    long? BrokenAt,
    AuditBreak Break,
    string? Problem)
{
    public static AuditVerification Intact(long count, long first, long last, string head) =>
        new(true, count, first, last, head, null, AuditBreak.None, null);

    public static AuditVerification Broken(long count, long at, AuditBreak kind, string problem) =>
        new(false, count, 0, 0, null, at, kind, problem);
}
