using Hanan.Ops.Contracts.Appeals;

namespace Hanan.Ops.Grains.Tests.Appeals;

/// <summary>
/// Reads a case from inside the silo, where Orleans hands an <c>[Immutable]</c> answer over by reference,
/// then changes the case and reports what the earlier answer shows now.
/// </summary>
public interface ICaseViewProbeGrain : IGrainWithGuidKey
{
    /// <summary>The timeline length of a view taken before a claim, read before and after that claim.</summary>
    Task<(int Before, int After)> TimelineOfAViewTakenBeforeAClaim(Guid caseId, string bureauId, string officerId);
}

public sealed class CaseViewProbeGrain : Grain, ICaseViewProbeGrain
{
    public async Task<(int Before, int After)> TimelineOfAViewTakenBeforeAClaim(Guid caseId, string bureauId, string officerId)
    {
        var target = GrainFactory.GetGrain<ICaseGrain>(caseId);
        var view = (await target.Get())!;
        var before = view.Timeline.Count;
        var claimed = await target.Claim(bureauId, officerId);
        if (!claimed.Accepted)
        {
            throw new InvalidOperationException($"The probe's claim was refused: {claimed}");
        }

        return (before, view.Timeline.Count);
    }
}
