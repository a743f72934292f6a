using System.Security.Claims;
using Microsoft.AspNetCore.SignalR;

namespace Hanan.Ops.Host.Security;

/// <summary>
/// Role and scope checks of the hub's methods: a refused call throws a <see cref="HubException"/> whose message starts
/// with <see cref="Refused"/>, and nothing is joined.
/// </summary>
public static class HubAccess
{
    public const string Refused = "Forbidden:";

    public static void Require(ClaimsPrincipal? user, string policy, string view)
    {
        if (user is null || !user.HasRole(Policies.RolesOf[policy]))
        {
            throw Deny(view, user);
        }
    }

    /// <summary>A bureau's view: its own officers and head, and the command centre and supervision bureau.</summary>
    public static void RequireBureau(ClaimsPrincipal? user, string bureauId)
    {
        if (user is null || !(user.HasRole(Roles.Dispatcher, Roles.Supervision) || Roles.IsBureauScoped(user.Role()) && user.Bureau() == bureauId))
        {
            throw Deny($"bureau {bureauId}", user);
        }
    }

    /// <summary>A grid's view: its grid workers, and the district-wide roles.</summary>
    public static void RequireGrid(ClaimsPrincipal? user, string gridCode)
    {
        if (user is null || !(user.HasRole(Roles.Dispatcher, Roles.Supervision, Roles.Leader) || user.HasRole(Roles.GridWorker) && user.Grids().Contains(gridCode)))
        {
            throw Deny($"grid {gridCode}", user);
        }
    }

    public static HubException Deny(string view, ClaimsPrincipal? user) =>
        new($"{Refused} the {view} view is not open to the role '{user?.Role() ?? "anonymous"}'.");
}
