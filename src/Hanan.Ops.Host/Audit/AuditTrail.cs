using System.Security.Claims;
using Hanan.Ops.Domain.Audit;
using Hanan.Ops.Host.Security;
using Hanan.Ops.Storage.Audit;

namespace Hanan.Ops.Host.Audit;

/// <summary>
/// Writes audit records (留痕) for the API: who (the token's subject, or <c>anonymous</c>), in which role, what, on
/// which object, from which client address, with which outcome. The record is stored before the caller answers.
/// </summary>
public sealed class AuditTrail(IAuditStore store, TimeProvider time)
{
    public Task<AuditRecord> RecordAsync(HttpContext http, string action, string? target, AuditOutcome outcome, string? detail = null) =>
        RecordAsync(http.User, http.Connection.RemoteIpAddress?.ToString(), action, target, outcome, detail);

    public Task<AuditRecord> RecordAsync(ClaimsPrincipal? user, string? source, string action, string? target, AuditOutcome outcome,
        string? detail = null) =>
        // Written even when the client goes away: the request's cancellation is not passed on.
        store.AppendAsync(
            new AuditEntry(time.GetUtcNow(), user?.Id() ?? "anonymous", user?.Role() ?? "anonymous", action, Cut(target), source, outcome, Cut(detail)),
            CancellationToken.None);

    /// <summary>Long free text is cut, so a hostile request cannot bloat the log.</summary>
    private static string? Cut(string? text) => text is { Length: > 500 } ? text[..500] + "…" : text;
}
