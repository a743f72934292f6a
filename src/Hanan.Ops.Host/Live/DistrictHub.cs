using Hanan.Ops.Contracts.Appeals;
using Hanan.Ops.Contracts.Live;
using Hanan.Ops.Host.Appeals;
using Hanan.Ops.Host.Security;
using Microsoft.AspNetCore.SignalR;

namespace Hanan.Ops.Host.Live;

/// <summary>
/// The live channel of every screen. A connection joins the views it shows; each view is a SignalR group. One method
/// per view, so the security work can put a policy on each (the wall is read-only, bureaus see their own cases, …).
/// </summary>
public sealed class DistrictHub(IGrainFactory grains) : Hub
{
    public const string Path = "/hubs/district";

    /// <summary>
    /// The district picture with the sequence of the last delta it reflects. Join the wall first and buffer its
    /// <c>pictureDelta</c> messages, then apply only those numbered above the snapshot's sequence.
    /// </summary>
    public Task<PictureSnapshot> GetPicture()
    {
        HubAccess.Require(Context.User, Policies.Wall, "wall");
        return grains.GetGrain<IDistrictPictureGrain>(0).GetSnapshot();
    }

    public Task JoinWall()
    {
        HubAccess.Require(Context.User, Policies.Wall, "wall");
        return Groups.AddToGroupAsync(Context.ConnectionId, LiveGroups.Wall);
    }

    public Task JoinSupervision()
    {
        HubAccess.Require(Context.User, Policies.SupervisionView, "supervision");
        return Groups.AddToGroupAsync(Context.ConnectionId, LiveGroups.Supervision);
    }

    public Task JoinLeaders()
    {
        HubAccess.Require(Context.User, Policies.LeadersView, "leaders");
        return Groups.AddToGroupAsync(Context.ConnectionId, LiveGroups.Leaders);
    }

    public Task JoinBureau(string bureauId)
    {
        HubAccess.RequireBureau(Context.User, Checked(bureauId));
        return Groups.AddToGroupAsync(Context.ConnectionId, LiveGroups.Bureau(bureauId));
    }

    /// <summary>Police screens: camera alerts with full plates and person references. Police only.</summary>
    public Task JoinPolice()
    {
        HubAccess.Require(Context.User, Policies.Police, "police");
        return Groups.AddToGroupAsync(Context.ConnectionId, LiveGroups.Police);
    }

    public Task JoinStreet(string streetCode)
    {
        HubAccess.Require(Context.User, Policies.Wall, "street");
        return Groups.AddToGroupAsync(Context.ConnectionId, LiveGroups.Street(Checked(streetCode)));
    }

    public Task JoinCommunity(string communityCode)
    {
        HubAccess.Require(Context.User, Policies.Wall, "community");
        return Groups.AddToGroupAsync(Context.ConnectionId, LiveGroups.Community(Checked(communityCode)));
    }

    public Task JoinGrid(string gridCode)
    {
        HubAccess.RequireGrid(Context.User, Checked(gridCode));
        return Groups.AddToGroupAsync(Context.ConnectionId, LiveGroups.Grid(gridCode));
    }

    /// <summary>
    /// A case's live updates, for whoever may see the case, each in the shape of their audience: the connection joins
    /// the case's group for that audience only (<see cref="CaseAudience"/>), so a citizen never receives what staff see.
    /// </summary>
    public async Task FollowCase(Guid caseId)
    {
        var view = await grains.GetGrain<ICaseGrain>(caseId).Get();
        if (Context.User is not { } user || view is null || CaseAudience.Of(user, view) is not { } audience)
        {
            throw HubAccess.Deny($"case {caseId}", Context.User);
        }

        await Groups.AddToGroupAsync(Context.ConnectionId, LiveGroups.Case(caseId, audience));
    }

    private static string Checked(string id) =>
        id is { Length: > 0 and <= 64 } && id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')
            ? id
            : throw new HubException("An id is 1 to 64 letters, digits or hyphens.");
}

/// <summary>The SignalR groups, one per view.</summary>
public static class LiveGroups
{
    public const string Wall = "wall";
    public const string Supervision = "supervision";
    public const string Leaders = "leaders";
    public const string Police = "police";

    public static string Bureau(string id) => "bureau:" + id;

    public static string Street(string code) => "street:" + code;

    public static string Community(string code) => "community:" + code;

    public static string Grid(string code) => "grid:" + code;

    /// <summary>A case's group for one audience: <c>case:{id}:citizen</c>, <c>:all</c>, <c>:bureau:{id}</c>, <c>:grid</c>.</summary>
    public static string Case(Guid id, CaseAudience audience) => "case:" + id.ToString("D") + ":" + audience.GroupKey;
}
