namespace Hanan.Ops.Domain.Cameras;

/// <summary>Plate colours of GA 36 (号牌颜色).</summary>
public enum PlateColour
{
    /// <summary>蓝 — small ordinary vehicles.</summary>
    Blue,

    /// <summary>黄 — large vehicles, learners, trailers.</summary>
    Yellow,

    /// <summary>白 — police and armed police.</summary>
    White,

    /// <summary>黑 — foreign and Hong Kong/Macao vehicles.</summary>
    Black,

    /// <summary>绿 — small new-energy vehicles (gradient green).</summary>
    Green,

    /// <summary>黄绿 — large new-energy vehicles.</summary>
    YellowGreen,

    /// <summary>Not read by the camera.</summary>
    Unknown,
}

public static class PlateColours
{
    private static readonly Dictionary<string, PlateColour> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["blue"] = PlateColour.Blue, ["蓝"] = PlateColour.Blue, ["蓝色"] = PlateColour.Blue,
        ["yellow"] = PlateColour.Yellow, ["黄"] = PlateColour.Yellow, ["黄色"] = PlateColour.Yellow,
        ["white"] = PlateColour.White, ["白"] = PlateColour.White, ["白色"] = PlateColour.White,
        ["black"] = PlateColour.Black, ["黑"] = PlateColour.Black, ["黑色"] = PlateColour.Black,
        ["green"] = PlateColour.Green, ["绿"] = PlateColour.Green, ["绿色"] = PlateColour.Green,
        ["yellow-green"] = PlateColour.YellowGreen, ["黄绿"] = PlateColour.YellowGreen, ["黄绿色"] = PlateColour.YellowGreen,
        ["unknown"] = PlateColour.Unknown,
    };

    public static bool TryParse(string? text, out PlateColour colour)
    {
        colour = PlateColour.Unknown;
        return text is not null && Names.TryGetValue(text.Trim(), out colour);
    }

    public static string Name(PlateColour colour) => colour switch
    {
        PlateColour.YellowGreen => "yellow-green",
        _ => colour.ToString().ToLowerInvariant(),
    };
}
