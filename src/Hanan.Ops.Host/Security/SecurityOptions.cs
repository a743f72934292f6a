namespace Hanan.Ops.Host.Security;

/// <summary>The <c>Hanan:Security</c> section.</summary>
public sealed class SecurityOptions
{
    public const string Section = "Hanan:Security";

    /// <summary>
    /// An OpenID Connect provider (e.g. Keycloak's realm URL). Set: tokens are validated against its published keys,
    /// and the local signing key is not used. Empty: the host validates tokens it issued itself.
    /// </summary>
    public string? Authority { get; set; }

    public string Audience { get; set; } = "hanan-ops";

    /// <summary>Issuer of the locally signed tokens (embedded and demo mode).</summary>
    public string Issuer { get; set; } = "hanan-ops-local";

    /// <summary>
    /// Base64 of at least 32 random bytes (HMAC-SHA256). Empty: a random key per process — tokens then do not survive a
    /// restart and do not work across hosts. Set the same key on every host of a cluster.
    /// </summary>
    public string? SigningKey { get; set; }

    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>Session timeout: a token's lifetime. Hub connections close when it expires.</summary>
    public TimeSpan SessionTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// How long a session may be renewed (<c>POST /api/auth/renew</c>) after the sign-in: a wall display runs all day on
    /// renewed tokens, and after this it must sign in again.
    /// </summary>
    public TimeSpan MaxSessionLength { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Tolerated difference between the clocks of the token's issuer and this host.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    public DevSignInOptions DevSignIn { get; set; } = new();

    public SignInLockoutOptions Lockout { get; set; } = new();

    public RequestLimitOptions Limits { get; set; } = new();
}

/// <summary>
/// The development sign-in (<c>POST /api/auth/dev-sign-in</c>): any demo user of any role, with the demo password.
/// Never mapped in the Production environment, whatever this says.
/// </summary>
public sealed class DevSignInOptions
{
    public bool Enabled { get; set; } = true;

    public string Password { get; set; } = "pingfang-demo";
}

/// <summary>Repeated sign-in failures (等保: login-failure handling): per user and per client address.</summary>
public sealed class SignInLockoutOptions
{
    public int MaxFailures { get; set; } = 5;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan Lockout { get; set; } = TimeSpan.FromMinutes(15);
}

/// <summary>Hostile input: sizes, rates and time.</summary>
public sealed class RequestLimitOptions
{
    /// <summary>The largest request body accepted (413 above it).</summary>
    public long MaxRequestBodyBytes { get; set; } = 64 * 1024;

    /// <summary>Appeals filed per client address per minute by the public (not by signed-in staff).</summary>
    public int IntakePerAddressPerMinute { get; set; } = 30;

    /// <summary>Appeals with the same contact phone per hour.</summary>
    public int IntakePerPhonePerHour { get; set; } = 10;

    /// <summary>A request that takes longer is cancelled and answered 503.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
