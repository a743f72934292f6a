using Hanan.Ops.Contracts.Appeals;
using Hanan.Ops.Domain;
using Hanan.Ops.Domain.Appeals;
using Hanan.Ops.Domain.Geography;
using Hanan.Ops.Grains;
using Hanan.Ops.Grains.Appeals;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Hanan.Ops.Host.Appeals;

/// <summary>The 三率 (response, resolution, satisfaction) and more, per bureau, street, grid or category, and the ranking.</summary>
public static class StatisticsEndpoints
{
    private const int MaxDays = 366;

    public static IEndpointRouteBuilder MapStatisticsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/stats/bureaus", (DateOnly? from, DateOnly? to, ICaseReadModel cases, RoutingTable routing, DistrictMap map,
                IOptions<AppealsOptions> options, DistrictClock clock, CancellationToken ct) =>
                Figures("bureau", from, to, cases, routing, map, options, clock, ct))
            .WithTags("Statistics")
            .WithName("BureauRanking")
            .WithSummary("The bureau ranking on the 三率 over a period of filing dates (default: the last 30 days)");
        app.MapGet("/api/stats", (string? grouping, DateOnly? from, DateOnly? to, ICaseReadModel cases, RoutingTable routing, DistrictMap map,
                IOptions<AppealsOptions> options, DistrictClock clock, CancellationToken ct) =>
                Figures(grouping ?? "bureau", from, to, cases, routing, map, options, clock, ct))
            .WithTags("Statistics")
            .WithName("Figures")
            .WithSummary("Figures grouped by bureau, street, grid or category, ranked; or for the whole district (grouping=district, one row)");
        return app;
    }

    internal static async Task<Results<Ok<FiguresResponse>, ValidationProblem>> Figures(
        string grouping, DateOnly? from, DateOnly? to, ICaseReadModel cases, RoutingTable routing, DistrictMap map,
        IOptions<AppealsOptions> options, DistrictClock clock, CancellationToken cancellationToken)
    {
        FigureGrouping? by = grouping switch
        {
            "bureau" => FigureGrouping.Bureau,
            "street" => FigureGrouping.Street,
            "grid" => FigureGrouping.Grid,
            "category" => FigureGrouping.Category,
            "district" => FigureGrouping.District,
            _ => null,
        };
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.Now, District.TimeZone).DateTime);
        var first = from ?? today.AddDays(-29);
        var last = to ?? today;
        var errors = new Dictionary<string, string[]>();
        if (by is null)
        {
            errors["grouping"] = ["Group by bureau, street, grid, category or district."];
        }

        if (first.Year is < 2000 or > 2100)
        {
            errors["from"] = ["'from' must be a date between 2000 and 2100."];
        }

        if (last.Year is < 2000 or > 2100)
        {
            errors["to"] = ["'to' must be a date between 2000 and 2100."];
        }
        else if (last < first)
        {
            errors["to"] = ["'to' must not be before 'from'."];
        }
        else if (last.DayNumber - first.DayNumber + 1 > MaxDays)
        {
            errors["to"] = [$"A period covers at most {MaxDays} days."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var period = FilingPeriod.Days(first, last);
        var rows = await cases.FiledBetweenAsync(period.From, period.To, cancellationToken);
        var (groups, name) = Names(by!.Value, routing, map);
        var figures = CaseFigures.Compute(rows.Select(Facts), period, by.Value, clock.Now, groups);
        var ranked = CaseRanking.Rank(figures, options.Value.Weights());
        return TypedResults.Ok(new FiguresResponse(
            grouping, first, last, clock.Now,
            [.. ranked.Select(r => new FigureRow(
                r.Rank, r.Figures.Code, name(r.Figures.Code), r.Score, r.Figures.Cases, r.Figures.ResponseRate, r.Figures.ResolutionRate,
                r.Figures.SatisfactionRate, r.Figures.OnTimeRate, r.Figures.Returns, r.Figures.Resolved, r.Figures.Rated,
                r.Figures.ClosedNotRated, r.Figures.OverdueOpen, r.Figures.MeanHandlingHours, r.Figures.P90HandlingHours))]));
    }

    /// <summary>The read-model row as the figures see it. A case closed with no rating after resolution counts as "not rated".</summary>
    internal static CaseFacts Facts(CaseSummary s) => new(
        s.Id, s.CategoryCode, s.StreetCode, s.GridCode, s.FiledAt, s.Status, s.ResolveDue, s.ResolvedAt, s.Rating,
        ClosedNotRated: s.Status == CaseStatus.Closed && s.Rating is null && s.ResolvedAt is not null,
        s.Reopenings,
        [.. s.Assignments.Select(a => new AssignmentFacts(a.BureauId, a.Role, a.ClaimDue, a.FirstClaimedAt, a.Status, a.Status == AssignmentStatus.Returned))]);

    private static (IEnumerable<string> Groups, Func<string, string> Name) Names(FigureGrouping by, RoutingTable routing, DistrictMap map) => by switch
    {
        FigureGrouping.Bureau => (routing.Bureaus.Where(b => b.Kind == BureauKind.Bureau).Select(b => b.Id), code => routing.FindBureau(code)?.Name ?? code),
        FigureGrouping.Street => (map.Streets.Select(s => s.Code), code => map.FindStreet(code)?.Name ?? code),
        FigureGrouping.Grid => ([], code => map.FindGrid(code)?.Name ?? code),
        FigureGrouping.District => ([District.Code], _ => District.Name),
        _ => (routing.Categories.Select(c => c.Code), code => routing.FindCategory(code)?.Name ?? code),
    };
}

public sealed record FiguresResponse(string Grouping, DateOnly From, DateOnly To, DateTimeOffset AsOf, IReadOnlyList<FigureRow> Rows);

/// <summary>One ranked group. Rates are fractions 0..1, null when there is nothing to divide by.</summary>
public sealed record FigureRow(
    int Rank,
    string Code,
    string Name,
    double? Score,
    int Cases,
    double? ResponseRate,
    double? ResolutionRate,
    double? SatisfactionRate,
    double? OnTimeRate,
    int Returns,
    int Resolved,
    int Rated,
    int NotRated,
    int OverdueOpen,
    double? MeanHandlingHours,
    double? P90HandlingHours);
