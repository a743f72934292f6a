using Hanan.Ops.Domain.Population;

namespace Hanan.Ops.Contracts.Residents;

/// <summary>
/// Real-name bindings of citizen accounts to residents (实名绑定) and the failed attempts that limit them: PostgreSQL in
/// durable mode (schema 0022), memory in the embedded mode; one contract test suite. One resident per account and
/// one account per resident are enforced by the store itself, so two racing binds cannot both win.
/// </summary>
public interface ICitizenBindingStore
{
    /// <summary>How long failed attempts are kept: far longer than any window they are counted in.</summary>
    static readonly TimeSpan FailureRetention = TimeSpan.FromDays(30);

    Task<CitizenBinding?> ForAccountAsync(string account, CancellationToken cancellationToken = default);

    Task<CitizenBinding?> ForResidentAsync(Guid residentId, CancellationToken cancellationToken = default);

    /// <summary>Stores the binding; false (nothing written) when the account or the resident is bound already.</summary>
    Task<bool> TryBindAsync(CitizenBinding binding, CancellationToken cancellationToken = default);

    /// <summary>Removes the account's binding; false when there was none.</summary>
    Task<bool> UnbindAsync(string account, CancellationToken cancellationToken = default);

    /// <summary>Records a failed attempt; failures older than <see cref="FailureRetention"/> before it are dropped (of any account).</summary>
    Task RecordFailureAsync(string account, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Failed attempts of the account at or after <paramref name="since"/>.</summary>
    Task<int> FailuresSinceAsync(string account, DateTimeOffset since, CancellationToken cancellationToken = default);
}
