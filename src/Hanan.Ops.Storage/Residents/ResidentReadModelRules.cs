using Hanan.Ops.Contracts.Residents;
using Hanan.Ops.Domain.Population;

namespace Hanan.Ops.Storage.Residents;

/// <summary>Rules both resident read models apply in the same way.</summary>
internal static class ResidentReadModelRules
{
    /// <summary>Age bands of the grid statistics: [from, to] in whole years, inclusive.</summary>
    public static readonly (string Name, int From, int To)[] AgeBands =
        [("0-17", 0, 17), ("18-34", 18, 34), ("35-59", 35, 59), ("60-79", 60, 79), ("80+", 80, int.MaxValue)];

    public static void CheckSearch(ResidentSearch search)
    {
        ArgumentNullException.ThrowIfNull(search);
        if (search.Limit is < 1 or > ResidentSearch.MaxLimit)
        {
            throw new ArgumentException($"The limit must be 1 to {ResidentSearch.MaxLimit}.", nameof(search));
        }

        if (search.NamePrefix?.Contains('\0', StringComparison.Ordinal) == true || search.GridCode?.Contains('\0', StringComparison.Ordinal) == true)
        {
            throw new ArgumentException("A search text contains a NUL character.", nameof(search));
        }
    }

    public static void CheckRecords(IReadOnlyList<ResidentRecord> residents)
    {
        ArgumentNullException.ThrowIfNull(residents);
        foreach (var r in residents)
        {
            if (r is null || r.IdLookup is null || r.SealedId is null || r.Name is null || r.IdMasked is null || r.BuildingId is null)
            {
                throw new ArgumentException("A resident record lacks a required value.", nameof(residents));
            }

            if (!Place.IsBuildingId(r.BuildingId) || !Enum.IsDefined(r.Registration) || !Enum.IsDefined(r.Sex)
                || !double.IsFinite(r.Longitude) || !double.IsFinite(r.Latitude) || Math.Abs(r.Longitude) > 180 || Math.Abs(r.Latitude) > 90)
            {
                throw new ArgumentException($"Resident {r.Id} has an invalid building id, enumeration or location.", nameof(residents));
            }
        }
    }

    public static string AgeBand(DateOnly birthDate, DateOnly today)
    {
        var age = Resident.AgeOn(birthDate, today);
        return AgeBands.First(b => age >= b.From && age <= b.To || b.To == int.MaxValue).Name;
    }

    /// <summary>A dictionary with every name present (zero when none), in the given order.</summary>
    public static IReadOnlyDictionary<string, int> Counts(IEnumerable<string> names, IEnumerable<string> values)
    {
        var counts = names.ToDictionary(n => n, _ => 0, StringComparer.Ordinal);
        foreach (var v in values)
        {
            counts[v] = counts.GetValueOrDefault(v) + 1;
        }

        return counts;
    }

    public static IEnumerable<string> PlaceKinds => Enum.GetNames<PlaceKind>();

    public static IEnumerable<string> ComponentClasses => Enum.GetNames<ComponentClass>();

    public static IEnumerable<string> OrganisationKinds => ["企业", "个体工商户", "农民专业合作社", "社会团体", "民办非企业单位", "机关", "其他组织"];
}
