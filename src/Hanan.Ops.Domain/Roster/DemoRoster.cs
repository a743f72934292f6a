using Hanan.Ops.Domain.Geography;
using Hanan.Ops.Domain.Identity;
using Hanan.Ops.Domain.Population;

namespace Hanan.Ops.Domain.Roster;

/// <summary>A grid worker of the demo roster, with the phone in clear (the caller seals it before storing).</summary>
public sealed record DemoGridWorker(string Id, string Name, MobilePhoneNumber Phone, IReadOnlyList<string> Grids)
{
    public RosterEntry Entry() => new(Id, Grids, Active: true);
}

/// <summary>
/// The demo roster, drawn deterministically from the district map: one worker per urban grid, and in the rural
/// units (平房镇, 平房农垦: street serials from 100) one worker for each two neighbouring grids of a community (the
/// last one alone). Every grid is covered. Worker ids are <c>wg</c> and the first grid's code; names and phones synthetic.
/// </summary>
public static class DemoRoster
{
    public const int DefaultSeed = 2301080;

    public const string IdPrefix = "wg";

    public static IReadOnlyList<DemoGridWorker> Generate(DistrictMap map, int seed = DefaultSeed)
    {
        ArgumentNullException.ThrowIfNull(map);
        var random = new SeededRandom(seed);
        var workers = new List<DemoGridWorker>();
        foreach (var community in map.Communities.OrderBy(c => c.Code, StringComparer.Ordinal))
        {
            var grids = map.GridsOf(community.Code).Select(g => g.Code).Order(StringComparer.Ordinal).ToList();
            var perWorker = IsRural(community.StreetCode) ? 2 : 1;
            foreach (var chunk in grids.Chunk(perWorker))
            {
                var sex = random.NextDouble() < 0.5 ? Sex.Male : Sex.Female;
                var name = People.Surname(random) + People.GivenName(sex, random);
                workers.Add(new DemoGridWorker(IdPrefix + chunk[0], name, People.Phone(random), [.. chunk]));
            }
        }

        return workers;
    }

    /// <summary>Towns and farms (乡镇, 农场) have street serials of 100 and above; sub-districts (街道) below.</summary>
    public static bool IsRural(string streetCode) =>
        streetCode.Length == 9 && string.CompareOrdinal(streetCode, 6, "100", 0, 3) >= 0;
}
