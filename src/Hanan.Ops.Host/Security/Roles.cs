using System.Security.Claims;

namespace Hanan.Ops.Host.Security;

/// <summary>The roles of the district (角色). Auditor and administrator are separate: neither can do the other's work.</summary>
public static class Roles
{
    public const string Citizen = "citizen";
    public const string GridWorker = "grid-worker";

    /// <summary>An officer of a handling bureau (承办人), scoped to the bureau in the <c>bureau</c> claim.</summary>
    public const string Officer = "officer";

    /// <summary>The head of a bureau, scoped like its officers; sees the bureau's figures.</summary>
    public const string BureauHead = "bureau-head";

    /// <summary>The command centre (指挥中心).</summary>
    public const string Dispatcher = "dispatcher";

    /// <summary>The supervision bureau (监察局).</summary>
    public const string Supervision = "supervision";

    /// <summary>District leaders (区领导).</summary>
    public const string Leader = "leader";
    public const string Police = "police";

    /// <summary>The audit administrator (审计管理员): reads and verifies the audit log, nothing else.</summary>
    public const string Auditor = "auditor";

    /// <summary>The system administrator (系统管理员): configuration and operations, never the audit log.</summary>
    public const string Administrator = "administrator";

    public static IReadOnlyList<string> All { get; } =
        [Citizen, GridWorker, Officer, BureauHead, Dispatcher, Supervision, Leader, Police, Auditor, Administrator];

    /// <summary>Roles scoped to one bureau.</summary>
    public static bool IsBureauScoped(string? role) => role is Officer or BureauHead;
}

/// <summary>The claims a Hanan Ops token carries (names as in the JWT, not mapped to WS-* URIs).</summary>
public static class HananClaims
{
    public const string Subject = "sub";
    public const string Role = "role";
    public const string Bureau = "bureau";
    public const string Grid = "grid";
    public const string Name = "name";

    /// <summary>When the person signed in (OIDC <c>auth_time</c>, seconds since 1970); kept across renewals.</summary>
    public const string SignedInAt = "auth_time";
}

/// <summary>The signed-in person as the API sees them.</summary>
public static class CallerExtensions
{
    /// <summary>The person's id (<c>sub</c>), or null when nobody is signed in.</summary>
    public static string? Id(this ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true ? user.FindFirst(HananClaims.Subject)?.Value : null;

    /// <summary>The person's role (the first of them when a provider sends several), or null.</summary>
    public static string? Role(this ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true ? user.FindAll(HananClaims.Role).Select(c => c.Value).FirstOrDefault(Roles.All.Contains) : null;

    public static string? Bureau(this ClaimsPrincipal user) => user.FindFirst(HananClaims.Bureau)?.Value;

    public static IReadOnlyList<string> Grids(this ClaimsPrincipal user) => [.. user.FindAll(HananClaims.Grid).Select(c => c.Value)];

    public static bool HasRole(this ClaimsPrincipal user, params string[] roles) => user.Role() is { } role && roles.Contains(role);
}
