namespace Hanan.Ops.Storage.Delivery;

/// <summary>A case to deliver to one bureau's own system: the delivery's state lives on this row.</summary>
public sealed record CaseDelivery(
    Guid CaseId,
    string BureauId,
    string CaseNumber,
    string Mode,
    DateTimeOffset CreatedAt,
    DateTimeOffset? SentAt,
    int Attempts,
    string? LastError,
    DateTimeOffset? LastAttemptAt,
    DateTimeOffset? NextAttemptAt,
    string? RemoteId)
{
    /// <summary>The key the remote system de-duplicates by: one case for one bureau, however often it is sent.</summary>
    public string IdempotencyKey => $"hanan-{CaseId:N}-{BureauId}";
}

/// <summary>A delivery to create: the case reached a bureau that has its own system.</summary>
public sealed record DeliveryDue(Guid CaseId, string BureauId, string CaseNumber, string Mode);

/// <summary>The delivery rows (script 0060), in PostgreSQL or, embedded, in memory.</summary>
public interface ICaseDeliveryStore
{
    /// <summary>Creates the rows that do not exist yet, due at <paramref name="now"/>; existing rows are left as they are.</summary>
    Task EnsureAsync(IReadOnlyList<DeliveryDue> deliveries, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes up to <paramref name="limit"/> unsent rows due at <paramref name="now"/>, earliest first, and moves their
    /// next attempt to now + <paramref name="lease"/>, so no other host takes them while this one sends.
    /// </summary>
    Task<IReadOnlyList<CaseDelivery>> LeaseDueAsync(DateTimeOffset now, TimeSpan lease, int limit, CancellationToken cancellationToken = default);

    /// <summary>The remote system took the case: the row is sent, with the remote's id when it gave one.</summary>
    Task RecordSentAsync(Guid caseId, string bureauId, DateTimeOffset at, string? remoteId, CancellationToken cancellationToken = default);

    /// <summary>An attempt failed: one more attempt, the error, and when to try again.</summary>
    Task RecordFailureAsync(Guid caseId, string bureauId, DateTimeOffset at, string error, DateTimeOffset nextAttempt, CancellationToken cancellationToken = default);

    /// <summary>The unsent rows that failed at least once (failing first by bureau), or every row of a case.</summary>
    Task<IReadOnlyList<CaseDelivery>> ListAsync(bool failingOnly, Guid? caseId, int limit, CancellationToken cancellationToken = default);

    /// <summary>The row a bureau's system knows by its own id, or null.</summary>
    Task<CaseDelivery?> FindByRemoteIdAsync(string bureauId, string remoteId, CancellationToken cancellationToken = default);
}
