using Hanan.Ops.Contracts.Appeals;

namespace Hanan.Ops.Grains.Appeals;

/// <summary>
/// One coordinator (key 0) runs merges one at a time: check the duplicate, the master absorbs it, the duplicate is
/// marked merged. Merges are rare dispatcher actions, so serialising them costs nothing and rules out two case grains
/// waiting on each other. If the last step fails, repeating the merge completes it (absorbing is idempotent).
/// </summary>
public sealed class MergeCoordinatorGrain : Grain, IMergeCoordinatorGrain
{
    public async Task<CaseActionResult> Merge(Guid duplicateId, Guid masterId, string dispatcherId)
    {
        var duplicate = GrainFactory.GetGrain<ICaseGrain>(duplicateId);
        var check = await duplicate.CheckMerge(masterId, dispatcherId);
        if (!check.Accepted)
        {
            return check;
        }

        var master = await GrainFactory.GetGrain<ICaseGrain>(masterId).AbsorbDuplicate(duplicateId, dispatcherId);
        if (master.NotFound)
        {
            return new CaseActionResult(check.Case, "InvalidInput:masterId", $"No case has id {masterId}.", true, null);
        }

        if (!master.Accepted)
        {
            return master with { Case = check.Case, Message = "The master case refuses the merge: " + master.Message };
        }

        return await duplicate.MergeInto(masterId, dispatcherId);
    }
}
