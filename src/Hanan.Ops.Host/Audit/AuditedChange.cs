using Hanan.Ops.Domain.Audit;

namespace Hanan.Ops.Host.Audit;

/// <summary>
/// Records a state-changing endpoint's outcome in the audit log (留痕): who, which change, on what (the route's ids),
/// and whether it was carried out (2xx: Success), refused by a rule or for bad input (4xx: Failure, 403: Denied). The
/// record is written before the answer leaves, so no acknowledged change is unaudited; if the audit log cannot be
/// written, the answer is 503 and the client retries the (idempotent) change.
/// </summary>
public static class AuditedChange
{
    public static TBuilder Audited<TBuilder>(this TBuilder builder, string action, params string[] targetRouteValues)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var result = await next(context);
            var status = StatusOf(result);
            var http = context.HttpContext;
            var target = string.Join('/', targetRouteValues.Select(k => http.Request.RouteValues[k]?.ToString() ?? "-"));
            var outcome = status < 400 ? AuditOutcome.Success : status is 401 or 403 ? AuditOutcome.Denied : AuditOutcome.Failure;
            await http.RequestServices.GetRequiredService<AuditTrail>().RecordAsync(http, action, target, outcome, $"HTTP {status}");
            return result;
        });

    private static int StatusOf(object? result) => result switch
    {
        INestedHttpResult nested => StatusOf(nested.Result),
        IStatusCodeHttpResult { StatusCode: { } code } => code,
        _ => StatusCodes.Status200OK,
    };
}
