using System.Security.Cryptography;
using System.Text;

namespace Hanan.Ops.Host.Open311;

/// <summary>API keys of Open311 client applications: 256 random bits, kept by the district only as a SHA-256 digest.</summary>
public static class Open311Keys
{
    public const string Prefix = "o311_";

    public static string NewKey() => Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>The digest kept in the register; a key of high entropy needs no salt or stretching.</summary>
    public static string Digest(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>A client id: 2 to 32 lower-case letters, digits or '-'.</summary>
    public static bool IsClientId(string? id) =>
        id is { Length: >= 2 and <= 32 } && id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
