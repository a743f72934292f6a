namespace Hanan.Ops.Domain.Audit;

/// <summary>How an audited action ended.</summary>
public enum AuditOutcome
{
    /// <summary>The action was carried out (a sign-in succeeded, data was shown).</summary>
    Success,

    /// <summary>The caller was not allowed (403, a hub method refused, a throttled sign-in).</summary>
    Denied,

    /// <summary>The caller was allowed but the action failed (a wrong password, an unknown case).</summary>
    Failure,
}

/// <summary>
/// What is to be written to the audit log (留痕): who, in which role, did what, to which object, from where, with
/// which outcome, and when. The log gives it its place in the chain.
/// </summary>
public sealed record AuditEntry(
    DateTimeOffset At,
    string Actor,
    string Role,
    string Action,
    string? Target,
    string? Source,
    AuditOutcome Outcome,
    string? Detail = null);

/// <summary>
/// One record of the audit log: an entry, its place (<see cref="Sequence"/>, from 1 without gaps), the hash of the
/// record before it and its own link: with <see cref="KeyId"/>, HMAC-SHA256 with that audit key over
/// <see cref="AuditChain.CanonicalEncoding"/>; without (records of versions before the key), plain SHA-256.
/// </summary>
public sealed record AuditRecord(long Sequence, AuditEntry Entry, string PreviousHash, string Hash, string? KeyId = null);
