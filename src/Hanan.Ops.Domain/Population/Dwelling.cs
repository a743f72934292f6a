using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Hanan.Ops.Domain.Population;

/// <summary>
/// Where a household lives: building (楼栋), unit (单元) and room (室, floor × 100 + door, e.g. 502). A dwelling is
/// home to one household (户); its <see cref="HouseholdId"/> is derived from it, so a resident who moves in joins that
/// household.
/// </summary>
public sealed record Dwelling(string BuildingId, int Unit, int Room)
{
    public const int MaxUnit = 99;

    public const int MaxRoom = 9999;

    /// <summary>The household living here: <c>{building}-{unit}-{room}</c>.</summary>
    public string HouseholdId => string.Create(CultureInfo.InvariantCulture, $"{BuildingId}-{Unit}-{Room:D4}");

    /// <summary>The grid the building stands in (the building id starts with the grid code).</summary>
    public string GridCode => BuildingId[..Place.GridCodeLength];

    /// <summary>The address as written on a door plate: 3单元502室.</summary>
    public string Label => string.Create(CultureInfo.InvariantCulture, $"{Unit}单元{Room}室");

    /// <summary>Checks the parts; on failure, <paramref name="error"/> names the part at fault.</summary>
    public static bool TryCreate(string? buildingId, int unit, int room, [NotNullWhen(true)] out Dwelling? dwelling, out string? error)
    {
        dwelling = null;
        error = !Place.IsBuildingId(buildingId) ? "The building id is not a building id (a 15-digit grid code, B and a 3-digit serial)."
            : unit is < 1 or > MaxUnit ? $"The unit must be 1 to {MaxUnit}."
            : room is < 1 or > MaxRoom ? $"The room must be 1 to {MaxRoom}."
            : null;
        if (error is null)
        {
            dwelling = new Dwelling(buildingId!, unit, room);
        }

        return error is null;
    }
}
