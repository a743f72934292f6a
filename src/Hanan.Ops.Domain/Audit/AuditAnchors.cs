using System.Globalization;
using System.Text;

namespace Hanan.Ops.Domain.Audit;

/// <summary>
/// Anchors: the chain's head written outside the database, one signed line per anchor, so that a log cut off or
/// rewritten after an anchor is exposed. A line reads
/// <c>hanan-audit-anchor/1 seq=42 head=&lt;hash&gt; at=2026-11-26T01:00:00.0000000Z host=ops-1 key=k2 mac=&lt;hmac&gt;</c>,
/// the MAC being HMAC-SHA256 with the named audit key over everything before <c> mac=</c>.
/// </summary>
public static class AuditAnchors
{
    public const string Tag = "hanan-audit-anchor/1";

    /// <summary>The signed line anchoring <paramref name="head"/>, written by <paramref name="host"/> at <paramref name="at"/>.</summary>
    public static string Line(ChainHead head, DateTimeOffset at, string host, AuditKey key)
    {
        ArgumentNullException.ThrowIfNull(head);
        ArgumentNullException.ThrowIfNull(key);
        var body = string.Create(CultureInfo.InvariantCulture,
            $"{Tag} seq={head.Sequence} head={head.Hash} at={at.UtcDateTime:O} host={HostToken(host)} key={key.KeyId}");
        return $"{body} mac={key.Mac(Encoding.UTF8.GetBytes(body))}";
    }

    /// <summary>A host name as it can stand in a line: the characters of a key id, others as '_'.</summary>
    public static string HostToken(string? host)
    {
        var token = new string([.. (host ?? "").Take(64).Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '_')]);
        return token.Length == 0 ? "unknown" : token;
    }

    /// <summary>Reads one line: its anchor when well-formed (whether its MAC holds is <see cref="Check"/>'s question).</summary>
    public static bool TryParse(string? text, out AuditAnchor anchor)
    {
        anchor = default!;
        var line = text?.TrimEnd('\r') ?? "";
        var fields = line.Split(' ');
        if (fields.Length != 7 || fields[0] != Tag)
        {
            return false;
        }

        var values = new string[6];
        string[] names = ["seq=", "head=", "at=", "host=", "key=", "mac="];
        for (var i = 0; i < names.Length; i++)
        {
            if (!fields[i + 1].StartsWith(names[i], StringComparison.Ordinal))
            {
                return false;
            }

            values[i] = fields[i + 1][names[i].Length..];
        }

        if (!long.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            || !DateTimeOffset.TryParseExact(values[2], "O", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            || values[1].Length == 0 || values[5].Length == 0)
        {
            return false;
        }

        anchor = new AuditAnchor(sequence, values[1], at, values[3], values[4], values[5], line[..line.LastIndexOf(" mac=", StringComparison.Ordinal)]);
        return true;
    }

    /// <summary>Whether the anchor's MAC holds with the key it names: true, false, or null when that key is unknown.</summary>
    public static bool? Check(AuditAnchor anchor, AuditKeyRing? keys)
    {
        ArgumentNullException.ThrowIfNull(anchor);
        if (keys is null || !keys.TryGet(anchor.KeyId, out var key))
        {
            return null;
        }

        return key.Mac(Encoding.UTF8.GetBytes(anchor.SignedText)) == anchor.Mac;
    }
}

/// <summary>One parsed anchor line: the record it anchors (sequence and hash), when, by which host, with which key.</summary>
public sealed record AuditAnchor(long Sequence, string HeadHash, DateTimeOffset At, string Host, string KeyId, string Mac, string SignedText);

/// <summary>A line of an anchor file as read, named <c>{Source}:{Number}</c> in findings.</summary>
public sealed record AnchorLine(string Source, int Number, string Text)
{
    public string Name => string.Create(CultureInfo.InvariantCulture, $"{Source}:{Number}");
}
