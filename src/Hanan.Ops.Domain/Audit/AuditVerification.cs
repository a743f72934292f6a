namespace Hanan.Ops.Domain.Audit;

/// <summary>What a finding of the verification is.</summary>
public enum AuditBreak
{
    None,

    /// <summary>The record's content no longer matches its link (altered, re-hashed, or unkeyed after keyed records).</summary>
    Altered,

    /// <summary>Records are gone: a gap, a beginning deleted without a valid checkpoint, an anchored record deleted.</summary>
    Missing,

    /// <summary>The record links to a record stored after it: records were swapped or moved.</summary>
    Reordered,

    /// <summary>The record follows the one before it in the chain, but its number was changed.</summary>
    Renumbered,

    /// <summary>A record that does not belong to the chain: the record after it links past it.</summary>
    Inserted,

    /// <summary>A checkpoint whose link does not verify with an audit key: it names no valid starting point.</summary>
    ForgedCheckpoint,

    /// <summary>A record or anchor keyed with a key id the verifier does not have.</summary>
    UnknownKey,

    /// <summary>The log ends before a record an anchor recorded: its tail was cut off.</summary>
    Truncated,

    /// <summary>An anchor line that is malformed or whose MAC does not verify.</summary>
    AnchorForged,
}

/// <summary>One finding: its kind, the record it names (sequence) and the anchor line (<c>file:line</c>) where one is involved.</summary>
public sealed record AuditFinding(AuditBreak Kind, long? Sequence, string? Anchor, string Problem);

/// <summary>
/// The result of verifying the audit log: what was checked (records, their range and head, how many are unkeyed from
/// versions before the key, how many anchors) and every finding (the first <see cref="AuditChain.MaxFindings"/>, with
/// <see cref="FindingCount"/> counting all). <see cref="BrokenAt"/>, <see cref="Break"/> and <see cref="Problem"/>
/// repeat the first finding.
/// </summary>
public sealed record AuditVerification(
    bool IsIntact,
    long RecordsChecked,
    long FirstSequence,
    long LastSequence,
    string? HeadHash,
    long UnkeyedRecords,
    int AnchorsChecked,
    int FindingCount,
    IReadOnlyList<AuditFinding> Findings)
{
    public long? BrokenAt => Findings.Count > 0 ? Findings[0].Sequence : null;

    public AuditBreak Break => Findings.Count > 0 ? Findings[0].Kind : AuditBreak.None;

    public string? Problem => Findings.Count > 0 ? Findings[0].Problem : null;
}
