using Hanan.Ops.Domain.Population;

namespace Hanan.Ops.Contracts.Residents;

/// <summary>A search over residents: every criterion optional, combined with AND, ordered by id, paged by the last id seen.</summary>
public sealed record ResidentSearch(
    string? NamePrefix = null,
    string? GridCode = null,
    ResidentTags Tags = ResidentTags.None,
    int Limit = 50,
    Guid? After = null)
{
    public const int MaxLimit = 200;
}

public sealed record ResidentPage(IReadOnlyList<ResidentRecord> Items, Guid? NextAfter);

/// <summary>What a grid grain counts on activation besides its residents.</summary>
public sealed record GridBaseCounts(int Places, int Things, int Organisations);

/// <summary>Figures for one grid computed from the read model (not live): the grid statistics page.</summary>
public sealed record GridStatistics(
    string GridCode,
    int Residents,
    int Households,
    int Male,
    int Female,
    IReadOnlyDictionary<string, int> AgeBands,
    IReadOnlyDictionary<string, int> Tags,
    int Registered,
    int Floating,
    IReadOnlyDictionary<string, int> PlacesByKind,
    IReadOnlyDictionary<string, int> ThingsByClass,
    IReadOnlyDictionary<string, int> OrganisationsByKind);

/// <summary>
/// The base-data read model (三合一 base data: people, places, organisations): PostgreSQL with PostGIS in durable mode,
/// memory in the embedded mode. Both are held to one contract test suite.
/// </summary>
public interface IResidentReadModel
{
    /// <summary>Stores each resident unless a row with the same id and a higher or equal version is there.</summary>
    Task UpsertResidentsAsync(IReadOnlyList<ResidentRecord> residents, CancellationToken cancellationToken = default);

    Task<ResidentRecord?> GetResidentAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>The resident whose ID number has this keyed hash ("swipe the card").</summary>
    Task<ResidentRecord?> FindByLookupAsync(string idLookup, CancellationToken cancellationToken = default);

    /// <exception cref="ArgumentException">The limit is outside 1..<see cref="ResidentSearch.MaxLimit"/>.</exception>
    Task<ResidentPage> SearchAsync(ResidentSearch search, CancellationToken cancellationToken = default);

    /// <summary>What the grid grain counts of every resident living in the grid.</summary>
    Task<IReadOnlyList<ResidentFacts>> ResidentsInGridAsync(string gridCode, CancellationToken cancellationToken = default);

    Task UpsertPlacesAsync(IReadOnlyList<Place> places, CancellationToken cancellationToken = default);

    Task UpsertComponentsAsync(IReadOnlyList<Component> components, CancellationToken cancellationToken = default);

    Task UpsertLegalPersonsAsync(IReadOnlyList<LegalPerson> legalPersons, CancellationToken cancellationToken = default);

    Task<Place?> GetPlaceAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>The legal person with this unified social credit code (upper case).</summary>
    Task<LegalPerson?> GetLegalPersonAsync(string creditCode, CancellationToken cancellationToken = default);

    Task<GridBaseCounts> GridBaseCountsAsync(string gridCode, CancellationToken cancellationToken = default);

    /// <param name="today">The day ages are reckoned on.</param>
    Task<GridStatistics> GridStatisticsAsync(string gridCode, DateOnly today, CancellationToken cancellationToken = default);

    /// <summary>Residents stored; lets a seeder skip a population that is already there.</summary>
    Task<long> CountResidentsAsync(CancellationToken cancellationToken = default);
}
