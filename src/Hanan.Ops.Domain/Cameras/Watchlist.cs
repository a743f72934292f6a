namespace Hanan.Ops.Domain.Cameras;

/// <summary>A wanted plate (布控车辆) with why it is wanted.</summary>
public sealed record WantedPlate(string Plate, string Reason);

/// <summary>A person of interest (布控人员): a reference into the police system, never a name here.</summary>
public sealed record PersonOfInterest(string PersonRef, string Reason);

/// <summary>The watchlists: wanted plates and persons of interest, looked up by normalised plate or person reference.</summary>
public sealed class Watchlist(IEnumerable<WantedPlate> plates, IEnumerable<PersonOfInterest> persons)
{
    private readonly Dictionary<string, WantedPlate> _plates = plates.ToDictionary(p => p.Plate, StringComparer.Ordinal);
    private readonly Dictionary<string, PersonOfInterest> _persons = persons.ToDictionary(p => p.PersonRef, StringComparer.Ordinal);

    public static Watchlist Empty { get; } = new([], []);

    public IReadOnlyCollection<WantedPlate> Plates => _plates.Values;

    public IReadOnlyCollection<PersonOfInterest> Persons => _persons.Values;

    public WantedPlate? Wanted(string plate) => _plates.GetValueOrDefault(plate);

    public PersonOfInterest? Person(string? personRef) => personRef is null ? null : _persons.GetValueOrDefault(personRef);
}
