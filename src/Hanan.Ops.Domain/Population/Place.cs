using System.Globalization;

namespace Hanan.Ops.Domain.Population;

/// <summary>What a building is used for.</summary>
public enum PlaceKind
{
    /// <summary>住宅楼: flats in units and floors.</summary>
    ResidentialBuilding,

    /// <summary>平房: a one-storey house in a village or on the farm.</summary>
    House,

    /// <summary>商业/办公楼: shops and offices.</summary>
    Commercial,

    /// <summary>学校.</summary>
    School,

    /// <summary>卫生服务站.</summary>
    Clinic,
}

/// <summary>
/// A place (地): a building in a grid. Its id is the grid code, <c>B</c> and a 3-digit serial
/// (<c>230108001001001B012</c>), so the grid of any address can be read from it.
/// </summary>
/// <param name="Units">Units (单元) of a residential building; 1 otherwise.</param>
/// <param name="Floors">Storeys above ground.</param>
/// <param name="RoomsPerFloor">Flats per floor in each unit (0 for a building without flats).</param>
public sealed record Place(
    string Id,
    PlaceKind Kind,
    string Name,
    string GridCode,
    double Longitude,
    double Latitude,
    int Units,
    int Floors,
    int RoomsPerFloor)
{
    public const int GridCodeLength = 15;

    /// <summary>The id of the building with this serial in a grid.</summary>
    public static string BuildingId(string gridCode, int serial) =>
        string.Create(CultureInfo.InvariantCulture, $"{gridCode}B{serial:D3}");

    /// <summary>True for a 15-digit grid code, <c>B</c> and 3 digits.</summary>
    public static bool IsBuildingId(string? id) =>
        id is { Length: GridCodeLength + 4 } && id[GridCodeLength] == 'B'
        && !id.AsSpan(0, GridCodeLength).ContainsAnyExceptInRange('0', '9')
        && !id.AsSpan(GridCodeLength + 1).ContainsAnyExceptInRange('0', '9');

    /// <summary>Whether a dwelling exists in this building: its unit and floor are within the building, and so is the door.</summary>
    public bool Contains(Dwelling dwelling)
    {
        ArgumentNullException.ThrowIfNull(dwelling);
        if (!string.Equals(dwelling.BuildingId, Id, StringComparison.Ordinal) || dwelling.Unit > Units)
        {
            return false;
        }

        if (Kind == PlaceKind.House)
        {
            return dwelling.Room == 1;
        }

        var floor = dwelling.Room / 100;
        var door = dwelling.Room % 100;
        return floor >= 1 && floor <= Floors && door >= 1 && door <= RoomsPerFloor;
    }

    /// <summary>Every dwelling of the building, unit by unit, floor by floor.</summary>
    public IEnumerable<Dwelling> Dwellings()
    {
        if (Kind == PlaceKind.House)
        {
            yield return new Dwelling(Id, 1, 1);
            yield break;
        }

        for (var unit = 1; unit <= Units; unit++)
        {
            for (var floor = 1; floor <= Floors; floor++)
            {
                for (var door = 1; door <= RoomsPerFloor; door++)
                {
                    yield return new Dwelling(Id, unit, (floor * 100) + door);
                }
            }
        }
    }
}
