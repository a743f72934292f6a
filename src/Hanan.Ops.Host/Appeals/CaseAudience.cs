using System.Security.Claims;
using Hanan.Ops.Contracts.Appeals;
using Hanan.Ops.Host.Security;

namespace Hanan.Ops.Host.Appeals;

/// <summary>
/// Who a case is shown to. Every path that sends case data (the HTTP answers, the lists, the hub's case groups and the
/// live relay) shapes it for one of these through <see cref="CaseProjection"/>, on the server.
/// </summary>
public abstract record CaseAudience
{
    private CaseAudience()
    {
    }

    /// <summary>The filer (signed in, or holding the tracking link): public progress only, staff by their unit.</summary>
    public sealed record Citizen : CaseAudience;

    /// <summary>The command centre, the supervision bureau and the district leaders: the whole case, the contact masked.</summary>
    public sealed record Oversight : CaseAudience;

    /// <summary>An officer or head of a bureau the case is assigned to: its own part in full, other bureaus' internals out.</summary>
    public sealed record Bureau(string BureauId) : CaseAudience;

    /// <summary>A grid worker of the case's grid: the case and its progress, no internal notes, staff by their unit.</summary>
    public sealed record Grid : CaseAudience;

    public static readonly CaseAudience CitizenAudience = new Citizen();
    public static readonly CaseAudience OversightAudience = new Oversight();
    public static readonly CaseAudience GridAudience = new Grid();

    /// <summary>The audience <paramref name="user"/> belongs to for this case, or null when the case is outside their data scope.</summary>
    public static CaseAudience? Of(ClaimsPrincipal user, CaseView view) => user.Role() switch
    {
        Roles.Dispatcher or Roles.Supervision or Roles.Leader => OversightAudience,
        Roles.Officer or Roles.BureauHead => user.Bureau() is { } bureau && Involves(view, bureau) ? new Bureau(bureau) : null,
        Roles.GridWorker => user.Grids().Contains(view.GridCode) ? GridAudience : null,
        Roles.Citizen => CaseScope.IsFiler(user, view) ? CitizenAudience : null,
        _ => null,
    };

    /// <summary>The group key of the audience's live messages for one case (<c>case:{id}:{key}</c>).</summary>
    public string GroupKey => this switch
    {
        Citizen => "citizen",
        Oversight => "all",
        Bureau b => "bureau:" + b.BureauId,
        _ => "grid",
    };

    private static bool Involves(CaseView view, string bureau) =>
        view.LeadBureau == bureau || view.CoHandlers.Contains(bureau) || view.Assignments.Any(a => a.BureauId == bureau);
}
