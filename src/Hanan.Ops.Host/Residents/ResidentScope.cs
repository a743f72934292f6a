using System.Security.Claims;
using Hanan.Ops.Contracts.Residents;
using Hanan.Ops.Domain.Audit;
using Hanan.Ops.Host.Audit;
using Hanan.Ops.Host.Security;

namespace Hanan.Ops.Host.Residents;

/// <summary>
/// Data scope on base data (人、地、情): a grid worker sees and changes only what lies in the grids of their token; the
/// other roles an endpoint's policy admits (command centre, supervision, leaders) see the whole district. Restricted
/// tags are shown only to the roles of <see cref="Policies.RestrictedTags"/>.
/// </summary>
public static class ResidentScope
{
    /// <summary>The audit detail of a read or change refused because the caller's grids do not cover it.</summary>
    public const string OutsideGrids = "outside the caller's grids";

    /// <summary>Grid workers are the one grid-scoped role; every other role got here through a district-wide policy.</summary>
    public static bool CoversGrid(ClaimsPrincipal user, string gridCode) =>
        user.Role() != Roles.GridWorker || user.Grids().Contains(gridCode, StringComparer.Ordinal);

    public static bool SeesRestrictedTags(ClaimsPrincipal user) => user.HasRole(Policies.RolesOf[Policies.RestrictedTags]);

    /// <summary>
    /// The resident when they exist and the caller's grids cover them, otherwise null: an unknown resident and one
    /// outside the caller's grids look the same to the caller. A refusal leaves an audit record under
    /// <paramref name="action"/> (the surrogate id, never the ID number).
    /// </summary>
    public static async Task<ResidentRecord?> FindAsync(Guid id, HttpContext http, string action)
    {
        ArgumentNullException.ThrowIfNull(http);
        var resident = await http.RequestServices.GetRequiredService<IGrainFactory>().GetGrain<IResidentGrain>(id).Get();
        if (resident is not null && !CoversGrid(http.User, resident.GridCode))
        {
            await http.RequestServices.GetRequiredService<AuditTrail>().RecordAsync(http, action, id.ToString(), AuditOutcome.Denied, OutsideGrids);
            return null;
        }

        return resident;
    }

    /// <summary>404 for a resident the caller may not know of, worded as for one that does not exist.</summary>
    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult NoSuchResident(Guid id) =>
        TypedResults.Problem(title: "No such resident.", statusCode: StatusCodes.Status404NotFound, detail: $"No resident has id {id}.");
}
