using Hanan.Ops.Contracts.Live;
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
    public Task<PictureSnapshot> GetPicture() => grains.GetGrain<IDistrictPictureGrain>(0).GetSnapshot();

    public Task JoinWall() => Groups.AddToGroupAsync(Context.ConnectionId, LiveGroups.Wall);

    public Task JoinSupervision() => Groups.AddToGroupAsync(Context.ConnectionId, LiveGroups.Supervision);

    public Task JoinLeaders() => Groups.AddToGroupAsync(Context.ConnectionId, LiveGroups.Leaders);

    /// <summary>Police screens: camera alerts with full plates and person references (the police-only policy attaches here).</summary>
    public Task JoinPolice() => Groups.AddToGroupAsync(Context.ConnectionId, LiveGroups.Police);

    public Task JoinBureau(string bureauId) => Groups.AddToGroupAsync(Context.ConnectionId, LiveGroups.Bureau(Checked(bureauId)));

    public Task JoinStreet(string streetCode) => Groups.AddToGroupAsync(Context.ConnectionId, LiveGroups.Street(Checked(streetCode)));

    public Task JoinCommunity(string communityCode) => Groups.AddToGroupAsync(Context.ConnectionId, LiveGroups.Community(Checked(communityCode)));

    public Task JoinGrid(string gridCode) => Groups.AddToGroupAsync(Context.ConnectionId, LiveGroups.Grid(Checked(gridCode)));

    public Task FollowCase(Guid caseId) => Groups.AddToGroupAsync(Context.ConnectionId, LiveGroups.Case(caseId));

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

    public static string Case(Guid id) => "case:" + id.ToString("D");
}
