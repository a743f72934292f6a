using System.Security.Cryptography;
using System.Text;

namespace Hanan.Ops.Domain.Appeals;

/// <summary>
/// Derives a case id from the client's idempotency key, so a retried intake lands on the same case grain
/// and cannot create a second case.
/// </summary>
public static class CaseIdentity
{
    public const int MinKeyLength = 8;
    public const int MaxKeyLength = 128;

    /// <summary>A name-based (RFC 9562 version 8) UUID: SHA-256 of the scoped key, version and variant bits set.</summary>
    public static Guid FromIdempotencyKey(string idempotencyKey)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes("hanan-ops/230108/appeal/" + idempotencyKey), hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }

    /// <summary>Keys are opaque client tokens (a UUID is typical): printable ASCII letters, digits and <c>-_.:</c>.</summary>
    public static string? ValidateKey(string? key)
    {
        if (string.IsNullOrEmpty(key))
        {
            return "An idempotency key is required so that a retried appeal cannot create a second case.";
        }

        if (key.Length is < MinKeyLength or > MaxKeyLength)
        {
            return $"The idempotency key must be {MinKeyLength} to {MaxKeyLength} characters long.";
        }

        foreach (var c in key)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':'))
            {
                return "The idempotency key may contain only ASCII letters, digits and - _ . :";
            }
        }

        return null;
    }
}
