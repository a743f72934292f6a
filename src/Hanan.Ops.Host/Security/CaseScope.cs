using System.Security.Claims;
using Hanan.Ops.Contracts.Appeals;

namespace Hanan.Ops.Host.Security;

/// <summary>
/// Data scopes on cases: an officer or bureau head sees the cases assigned to their bureau, a grid worker those of
/// their grids, a citizen their own appeals; the command centre, the supervision bureau and the leaders see all.
/// </summary>
public static class CaseScope
{
    /// <summary>Whether the case is in <paramref name="user"/>'s data scope: they belong to one of its audiences.</summary>
    public static bool CanSee(ClaimsPrincipal user, CaseView view) => Appeals.CaseAudience.Of(user, view) is not null;

    /// <summary>The citizen who filed the appeal while signed in (the first timeline entry names them).</summary>
    public static bool IsFiler(ClaimsPrincipal user, CaseView view) =>
        user.Id() is { } id && view.Timeline.Count > 0 && view.Timeline[0].Actor is { Role: Roles.Citizen } filer && filer.Id == id;

    /// <summary>The bureau a bureau-scoped caller may act for, or list: their own, never another.</summary>
    public static bool MayActFor(ClaimsPrincipal user, string bureauId) =>
        !Roles.IsBureauScoped(user.Role()) || user.Bureau() == bureauId;

    /// <summary>A 403 problem naming the scope that refused.</summary>
    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(title: "Outside your data scope.", detail: detail, statusCode: StatusCodes.Status403Forbidden);
}
