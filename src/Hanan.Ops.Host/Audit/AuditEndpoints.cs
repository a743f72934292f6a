using System.Globalization;
using Hanan.Ops.Domain.Audit;
using Hanan.Ops.Host.Security;
using Hanan.Ops.Storage.Audit;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Hanan.Ops.Host.Audit;

/// <summary>The audit administrator's endpoints: read, export and verify the log. Nobody else, not even the administrator.</summary>
public static class AuditEndpoints
{
    private const int MaxPage = 1_000;

    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        var audit = app.MapGroup("/api/audit").WithTags("Audit").RequireAuthorization(Policies.AuditRead);
        audit.MapGet("/verify", Verify)
            .WithName("VerifyAuditLog")
            .WithSummary("Verify the audit log with the audit keys and the anchors; names every altered, missing, reordered, inserted or renumbered record, forged checkpoint or anchor, unknown key and truncation");
        audit.MapGet("/records", Records)
            .WithName("AuditRecords")
            .WithSummary("Audit records in sequence order, up to the head as it was at the first page; next is null at the end");
        audit.MapGet("/export", Export)
            .WithName("ExportAuditLog")
            .WithSummary("The audit log as an NDJSON or CSV attachment, streamed, for auditors (a sequence range, up to the current head)");
        return app;
    }

    internal static async Task<Results<Ok<AuditVerification>, ProblemHttpResult>> Verify(
        IAuditStore store, AuditKeyRing keys, IOptions<AuditOptions> options, AuditTrail trail, HttpContext http)
    {
        IReadOnlyList<AnchorLine> anchors;
        try
        {
            anchors = options.Value.AnchorPath is { Length: > 0 } path ? await AuditAnchorFile.ReadAsync(path, http.RequestAborted) : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await trail.RecordAsync(http, "audit.verify", "audit_log", AuditOutcome.Failure, "the anchors cannot be read");
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The audit anchors cannot be read.",
                detail: "The anchor file or directory (Hanan:Audit:AnchorPath) is not readable; try again when it is.");
        }

        var result = await store.VerifyAsync(keys, anchors, http.RequestAborted);
        await trail.RecordAsync(http, "audit.verify", "audit_log", AuditOutcome.Success, result.IsIntact
            ? string.Create(CultureInfo.InvariantCulture, $"intact, {result.RecordsChecked} records, {result.AnchorsChecked} anchors")
            : string.Create(CultureInfo.InvariantCulture, $"{result.FindingCount} findings, first {result.Break} at {result.BrokenAt}"));
        return TypedResults.Ok(result);
    }

    /// <summary>
    /// One page. The first page (no <paramref name="cursor"/>) fixes the bound: the head as it is before this read is
    /// recorded. <c>next</c> carries that bound, so the <c>audit.read</c> records of the paging itself, which come
    /// after it, never appear, and <c>next</c> is null once the bound is reached.
    /// </summary>
    internal static async Task<Results<Ok<AuditPage>, ValidationProblem>> Records(
        long? after, string? cursor, int? limit, IAuditStore store, AuditTrail trail, HttpContext http)
    {
        if (limit is < 1 or > MaxPage)
        {
            return Invalid("limit", $"The limit must be between 1 and {MaxPage}.");
        }

        long from, until;
        if (cursor is not null)
        {
            if (after is not null)
            {
                return Invalid("after", "Give either after (a first page) or cursor (the next page), not both.");
            }

            if (!AuditCursor.TryParse(cursor, out from, out until))
            {
                return Invalid("cursor", "The cursor is not one this endpoint returned as next.");
            }
        }
        else
        {
            if (after is < 0)
            {
                return Invalid("after", "After must be a sequence number, 0 or more.");
            }

            from = after ?? 0;
            until = (await store.HeadAsync(http.RequestAborted)).Sequence;
        }

        var pageSize = limit ?? 100;
        var read = from >= until ? [] : await store.ReadAsync(from, pageSize, http.RequestAborted);
        var items = read.Where(r => r.Sequence <= until).ToList();
        var next = items.Count == pageSize && items[^1].Sequence < until ? AuditCursor.Format(items[^1].Sequence, until) : null;
        await trail.RecordAsync(http, "audit.read", "audit_log", AuditOutcome.Success,
            string.Create(CultureInfo.InvariantCulture, $"after {from} up to {until}, {items.Count} records"));
        return TypedResults.Ok(new AuditPage(items, next, until));
    }

    internal static async Task<Results<PushStreamHttpResult, ValidationProblem>> Export(
        string? format, long? after, long? until, IAuditStore store, AuditTrail trail, HttpContext http)
    {
        if (!AuditExport.TryFormat(format, out var exportFormat))
        {
            return Invalid("format", "The format is ndjson or csv.");
        }

        if (after is < 0)
        {
            return Invalid("after", "After must be a sequence number, 0 or more.");
        }

        if (until is < 0)
        {
            return Invalid("until", "Until must be a sequence number, 0 or more.");
        }

        var head = (await store.HeadAsync(http.RequestAborted)).Sequence;
        var from = after ?? 0;
        var to = Math.Min(until ?? head, head);
        await trail.RecordAsync(http, "audit.export", "audit_log", AuditOutcome.Success,
            string.Create(CultureInfo.InvariantCulture, $"{exportFormat.Name}, records after {from} up to {to}"));
        var stream = http.RequestAborted;
        return TypedResults.Stream(
            body => AuditExport.WriteAsync(store, exportFormat, from, to, body, stream),
            exportFormat.ContentType,
            string.Create(CultureInfo.InvariantCulture, $"audit-log-{from + 1}-{to}.{exportFormat.Name}"));
    }

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });
}

/// <summary>A page of audit records: <see cref="Next"/> is the cursor of the next page (null at the end), <see cref="Until"/> the bound.</summary>
public sealed record AuditPage(IReadOnlyList<AuditRecord> Items, string? Next, long Until);

/// <summary>The paging cursor, <c>{after}:{until}</c>: where the next page starts and the bound the first page fixed.</summary>
internal static class AuditCursor
{
    public static string Format(long after, long until) => string.Create(CultureInfo.InvariantCulture, $"{after}:{until}");

    public static bool TryParse(string cursor, out long after, out long until)
    {
        after = until = 0;
        var parts = cursor.Split(':');
        return parts.Length == 2
            && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out after)
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out until)
            && after <= until;
    }
}
