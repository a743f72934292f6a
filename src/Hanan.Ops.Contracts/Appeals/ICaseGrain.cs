using Orleans.Concurrency;
using Hanan.Ops.Domain.Calendar;

namespace Hanan.Ops.Contracts.Appeals;

/// <summary>One case (案件): the aggregate behind an appeal. Keyed by the id derived from the intake's idempotency key.</summary>
[Alias("hanan.appeals.ICaseGrain")]
public interface ICaseGrain : IGrainWithGuidKey
{
    /// <summary>Stores the case durably before answering; a retry with the same key and content replays the same case.</summary>
    [Alias("File")]
    Task<FileOutcome> File(FileAppeal appeal);

    /// <summary>The case with its timeline, or null when no case was filed under this id.</summary>
    [Alias("Get")]
    Task<CaseView?> Get();

    /// <summary>
    /// Applies every escalation step that is due by the district clock and has not been applied yet, exactly once each.
    /// The durable escalation reminder calls this; returns the steps applied by this call.
    /// </summary>
    [Alias("EvaluateDeadlines")]
    Task<IReadOnlyList<EscalationStep>> EvaluateDeadlines();

    // Handling (办理) by a bureau's officer.
    [Alias("Claim")] Task<CaseActionResult> Claim(string bureauId, string officerId);

    [Alias("Unclaim")] Task<CaseActionResult> Unclaim(string bureauId, string officerId);

    [Alias("Transfer")] Task<CaseActionResult> Transfer(string bureauId, string officerId, string toOfficerId);

    [Alias("Note")] Task<CaseActionResult> Note(string bureauId, string officerId, string text, bool isPublic);

    /// <summary>A public progress note from a bureau's own system under its update id: the same id again changes nothing.</summary>
    [Alias("ExternalNote")] Task<CaseActionResult> ExternalNote(string bureauId, string officerId, string text, string key);

    [Alias("AskCitizen")] Task<CaseActionResult> AskCitizen(string bureauId, string officerId, string question);

    [Alias("CitizenReply")] Task<CaseActionResult> CitizenReply(string citizenId, string text);

    /// <summary>The filer adds information (诉求人补充说明) under the sender's key: the same key again changes nothing.</summary>
    [Alias("Supplement")] Task<CaseActionResult> Supplement(string citizenId, string text, string key);

    [Alias("Report")] Task<CaseActionResult> Report(string bureauId, string officerId, string summary);

    [Alias("Resolve")] Task<CaseActionResult> Resolve(string bureauId, string officerId, string summary);

    [Alias("Return")] Task<CaseActionResult> Return(string bureauId, string officerId, string reason);

    [Alias("RequestExtension")] Task<CaseActionResult> RequestExtension(string bureauId, string officerId, string reason, string extra);

    // Command centre (指挥中心) and supervision bureau (监察局).
    [Alias("Reroute")] Task<CaseActionResult> Reroute(string dispatcherId, string leadBureau, IReadOnlyList<string> coHandlers);

    [Alias("DecideExtension")] Task<CaseActionResult> DecideExtension(string supervisorId, bool approve, string? reason);

    [Alias("CompleteReview")] Task<CaseActionResult> CompleteReview(string supervisorId, bool close, string note);

    [Alias("FlagHot")] Task<CaseActionResult> FlagHot(string actorId, bool dispatcher);

    /// <summary>
    /// Computes the resolve deadline again with the calendar as it now is (after a year's notice was loaded), recording
    /// why on the case's timeline; unchanged when the new calendar gives the same deadline.
    /// </summary>
    [Alias("Replan")] Task<CaseActionResult> Replan(string why);

    /// <summary>Whether this case could be merged into <paramref name="masterId"/> now; changes nothing.</summary>
    [Alias("CheckMerge")] Task<CaseActionResult> CheckMerge(Guid masterId, string dispatcherId);

    /// <summary>Marks this case merged into <paramref name="masterId"/>. Only the merge coordinator calls it, after the master absorbed it.</summary>
    [Alias("MergeInto")] Task<CaseActionResult> MergeInto(Guid masterId, string dispatcherId);

    /// <summary>The master counts one more affected citizen. Only the merge coordinator calls it.</summary>
    [Alias("AbsorbDuplicate")] Task<CaseActionResult> AbsorbDuplicate(Guid duplicateId, string dispatcherId);

    /// <summary>After filing, off the acknowledgement's path: hot-cluster detection and duplicate candidates.</summary>
    [OneWay, Alias("AfterFiling")] Task AfterFiling();

    /// <summary>
    /// The hotspot watch heard of an earlier-filed open case nearby only after this one: it joins this case's duplicate
    /// candidates. Only the category's hotspot grain calls it.
    /// </summary>
    [OneWay, Alias("OfferDuplicate")] Task OfferDuplicate(Guid earlierCaseId);

    // The citizen (好差评).
    [Alias("Rate")] Task<CaseActionResult> Rate(string citizenId, int level, string? comment);

    /// <summary>
    /// Opens the case with its tracking token (the filer's capability link): granted while the case is open and until
    /// its rating period is over, then expired. A wrong token and an unknown case answer the same.
    /// </summary>
    [Alias("Track")] Task<TrackedCase> Track(string token);

    /// <summary>The filer rates through the tracking link; an unknown or expired link changes nothing.</summary>
    [Alias("RateByLink")] Task<CaseActionResult> RateByLink(string token, int level, string? comment);
}

/// <summary>Allocates case numbers for one year (key: the year in Asia/Shanghai). Increasing, unique, gaps allowed.</summary>
[Alias("hanan.appeals.ICaseNumberGrain")]
public interface ICaseNumberGrain : IGrainWithIntegerKey
{
    [Alias("Next")]
    Task<long> Next();
}

/// <summary>
/// Merges duplicates (合并): checks the duplicate, lets the master absorb it, then marks the duplicate merged. Case
/// grains never call each other for a merge, so two opposite merges cannot wait on each other.
/// </summary>
[Alias("hanan.appeals.IMergeCoordinatorGrain")]
public interface IMergeCoordinatorGrain : IGrainWithIntegerKey
{
    [Alias("Merge")]
    Task<CaseActionResult> Merge(Guid duplicateId, Guid masterId, string dispatcherId);
}
