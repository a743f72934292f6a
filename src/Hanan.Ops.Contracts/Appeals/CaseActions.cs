namespace Hanan.Ops.Contracts.Appeals;

/// <summary>
/// The answer to an action on a case: accepted with the case as it now stands, or refused with the reason.
/// A refusal for bad input maps to 400; any other refusal is a state conflict (409), e.g. another officer won the claim.
/// </summary>
[GenerateSerializer, Immutable, Alias("hanan.appeals.CaseActionResult")]
public sealed record CaseActionResult(
    [property: Id(0)] CaseView? Case,
    [property: Id(1)] string? Refusal,
    [property: Id(2)] string? Message,
    [property: Id(3)] bool InvalidInput,
    [property: Id(4)] string? ClaimedBy,
    [property: Id(5)] bool NotFound = false)
{
    public bool Accepted => Refusal is null && !NotFound;

    public static CaseActionResult Missing { get; } = new(null, "NotFound", "No case has this id.", false, null, NotFound: true);
}
