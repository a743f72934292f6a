using Hanan.Ops.Domain.Appeals;

namespace Hanan.Ops.Domain.Live;

/// <summary>
/// What the live district picture needs to know about one case at one version. The grains map read-model rows and
/// case activity to it.
/// </summary>
/// <param name="Overdue">The case has passed its resolution deadline (as the case itself announced it).</param>
public sealed record PictureCase(
    Guid Id,
    long Version,
    CaseStatus Status,
    string CategoryCode,
    string GridCode,
    double Latitude,
    double Longitude,
    bool Hot,
    bool Overdue,
    DateTimeOffset FiledAt,
    DateTimeOffset? ResolvedAt)
{
    /// <summary>Still being worked on: not resolved, closed or merged.</summary>
    public bool IsOpen => Status.IsOpen();

    /// <summary>An officer of the lead bureau has claimed it and is handling it.</summary>
    public bool IsClaimed => Status is CaseStatus.InProgress or CaseStatus.AwaitingCitizen;

    /// <summary>Resolved or closed after a resolution; a reopened case is not, whatever <see cref="ResolvedAt"/> says.</summary>
    public bool IsResolved => Status is CaseStatus.Resolved or CaseStatus.Closed && ResolvedAt is not null;
}
