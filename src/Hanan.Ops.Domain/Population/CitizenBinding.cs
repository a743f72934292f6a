using System.Text;

namespace Hanan.Ops.Domain.Population;

/// <summary>A citizen account bound to a resident record (实名绑定): one resident per account, one account per resident.</summary>
public sealed record CitizenBinding(string Account, Guid ResidentId, DateTimeOffset BoundAt);

/// <summary>What to do with a request to bind an account, decided before and after the resident is found.</summary>
public enum BindingDecision
{
    /// <summary>Go ahead: store the binding.</summary>
    Bind,

    /// <summary>Too many failed attempts in the window: refused without looking anything up.</summary>
    Locked,

    /// <summary>The account is bound already; unbind first to bind another resident.</summary>
    AccountAlreadyBound,

    /// <summary>The ID number and name match no resident (either unknown, or the name differs: the caller cannot tell which).</summary>
    NoMatch,

    /// <summary>The resident is bound to another account.</summary>
    ResidentTaken,
}

/// <summary>
/// The rules of real-name binding: the citizen states their ID number and name; the binding is made when a resident
/// has that ID number and exactly that name. A failed attempt counts towards a limit of
/// <see cref="MaxFailures"/> in <see cref="FailureWindow"/> per account, after which attempts are refused until the
/// window has passed, so ID numbers cannot be tried out against names. An account holds one binding; to bind
/// another resident (rebinding) the citizen removes the binding first, and the failure limit still applies.
/// </summary>
public static class CitizenBindingRules
{
    public const int MaxFailures = 5;

    public static readonly TimeSpan FailureWindow = TimeSpan.FromHours(24);

    /// <summary>Before any lookup: is the account locked, or bound already?</summary>
    public static BindingDecision? Precheck(int recentFailures, CitizenBinding? accountBinding) =>
        recentFailures >= MaxFailures ? BindingDecision.Locked
        : accountBinding is not null ? BindingDecision.AccountAlreadyBound
        : null;

    /// <summary>After the lookup by ID number: the resident found (or none), the name stated and who holds the resident now.</summary>
    public static BindingDecision Decide(string? storedName, string statedName, CitizenBinding? residentBinding) =>
        storedName is null || !NamesMatch(storedName, statedName) ? BindingDecision.NoMatch
        : residentBinding is not null ? BindingDecision.ResidentTaken
        : BindingDecision.Bind;

    /// <summary>The start of the window failures are counted in.</summary>
    public static DateTimeOffset WindowStart(DateTimeOffset now) => now - FailureWindow;

    /// <summary>Names match after Unicode normalisation (NFKC: full-width forms) and trimming; otherwise exactly.</summary>
    public static bool NamesMatch(string stored, string stated) =>
        string.Equals(Normal(stored), Normal(stated), StringComparison.Ordinal);

    private static string Normal(string name) => name.Trim().Normalize(NormalizationForm.FormKC);
}
