using Hanan.Ops.Contracts.Residents;
using Hanan.Ops.Domain.Population;

namespace Hanan.Ops.Storage.Residents;

/// <summary>The base-data read model in memory, for the embedded mode; behaves like <see cref="PostgresResidentReadModel"/>.</summary>
public sealed class InMemoryResidentReadModel : IResidentReadModel
{
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, ResidentRecord> _residents = [];
    private readonly Dictionary<string, Guid> _byLookup = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<Guid>> _byGrid = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Place> _places = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Component> _components = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LegalPerson> _legalPersons = new(StringComparer.Ordinal);

    public Task UpsertResidentsAsync(IReadOnlyList<ResidentRecord> residents, CancellationToken cancellationToken = default)
    {
        ResidentReadModelRules.CheckRecords(residents);
        lock (_gate)
        {
            foreach (var r in residents)
            {
                if (_residents.TryGetValue(r.Id, out var known))
                {
                    if (known.Version >= r.Version)
                    {
                        continue;
                    }

                    _byLookup.Remove(known.IdLookup);
                    _byGrid[known.GridCode].Remove(r.Id);
                }

                _residents[r.Id] = r;
                _byLookup[r.IdLookup] = r.Id;
                if (!_byGrid.TryGetValue(r.GridCode, out var grid))
                {
                    _byGrid[r.GridCode] = grid = [];
                }

                grid.Add(r.Id);
            }
        }

        return Task.CompletedTask;
    }

    public Task<ResidentRecord?> GetResidentAsync(Guid id, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_residents.GetValueOrDefault(id));
        }
    }

    public Task<ResidentRecord?> FindByLookupAsync(string idLookup, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_byLookup.TryGetValue(idLookup, out var id) ? _residents[id] : null);
        }
    }

    public Task<ResidentPage> SearchAsync(ResidentSearch search, CancellationToken cancellationToken = default)
    {
        ResidentReadModelRules.CheckSearch(search);
        lock (_gate)
        {
            IEnumerable<ResidentRecord> rows = search.GridCode is { } grid
                ? _byGrid.TryGetValue(grid, out var ids) ? ids.Select(id => _residents[id]) : []
                : _residents.Values;
            var after = search.After?.ToString();
            var page = rows
                .Where(r => search.NamePrefix is null || r.Name.StartsWith(search.NamePrefix, StringComparison.Ordinal))
                .Where(r => (r.Tags & search.Tags) == search.Tags)
                .Select(r => (Key: r.Id.ToString(), Row: r))
                .Where(r => after is null || string.CompareOrdinal(r.Key, after) > 0)
                .OrderBy(r => r.Key, StringComparer.Ordinal)
                .Take(search.Limit + 1)
                .Select(r => r.Row)
                .ToList();
            var more = page.Count > search.Limit;
            if (more)
            {
                page.RemoveAt(page.Count - 1);
            }

            return Task.FromResult(new ResidentPage(page, more ? page[^1].Id : null));
        }
    }

    public Task<IReadOnlyList<ResidentFacts>> ResidentsInGridAsync(string gridCode, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<ResidentFacts> facts = _byGrid.TryGetValue(gridCode, out var ids) ? [.. ids.Select(id => _residents[id].Facts())] : [];
            return Task.FromResult(facts);
        }
    }

    public Task UpsertPlacesAsync(IReadOnlyList<Place> places, CancellationToken cancellationToken = default) =>
        Put(_places, places, p => p.Id);

    public Task UpsertComponentsAsync(IReadOnlyList<Component> components, CancellationToken cancellationToken = default) =>
        Put(_components, components, c => c.Id);

    public Task UpsertLegalPersonsAsync(IReadOnlyList<LegalPerson> legalPersons, CancellationToken cancellationToken = default) =>
        Put(_legalPersons, legalPersons, l => l.Code.Value);

    public Task<Place?> GetPlaceAsync(string id, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_places.GetValueOrDefault(id));
        }
    }

    public Task<LegalPerson?> GetLegalPersonAsync(string creditCode, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_legalPersons.GetValueOrDefault(creditCode));
        }
    }

    public Task<GridBaseCounts> GridBaseCountsAsync(string gridCode, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(new GridBaseCounts(
                _places.Values.Count(p => p.GridCode == gridCode),
                _components.Values.Count(c => c.GridCode == gridCode),
                _legalPersons.Values.Count(l => l.GridCode == gridCode)));
        }
    }

    public Task<GridStatistics> GridStatisticsAsync(string gridCode, DateOnly today, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var people = _byGrid.TryGetValue(gridCode, out var ids) ? ids.Select(id => _residents[id]).ToList() : [];
            return Task.FromResult(new GridStatistics(
                gridCode,
                people.Count,
                people.Select(p => p.HouseholdId).Distinct(StringComparer.Ordinal).Count(),
                people.Count(p => p.Sex == Domain.Identity.Sex.Male),
                people.Count(p => p.Sex == Domain.Identity.Sex.Female),
                ResidentReadModelRules.Counts(ResidentReadModelRules.AgeBands.Select(b => b.Name), people.Select(p => ResidentReadModelRules.AgeBand(p.BirthDate, today))),
                ResidentReadModelRules.Counts(ResidentTagRules.AllNames, people.SelectMany(p => ResidentTagRules.ToNames(p.Tags))),
                people.Count(p => p.Registration == Registration.Registered),
                people.Count(p => p.Registration == Registration.Floating),
                ResidentReadModelRules.Counts(ResidentReadModelRules.PlaceKinds, _places.Values.Where(p => p.GridCode == gridCode).Select(p => p.Kind.ToString())),
                ResidentReadModelRules.Counts(ResidentReadModelRules.ComponentClasses, _components.Values.Where(c => c.GridCode == gridCode).Select(c => c.Class.ToString())),
                ResidentReadModelRules.Counts(ResidentReadModelRules.OrganisationKinds, _legalPersons.Values.Where(l => l.GridCode == gridCode).Select(l => l.KindName))));
        }
    }

    public Task<long> CountResidentsAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult((long)_residents.Count);
        }
    }

    private Task Put<T>(Dictionary<string, T> target, IReadOnlyList<T> items, Func<T, string> key)
    {
        ArgumentNullException.ThrowIfNull(items);
        lock (_gate)
        {
            foreach (var item in items)
            {
                target[key(item)] = item;
            }
        }

        return Task.CompletedTask;
    }
}
