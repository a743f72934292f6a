using Hanan.Ops.Domain.Audit;
using Hanan.Ops.Host.Security;
using Hanan.Ops.Storage.Audit;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hanan.Ops.Host.Audit;

/// <summary>The audit administrator's endpoints: read the log and verify its hash chain. Nobody else, not even the administrator.</summary>
public static class AuditEndpoints
{
    private const int MaxPage = 1_000;

    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        var audit = app.MapGroup("/api/audit").WithTags("Audit").RequireAuthorization(Policies.AuditRead);
        audit.MapGet("/verify", Verify)
            .WithName("VerifyAuditLog")
            .WithSummary("Verify the audit log's hash chain; names the first altered, missing or reordered record");
        audit.MapGet("/records", Records)
            .WithName("AuditRecords")
            .WithSummary("Audit records in sequence order, after a sequence number (paging)");
        return app;
    }

    internal static async Task<Ok<AuditVerification>> Verify(IAuditStore store, AuditTrail trail, HttpContext http)
    {
        var result = await store.VerifyAsync(http.RequestAborted);
        await trail.RecordAsync(http, "audit.verify", "audit_log", AuditOutcome.Success,
            result.IsIntact ? $"intact, {result.RecordsChecked} records" : $"broken at {result.BrokenAt}: {result.Break}");
        return TypedResults.Ok(result);
    }

    internal static async Task<Results<Ok<AuditPage>, ValidationProblem>> Records(long? after, int? limit, IAuditStore store, AuditTrail trail, HttpContext http)
    {
        if (limit is < 1 or > MaxPage)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = [$"The limit must be between 1 and {MaxPage}."] });
        }

        var records = await store.ReadAsync(after ?? 0, limit ?? 100, http.RequestAborted);
        await trail.RecordAsync(http, "audit.read", "audit_log", AuditOutcome.Success, $"after {after ?? 0}, {records.Count} records");
        return TypedResults.Ok(new AuditPage(records, records.Count == 0 ? null : records[^1].Sequence));
    }
}

public sealed record AuditPage(IReadOnlyList<AuditRecord> Items, long? Next);
