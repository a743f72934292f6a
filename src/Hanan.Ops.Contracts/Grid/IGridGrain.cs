using Hanan.Ops.Domain.Population;

namespace Hanan.Ops.Contracts.Grid;

/// <summary>The live figures of one grid on 人、事、地、物、情、组织 (see the domain's <c>GridFigures</c>).</summary>
[GenerateSerializer, Immutable, Alias("hanan.grid.GridFiguresView")]
public sealed record GridFiguresView(
    [property: Id(0)] string GridCode,
    [property: Id(1)] int Population,
    [property: Id(2)] int Registered,
    [property: Id(3)] int Floating,
    [property: Id(4)] int SpecialGroups,
    [property: Id(5)] int ElderlyLivingAlone,
    [property: Id(6)] int Disability,
    [property: Id(7)] int LowIncome,
    [property: Id(8)] int Households,
    [property: Id(9)] int OpenCases,
    [property: Id(10)] int OverdueCases,
    [property: Id(11)] int Places,
    [property: Id(12)] int Things,
    [property: Id(13)] int Situations,
    [property: Id(14)] int Organisations)
{
    public static GridFiguresView From(string gridCode, GridFigures f)
    {
        ArgumentNullException.ThrowIfNull(f);
        return new(gridCode, f.Population, f.Registered, f.Floating, f.SpecialGroups, f.ElderlyLivingAlone, f.Disability, f.LowIncome,
            f.Households, f.OpenCases, f.OverdueCases, f.Places, f.Things, f.Situations, f.Organisations);
    }
}

/// <summary>A resident as the grid counts them.</summary>
[GenerateSerializer, Immutable, Alias("hanan.grid.GridResident")]
public sealed record GridResident(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string HouseholdId,
    [property: Id(2)] Registration Registration,
    [property: Id(3)] ResidentTags Tags)
{
    public ResidentFacts Facts => new(Id, HouseholdId, Registration, Tags);

    public static GridResident From(ResidentFacts f) => new(f.Id, f.HouseholdId, f.Registration, f.Tags);
}

/// <summary>A case's state at one version, as the grid counts it.</summary>
[GenerateSerializer, Immutable, Alias("hanan.grid.GridCase")]
public sealed record GridCase(
    [property: Id(0)] Guid Id,
    [property: Id(1)] long Version,
    [property: Id(2)] bool Open,
    [property: Id(3)] bool Overdue);

/// <summary>A grid worker's report of the situation in the grid (情): what they saw, where, when.</summary>
[GenerateSerializer, Immutable, Alias("hanan.grid.SituationReport")]
public sealed record SituationReport(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Kind,
    [property: Id(2)] string Description,
    [property: Id(3)] string ReportedBy,
    [property: Id(4)] DateTimeOffset At);

/// <summary>A supervisor's rating of one bureau's service in the grid: the five 好差评 levels.</summary>
[GenerateSerializer, Immutable, Alias("hanan.grid.BureauRating")]
public sealed record BureauRating(
    [property: Id(0)] string BureauId,
    [property: Id(1)] int Score,
    [property: Id(2)] string RatedBy,
    [property: Id(3)] string? Comment,
    [property: Id(4)] DateTimeOffset At);

[GenerateSerializer, Immutable, Alias("hanan.grid.BureauRatingSummary")]
public sealed record BureauRatingSummary(
    [property: Id(0)] string BureauId,
    [property: Id(1)] int Ratings,
    [property: Id(2)] double MeanScore);

/// <summary>
/// One grid (网格), keyed by its 15-digit code: keeps the live figures. Residents and cases are counted idempotently,
/// so a repeated or late notice never counts twice. On activation it rebuilds from the read models.
/// </summary>
[Alias("hanan.grid.IGridGrain")]
public interface IGridGrain : IGrainWithStringKey
{
    [Alias("GetFigures")]
    Task<GridFiguresView> GetFigures();

    [Alias("ResidentArrived")]
    Task ResidentArrived(GridResident resident);

    [Alias("ResidentLeft")]
    Task ResidentLeft(Guid residentId);

    [Alias("ApplyCases")]
    Task ApplyCases(IReadOnlyList<GridCase> cases);

    /// <summary>Stores a grid worker's report (once per id) before answering.</summary>
    [Alias("ReportSituation")]
    Task<int> ReportSituation(SituationReport report);

    /// <summary>A supervisor's rating of a bureau's service in the grid (监督员评价), stored before answering; returns the bureau's ratings so far.</summary>
    [Alias("RateBureau")]
    Task<int> RateBureau(BureauRating rating);

    /// <summary>Per bureau: how many ratings and their mean score.</summary>
    [Alias("BureauRatings")]
    Task<IReadOnlyList<BureauRatingSummary>> BureauRatings();

    /// <summary>The latest reports, newest first.</summary>
    [Alias("Situations")]
    Task<IReadOnlyList<SituationReport>> Situations(int limit);
}
