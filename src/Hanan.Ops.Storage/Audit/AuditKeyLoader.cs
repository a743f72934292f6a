using System.Globalization;
using Hanan.Ops.Domain.Audit;

namespace Hanan.Ops.Storage.Audit;

/// <summary>
/// Builds the audit key ring from configuration (key id → base64 secret), a key file, or both. A key file holds one
/// key per line, <c>&lt;key-id&gt; &lt;base64 secret&gt;</c> (blank lines and lines starting with <c>#</c> are
/// skipped); rotating the key is appending a line. The current key is the one named, else the key file's last line,
/// else the only key. Error messages name keys by id and line, never a secret.
/// </summary>
public static class AuditKeyLoader
{
    /// <returns>The key ring, or null when no key is given at all.</returns>
    /// <exception cref="InvalidDataException">A key is malformed, too short, given twice, or the current key id is not among the keys.</exception>
    public static AuditKeyRing? Load(IEnumerable<KeyValuePair<string, string?>>? keys, string? currentKeyId, string? keyFile)
    {
        var all = new List<AuditKey>();
        string? lastInFile = null;
        foreach (var (id, secret) in keys ?? [])
        {
            if (!string.IsNullOrWhiteSpace(secret))
            {
                all.Add(Key(id, secret, $"the audit key '{id}'"));
            }
        }

        if (!string.IsNullOrWhiteSpace(keyFile))
        {
            var number = 0;
            foreach (var raw in File.ReadAllLines(keyFile))
            {
                number++;
                var line = raw.Trim();
                if (line.Length == 0 || line.StartsWith('#'))
                {
                    continue;
                }

                var where = string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileName(keyFile)} line {number}");
                var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length != 2)
                {
                    throw new InvalidDataException($"{where}: expected '<key-id> <base64 secret>'.");
                }

                all.Add(Key(parts[0], parts[1], where));
                lastInFile = parts[0];
            }
        }

        if (all.Count == 0)
        {
            return null;
        }

        var duplicate = all.GroupBy(k => k.KeyId, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidDataException($"The audit key id '{duplicate.Key}' is given twice.");
        }

        var current = !string.IsNullOrWhiteSpace(currentKeyId) ? currentKeyId
            : lastInFile ?? (all.Count == 1 ? all[0].KeyId
                : throw new InvalidDataException("Several audit keys are configured: name the current one (Hanan:Audit:CurrentKeyId)."));
        var currentKey = all.FirstOrDefault(k => k.KeyId == current)
            ?? throw new InvalidDataException($"The current audit key id '{current}' is not among the configured keys ({string.Join(", ", all.Select(k => k.KeyId))}).");
        return new AuditKeyRing(currentKey, all.Where(k => !ReferenceEquals(k, currentKey)));
    }

    private static AuditKey Key(string id, string base64, string where)
    {
        var secret = new byte[base64.Length];
        if (!Convert.TryFromBase64String(base64.Trim(), secret, out var length))
        {
            throw new InvalidDataException($"{where}: the secret is not base64.");
        }

        try
        {
            return new AuditKey(id, secret.AsSpan(0, length));
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{where}: {e.Message.Split(" (Parameter", 2)[0]}", e);
        }
        finally
        {
            Array.Clear(secret);
        }
    }
}
