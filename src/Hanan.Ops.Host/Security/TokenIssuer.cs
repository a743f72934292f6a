using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Hanan.Ops.Host.Security;

/// <summary>Issues and validates the locally signed tokens (HMAC-SHA256) of the embedded and demo mode.</summary>
public sealed class TokenIssuer
{
    private readonly SecurityOptions _options;
    private readonly TimeProvider _time;

    public TokenIssuer(SecurityOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
        Key = new SymmetricSecurityKey(KeyBytes(options.SigningKey)) { KeyId = "hanan-local" };
    }

    public SymmetricSecurityKey Key { get; }

    /// <summary>Whether the key was generated for this process (not configured).</summary>
    public bool Ephemeral => string.IsNullOrWhiteSpace(_options.SigningKey);

    /// <summary>The issuer's clock (the one that stamps <c>iat</c> and <c>exp</c>).</summary>
    public DateTimeOffset Now => _time.GetUtcNow();

    public (string Token, DateTimeOffset ExpiresAt) Issue(IEnumerable<Claim> claims)
    {
        var now = _time.GetUtcNow();
        var expires = now + _options.SessionTimeout;
        var token = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = _options.Issuer,
            Audience = _options.Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(Key, SecurityAlgorithms.HmacSha256),
        });
        return (token, expires);
    }

    public TokenValidationParameters ValidationParameters() => new()
    {
        ValidIssuer = _options.Issuer,
        ValidAudience = _options.Audience,
        IssuerSigningKey = Key,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        ValidateLifetime = true,
        RequireExpirationTime = true,
        ClockSkew = _options.ClockSkew,
        NameClaimType = HananClaims.Subject,
        RoleClaimType = HananClaims.Role,
    };

    private static byte[] KeyBytes(string? configured)
    {
        if (string.IsNullOrWhiteSpace(configured))
        {
            return RandomNumberGenerator.GetBytes(32);
        }

        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(configured);
        }
        catch (FormatException e)
        {
            throw new InvalidOperationException("Hanan:Security:SigningKey must be base64 of at least 32 random bytes.", e);
        }

        return bytes.Length >= 32 ? bytes : throw new InvalidOperationException("Hanan:Security:SigningKey must hold at least 32 bytes (256 bits).");
    }
}
