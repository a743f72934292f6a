using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Hanan.Ops.Domain.Delivery;

/// <summary>How a case reaches a bureau's own system besides its screens.</summary>
public enum DeliveryMode
{
    /// <summary>As an Open311 GeoReport v2 service request posted to the bureau's system.</summary>
    Open311,

    /// <summary>As a JSON message posted to the bureau's URL, signed with HMAC-SHA256.</summary>
    Webhook,
}

/// <summary>The rules of delivery: when to try again after a failure, and how a webhook message is signed.</summary>
public static class DeliveryRules
{
    public static string Name(DeliveryMode mode) => mode == DeliveryMode.Open311 ? "open311" : "webhook";

    /// <summary>
    /// The wait before the next attempt after <paramref name="failures"/> failed ones: <paramref name="first"/>, then
    /// doubling, never more than <paramref name="max"/>. Attempts go on until the system takes the case, so a system
    /// down for a day receives it within <paramref name="max"/> of coming back.
    /// </summary>
    public static TimeSpan Backoff(int failures, TimeSpan first, TimeSpan max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failures, 1);
        var factor = Math.Pow(2, Math.Min(failures - 1, 30));
        var wait = first.TotalSeconds * factor;
        return wait >= max.TotalSeconds ? max : TimeSpan.FromSeconds(wait);
    }

    /// <summary>
    /// The signature of a webhook message: <c>sha256=</c> and the lower-case hex HMAC-SHA256, keyed with the bureau's
    /// secret, of the Unix time in seconds, a full stop, and the body's bytes. The receiver recomputes it and refuses a
    /// message whose time is far from its own clock, so a captured message cannot be replayed later.
    /// </summary>
    public static string Signature(byte[] secret, long unixSeconds, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var prefix = Encoding.ASCII.GetBytes(unixSeconds.ToString(CultureInfo.InvariantCulture) + ".");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(secret, message));
    }
}
