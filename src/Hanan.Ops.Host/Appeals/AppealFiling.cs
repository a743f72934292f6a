using Hanan.Ops.Contracts.Appeals;
using Hanan.Ops.Domain.Appeals;
using Hanan.Ops.Host.Hosting;
using Hanan.Ops.Host.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hanan.Ops.Host.Appeals;

/// <summary>What became of a validated appeal: filed (or replayed, or a key conflict) as <see cref="Outcome"/>, or refused before filing.</summary>
public sealed record FilingAttempt(FileOutcome? Outcome, ProblemHttpResult? Refused);

/// <summary>
/// The one intake path after validation, for every channel (the API, Open311): the per-phone limit, admission
/// control, and the case grain under the key's identity, which stores the case before answering. A filing that filed
/// nothing (a replay, a 503) gives its permits back, so a client that retries with the same key is never locked out.
/// </summary>
public sealed class AppealFiling(IGrainFactory grains, IntakeLimits limits, IntakeAdmission admission)
{
    /// <param name="limitedPerAddress">The request passed the per-address policy (public intake); false for a connected system limited per client.</param>
    public async Task<FilingAttempt> FileAsync(FileAppeal appeal, HttpContext http, bool limitedPerAddress = true)
    {
        var refused = limitedPerAddress
            ? limits.Admit(appeal.Contact?.Phone, http, out var permit)
            : limits.AdmitPhone(appeal.Contact?.Phone, http, out permit);
        if (refused is not null)
        {
            return new(null, refused);
        }

        using var admitted = await admission.EnterAsync(http.RequestAborted);
        if (admitted is null)
        {
            permit.GiveBack(); // nothing was filed; the retry with the same key will count
            return new(null, IntakeAdmission.Busy(http));
        }

        var caseId = CaseIdentity.FromIdempotencyKey(appeal.IdempotencyKey);
        FileOutcome outcome;
        try
        {
            outcome = await grains.GetGrain<ICaseGrain>(caseId).File(appeal);
        }
        catch (Exception e) when (TransientFaults.Classify(e) is not null)
        {
            // Answered 503 (OverloadProblems): the client retries with the same key, and that retry counts (or is a free replay).
            permit.GiveBack();
            throw;
        }

        if (outcome.Result == FilingResult.Replayed)
        {
            // The same appeal, already stored under this key: a replay files nothing and costs no permit.
            permit.GiveBack();
        }

        return new(outcome, null);
    }
}
