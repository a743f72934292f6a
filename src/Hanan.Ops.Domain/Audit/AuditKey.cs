using System.Security.Cryptography;

namespace Hanan.Ops.Domain.Audit;

/// <summary>
/// A secret the audit log's links are keyed with (HMAC-SHA256), named by a key id that each keyed record and anchor
/// carries. The secret lives in the hosts' configuration or a key file, never in the database or a log line.
/// </summary>
public sealed class AuditKey
{
    /// <summary>HMAC-SHA256 wants a key at least as long as its output.</summary>
    public const int MinimumSecretBytes = 32;

    private readonly byte[] _secret;

    public AuditKey(string keyId, ReadOnlySpan<byte> secret)
    {
        if (!IsValidId(keyId))
        {
            throw new ArgumentException("An audit key id is 1–64 characters of A–Z, a–z, 0–9, '.', '_' or '-'.", nameof(keyId));
        }

        if (secret.Length < MinimumSecretBytes)
        {
            throw new ArgumentException($"The audit key '{keyId}' has {secret.Length} bytes; at least {MinimumSecretBytes} are needed.", nameof(secret));
        }

        KeyId = keyId;
        _secret = secret.ToArray();
    }

    public string KeyId { get; }

    /// <summary>The MAC of <paramref name="data"/>, lowercase hex.</summary>
    public string Mac(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(HMACSHA256.HashData(_secret, data));

    /// <summary>Key ids go into records, anchor lines and file names: a short, plain token.</summary>
    public static bool IsValidId(string? keyId) =>
        keyId is { Length: > 0 and <= 64 } && keyId.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    /// <summary>Never the secret.</summary>
    public override string ToString() => $"audit key {KeyId}";
}

/// <summary>
/// The audit keys a host or the verifier knows: the current one, which new records and anchors are keyed with, and
/// the earlier ones (after a rotation), which verification still needs for the records they keyed.
/// </summary>
public sealed class AuditKeyRing
{
    private readonly Dictionary<string, AuditKey> _keys;

    public AuditKeyRing(AuditKey current, IEnumerable<AuditKey>? earlier = null)
    {
        ArgumentNullException.ThrowIfNull(current);
        Current = current;
        _keys = new Dictionary<string, AuditKey>(StringComparer.Ordinal) { [current.KeyId] = current };
        foreach (var key in earlier ?? [])
        {
            if (!_keys.TryAdd(key.KeyId, key) && !ReferenceEquals(_keys[key.KeyId], key))
            {
                throw new ArgumentException($"The audit key id '{key.KeyId}' is given twice.", nameof(earlier));
            }
        }
    }

    /// <summary>The key new records and anchors are keyed with.</summary>
    public AuditKey Current { get; }

    /// <summary>True for a key made up for this process alone (embedded or development hosts without a configured key).</summary>
    public bool IsEphemeral { get; private init; }

    public IReadOnlyCollection<string> KeyIds => _keys.Keys;

    public bool TryGet(string keyId, out AuditKey key) => _keys.TryGetValue(keyId, out key!);

    /// <summary>A random key for this process only: records keyed with it cannot be verified by anyone else, or after a restart.</summary>
    public static AuditKeyRing Ephemeral() =>
        new(new AuditKey("ephemeral-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)), RandomNumberGenerator.GetBytes(32))) { IsEphemeral = true };
}
