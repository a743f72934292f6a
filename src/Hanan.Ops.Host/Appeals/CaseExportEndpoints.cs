using System.Security.Claims;
using Hanan.Ops.Contracts.Appeals;
using Hanan.Ops.Domain;
using Hanan.Ops.Domain.Appeals;
using Hanan.Ops.Domain.Audit;
using Hanan.Ops.Domain.Geography;
using Hanan.Ops.Domain.Privacy;
using Hanan.Ops.Grains;
using Hanan.Ops.Grains.Appeals;
using Hanan.Ops.Host.Audit;
using Hanan.Ops.Host.Hosting;
using Hanan.Ops.Host.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Hanan.Ops.Host.Appeals;

/// <summary>
/// Case lists and the 三率 tables as .xlsx or CSV, with names instead of codes. A file leaves the system, so mobile and
/// ID numbers a resident wrote into a description are masked in every export, for every role; contacts are never
/// exported. Every export is audited with its filters and size.
/// </summary>
public static class CaseExportEndpoints
{
    public const int MaxRows = 10_000;
    public const string TruncatedHeader = "X-Export-Truncated";

    private static readonly string[] CaseHeaders =
        ["受理编号", "状态", "类别", "主办单位", "协办单位", "街道", "社区", "网格", "受理时间", "办结时限", "办结时间", "是否超期", "是否热点", "评价", "诉求内容"];

    private static readonly string[] FigureHeaders =
        ["排名", "名称", "代码", "综合得分", "案件数", "响应率(%)", "办结率(%)", "满意率(%)", "按时办结率(%)", "退单", "已办结", "已评价", "未评价", "超期在办", "平均办理时长(小时)", "P90办理时长(小时)"];

    public static IEndpointRouteBuilder MapCaseExportEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/cases/export.{format}", ExportCases)
            .RequireAuthorization(Policies.ListCases)
            .WithTags("Cases")
            .WithName("ExportCases")
            .WithSummary("The case list as .xlsx or .csv (the list's filters; at most 10,000 rows, X-Export-Truncated says when more matched)");
        app.MapGet("/api/stats/export.{format}", ExportFigures)
            .RequireAuthorization(Policies.Statistics)
            .WithTags("Statistics")
            .WithName("ExportFigures")
            .WithSummary("The figures (三率) as .xlsx or .csv, grouped and ranked as GET /api/stats");
        return app;
    }

    internal static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> ExportCases(
        string format, string? status, string? bureau, string? grid, string? street, string? category, bool? hot, bool? overdue,
        DateTimeOffset? from, DateTimeOffset? to, string? text, bool? extensionPending,
        ICaseReadModel cases, RoutingTable routing, DistrictMap map, DistrictClock clock, AuditTrail audit, HttpContext http, CancellationToken cancellationToken)
    {
        var filter = new CaseListFilter(status, bureau, grid, street, category, hot, overdue, from, to, text, extensionPending);
        if (!TableExport.TryParse(format, out var f))
        {
            return UnknownFormat(format);
        }

        var (query, refusal) = CaseListEndpoints.Prepare(filter, CaseQuery.MaxLimit, routing, http.User);
        if (query is null)
        {
            return refusal!.Result switch
            {
                ValidationProblem invalid => invalid,
                var other => (ProblemHttpResult)other,
            };
        }

        var rows = new List<object?[]>();
        string? after = null;
        var truncated = false;
        do
        {
            var page = await cases.QueryAsync(query with { After = after }, cancellationToken);
            foreach (var s in page.Items)
            {
                if (rows.Count == MaxRows)
                {
                    truncated = true;
                    break;
                }

                rows.Add(CaseRow(s, routing, map));
            }

            after = truncated ? null : page.NextCursor;
        }
        while (after is not null);

        await audit.RecordAsync(http, "cases.export", http.Request.QueryString.Value is { Length: > 0 } q ? q : "all",
            AuditOutcome.Success, $"{rows.Count} cases{(truncated ? " (truncated)" : "")}, {format}, personal numbers masked");
        if (truncated)
        {
            http.Response.Headers[TruncatedHeader] = "true";
        }

        return TableExport.File(f, $"案件清单-{Today(clock)}", CaseHeaders, rows);
    }

    internal static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> ExportFigures(
        string format, string? grouping, DateOnly? from, DateOnly? to, ICaseReadModel cases, RoutingTable routing, DistrictMap map,
        IOptions<AppealsOptions> options, DistrictClock clock, AuditTrail audit, HttpContext http, CancellationToken cancellationToken)
    {
        if (!TableExport.TryParse(format, out var f))
        {
            return UnknownFormat(format);
        }

        var answer = await StatisticsEndpoints.Figures(grouping ?? "bureau", from, to, cases, routing, map, options, clock, cancellationToken);
        if (answer.Result is not Ok<FiguresResponse> { Value: { } figures })
        {
            return (ValidationProblem)answer.Result;
        }

        await audit.RecordAsync(http, "stats.export", $"{figures.Grouping} {figures.From:yyyy-MM-dd}..{figures.To:yyyy-MM-dd}", AuditOutcome.Success,
            $"{figures.Rows.Count} rows, {format}");
        static double? Percent(double? rate) => rate is { } r ? Math.Round(r * 100, 1) : null;
        static double? Hours(double? h) => h is { } v ? Math.Round(v, 1) : null;
        var rows = figures.Rows.Select(r => new object?[]
        {
            r.Rank, r.Name, r.Code, r.Score is { } s ? Math.Round(s * 100, 1) : null, r.Cases, Percent(r.ResponseRate), Percent(r.ResolutionRate),
            Percent(r.SatisfactionRate), Percent(r.OnTimeRate), r.Returns, r.Resolved, r.Rated, r.NotRated, r.OverdueOpen,
            Hours(r.MeanHandlingHours), Hours(r.P90HandlingHours),
        });
        return TableExport.File(f, $"三率统计-{figures.Grouping}-{figures.From:yyyyMMdd}-{figures.To:yyyyMMdd}", FigureHeaders, rows);
    }

    private static object?[] CaseRow(CaseSummary s, RoutingTable routing, DistrictMap map) =>
    [
        s.Number,
        CaseWords.Status(s.Status),
        routing.FindCategory(s.CategoryCode)?.Name ?? s.CategoryCode,
        routing.FindBureau(s.LeadBureau)?.Name ?? s.LeadBureau,
        string.Join("、", s.Assignments.Where(a => a.Role == AssignmentRole.CoHandler && a.Status != AssignmentStatus.Returned)
            .Select(a => routing.FindBureau(a.BureauId)?.Name ?? a.BureauId)),
        map.FindStreet(s.StreetCode)?.Name ?? s.StreetCode,
        map.FindCommunity(s.CommunityCode)?.Name ?? s.CommunityCode,
        map.FindGrid(s.GridCode)?.Name ?? s.GridCode,
        s.FiledAt,
        s.ResolveDue,
        s.ResolvedAt,
        s.Overdue ? "是" : "否",
        s.Hot ? "是" : "否",
        s.Rating is null ? null : CaseWords.Rating(s.Rating),
        FreeTextMasking.Mask(s.Description),
    ];

    private static string Today(DistrictClock clock) => TimeZoneInfo.ConvertTime(clock.Now, District.TimeZone).ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);

    private static ProblemHttpResult UnknownFormat(string format) =>
        TypedResults.Problem(title: "Unknown export format.", statusCode: StatusCodes.Status404NotFound,
            detail: $"'{(format.Length <= 20 ? format : format[..20] + "…")}' is not an export format: use .xlsx or .csv.");
}
