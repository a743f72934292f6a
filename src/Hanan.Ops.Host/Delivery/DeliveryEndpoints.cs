using Hanan.Ops.Domain.Appeals;
using Hanan.Ops.Host.Security;
using Hanan.Ops.Storage.Delivery;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hanan.Ops.Host.Delivery;

/// <summary>The delivery state for the supervision screen: which cases a bureau's system has not taken, and why.</summary>
public static class DeliveryEndpoints
{
    public const int MaxRows = 200;

    public static IEndpointRouteBuilder MapDeliveryEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/deliveries", List).WithTags("Delivery").RequireAuthorization(Policies.SupervisionView)
            .WithName("ListDeliveries")
            .WithSummary("Deliveries to bureaus' own systems: failing ones (default), or every delivery of one case (?caseId=)");
        return app;
    }

    internal static async Task<Ok<IReadOnlyList<DeliveryRow>>> List(Guid? caseId, ICaseDeliveryStore store, RoutingTable routing, CancellationToken cancellationToken)
    {
        var rows = await store.ListAsync(failingOnly: caseId is null, caseId, MaxRows, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<DeliveryRow>>([.. rows.Select(r => new DeliveryRow(
            r.CaseId, r.CaseNumber, r.BureauId, routing.FindBureau(r.BureauId)?.Name ?? r.BureauId, r.Mode, r.CreatedAt, r.SentAt, r.Attempts,
            r.LastError, r.LastAttemptAt, r.NextAttemptAt, r.RemoteId))]);
    }
}

/// <summary>A delivery as the supervision screen shows it (对接推送状态).</summary>
public sealed record DeliveryRow(
    Guid CaseId, string CaseNumber, string BureauId, string BureauName, string Mode, DateTimeOffset CreatedAt, DateTimeOffset? SentAt,
    int Attempts, string? LastError, DateTimeOffset? LastAttemptAt, DateTimeOffset? NextAttemptAt, string? RemoteId);
