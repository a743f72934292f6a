namespace Hanan.Ops.Domain.Geography.Consolidation;

/// <summary>A household's location (WGS84) and how many people live in it: the load a grid carries.</summary>
public sealed record HouseholdPoint(string Id, double Longitude, double Latitude, int People);

/// <summary>Households and people in an area.</summary>
public readonly record struct GridLoad(int Households, int People)
{
    public static GridLoad operator +(GridLoad a, GridLoad b) => new(a.Households + b.Households, a.People + b.People);

    public GridLoad Add(GridLoad other) => this + other;

    /// <summary>Within the limits of one grid (at most 300 households and 1,000 people by default).</summary>
    public bool FitsIn(GridCapacity capacity) => Households <= capacity.MaxHouseholds && People <= capacity.MaxPeople;
}

/// <summary>How much one grid may carry.</summary>
public sealed record GridCapacity(int MaxHouseholds = 300, int MaxPeople = 1000)
{
    public static GridCapacity Standard { get; } = new();

    /// <summary>How many grids the load needs at least.</summary>
    public int PartsNeeded(GridLoad load) => Math.Max(
        1,
        Math.Max(
            (load.Households + MaxHouseholds - 1) / MaxHouseholds,
            (load.People + MaxPeople - 1) / MaxPeople));
}
