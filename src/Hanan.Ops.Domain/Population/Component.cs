namespace Hanan.Ops.Domain.Population;

/// <summary>The major classes of urban components (部件大类) in digital urban management.</summary>
public enum ComponentClass
{
    /// <summary>公用设施: manhole covers, hydrants, street lights…</summary>
    PublicUtility = 1,

    /// <summary>道路交通: bus shelters, signals, signs, railings…</summary>
    RoadTraffic = 2,

    /// <summary>市容环境: public toilets, litter bins, billboards…</summary>
    CityAppearance = 3,

    /// <summary>园林绿化: green spaces, trees, benches…</summary>
    Greenery = 4,

    /// <summary>房屋土地: notice boards, building plates…</summary>
    HousingLand = 5,

    /// <summary>其他设施.</summary>
    Other = 6,
}

/// <summary>
/// A thing (物): a public facility managed as an urban component (部件). The id is the area code, the class (2 digits),
/// the kind within the class (2 digits) and a 6-digit serial.
/// </summary>
/// <param name="Kind">What it is, in Chinese (井盖, 路灯…).</param>
public sealed record Component(string Id, ComponentClass Class, string Kind, string GridCode, double Longitude, double Latitude);
