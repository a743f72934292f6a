using System.Security.Cryptography;
using System.Text;
using Hanan.Ops.Domain.Identity;

namespace Hanan.Ops.Domain.Privacy;

/// <summary>
/// Protects citizen ID numbers at rest (PIPL Art. 51): the number is stored only sealed with AES-256-GCM under one key,
/// and found again ("swipe the card", 刷证查询) through a keyed hash, HMAC-SHA256 under a second key. Neither key
/// alone reveals a number: the lookup key cannot decrypt, and the encryption key cannot be used to test guesses against
/// the lookup index.
/// </summary>
/// <remarks>
/// <para>A sealed value is <c>version (1 byte) ‖ nonce (12) ‖ tag (16) ‖ ciphertext</c>. The nonce is random per value; the
/// version byte and a fixed purpose label are authenticated, so a value sealed for a phone number cannot be opened as an ID
/// number, and any change to any byte is detected.</para>
/// <para>Thread-safe: every operation uses its own cipher instance.</para>
/// </remarks>
public sealed class CitizenIdProtector
{
    /// <summary>Bytes of each key: 256 bits.</summary>
    public const int KeyBytes = 32;

    private const byte FormatVersion = 1;
    private const int NonceBytes = 12;
    private const int TagBytes = 16;
    private const int HeaderBytes = 1 + NonceBytes + TagBytes;

    private static readonly byte[] IdPurpose = Encoding.ASCII.GetBytes("hanan/citizen-id/v1");
    private static readonly byte[] PhonePurpose = Encoding.ASCII.GetBytes("hanan/mobile-phone/v1");

    private readonly byte[] _encryptionKey;
    private readonly byte[] _lookupKey;

    /// <exception cref="ArgumentException">A key is not <see cref="KeyBytes"/> long, or both keys are the same.</exception>
    public CitizenIdProtector(ReadOnlySpan<byte> encryptionKey, ReadOnlySpan<byte> lookupKey)
    {
        if (encryptionKey.Length != KeyBytes)
        {
            throw new ArgumentException($"The ID encryption key must be {KeyBytes} bytes; it is {encryptionKey.Length}.", nameof(encryptionKey));
        }

        if (lookupKey.Length != KeyBytes)
        {
            throw new ArgumentException($"The ID lookup key must be {KeyBytes} bytes; it is {lookupKey.Length}.", nameof(lookupKey));
        }

        if (encryptionKey.SequenceEqual(lookupKey))
        {
            throw new ArgumentException("The ID encryption key and the ID lookup key must differ.", nameof(lookupKey));
        }

        _encryptionKey = encryptionKey.ToArray();
        _lookupKey = lookupKey.ToArray();
    }

    /// <summary>
    /// Keys for development and the embedded demo only: derived from a published label, so <b>they protect nothing</b>.
    /// A host must refuse them in production.
    /// </summary>
    public static CitizenIdProtector Development { get; } = new(
        SHA256.HashData(Encoding.ASCII.GetBytes("hanan-ops development ID encryption key - public, not secret")),
        SHA256.HashData(Encoding.ASCII.GetBytes("hanan-ops development ID lookup key - public, not secret")));

    /// <summary>Reads both keys from Base64 (as configuration holds them).</summary>
    /// <param name="error">What is wrong, naming the key but never repeating its value.</param>
    public static bool TryFromBase64(string? encryptionKey, string? lookupKey, out CitizenIdProtector? protector, out string? error)
    {
        protector = null;
        if (!TryKey(encryptionKey, "encryption", out var encryption, out error) || !TryKey(lookupKey, "lookup", out var lookup, out error))
        {
            return false;
        }

        if (encryption.AsSpan().SequenceEqual(lookup))
        {
            error = "The ID encryption key and the ID lookup key must differ.";
            return false;
        }

        protector = new CitizenIdProtector(encryption, lookup);
        return true;
    }

    /// <summary>The keyed hash an ID number is found by: 64 lower-case hex digits. The same number always gives the same value under the same key.</summary>
    /// <summary>
    /// A key for another keyed hash, derived from the lookup key for one <paramref name="purpose"/> (HMAC-SHA256 of the
    /// purpose's name), so that pseudonyms of different kinds of personal data never coincide and the lookup key itself
    /// is used for one thing only.
    /// </summary>
    public byte[] DerivedKey(string purpose)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(purpose);
        return HMACSHA256.HashData(_lookupKey, Encoding.UTF8.GetBytes("hanan-ops derived key: " + purpose));
    }

    public string LookupKey(CitizenIdNumber id)
    {
        ArgumentNullException.ThrowIfNull(id);
        Span<byte> ascii = stackalloc byte[CitizenIdNumber.Length];
        Encoding.ASCII.GetBytes(id.Value, ascii);
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_lookupKey, ascii, mac);
        return Convert.ToHexStringLower(mac);
    }

    /// <summary>Encrypts an ID number for storage.</summary>
    public byte[] Seal(CitizenIdNumber id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return Seal(id.Value, IdPurpose);
    }

    /// <summary>Decrypts a sealed ID number.</summary>
    /// <exception cref="CryptographicException">The value was changed, sealed under another key or for another purpose, or is not a sealed value.</exception>
    public CitizenIdNumber Open(ReadOnlySpan<byte> sealedId)
    {
        var text = Open(sealedId, IdPurpose);
        // It was valid when sealed; the birth date is not re-checked against a clock.
        return CitizenIdNumber.TryParse(text, DateOnly.MaxValue, out var id, out _)
            ? id
            : throw new CryptographicException("The sealed value does not hold a citizen ID number.");
    }

    /// <summary>Encrypts a mobile phone number for storage.</summary>
    public byte[] Seal(MobilePhoneNumber phone)
    {
        ArgumentNullException.ThrowIfNull(phone);
        return Seal(phone.Value, PhonePurpose);
    }

    /// <summary>Decrypts a sealed mobile phone number.</summary>
    /// <exception cref="CryptographicException">The value was changed or is not a sealed phone number.</exception>
    public MobilePhoneNumber OpenPhone(ReadOnlySpan<byte> sealedPhone) =>
        MobilePhoneNumber.TryParse(Open(sealedPhone, PhonePurpose), out var phone, out _)
            ? phone
            : throw new CryptographicException("The sealed value does not hold a mobile phone number.");

    private byte[] Seal(string text, byte[] purpose)
    {
        var plain = Encoding.ASCII.GetBytes(text);
        var result = new byte[HeaderBytes + plain.Length];
        result[0] = FormatVersion;
        var nonce = result.AsSpan(1, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_encryptionKey, TagBytes);
        aes.Encrypt(nonce, plain, result.AsSpan(HeaderBytes), result.AsSpan(1 + NonceBytes, TagBytes), AssociatedData(purpose));
        CryptographicOperations.ZeroMemory(plain);
        return result;
    }

    private string Open(ReadOnlySpan<byte> sealedValue, byte[] purpose)
    {
        if (sealedValue.Length <= HeaderBytes || sealedValue[0] != FormatVersion)
        {
            throw new CryptographicException("The value is not a sealed value of a known format.");
        }

        var plain = new byte[sealedValue.Length - HeaderBytes];
        using var aes = new AesGcm(_encryptionKey, TagBytes);
        aes.Decrypt(sealedValue.Slice(1, NonceBytes), sealedValue[HeaderBytes..], sealedValue.Slice(1 + NonceBytes, TagBytes), plain, AssociatedData(purpose));
        var text = Encoding.ASCII.GetString(plain);
        CryptographicOperations.ZeroMemory(plain);
        return text;
    }

    private static byte[] AssociatedData(byte[] purpose)
    {
        var data = new byte[purpose.Length + 1];
        data[0] = FormatVersion;
        purpose.CopyTo(data, 1);
        return data;
    }

    private static bool TryKey(string? base64, string name, out byte[] key, out string? error)
    {
        key = [];
        if (string.IsNullOrWhiteSpace(base64))
        {
            error = $"The ID {name} key is not configured.";
            return false;
        }

        var buffer = new byte[base64.Length];
        if (!Convert.TryFromBase64String(base64.Trim(), buffer, out var written))
        {
            error = $"The ID {name} key is not valid Base64.";
            return false;
        }

        if (written != KeyBytes)
        {
            error = $"The ID {name} key must be {KeyBytes} bytes ({KeyBytes * 8} bits) in Base64; it is {written} bytes.";
            return false;
        }

        key = buffer[..written];
        error = null;
        return true;
    }
}
