namespace Hanan.Ops.Domain.Cameras;

/// <summary>
/// A GB/T 28181 device ID (国标编码), 20 digits: centre code (8, the GB/T 2260 area code padded), industry (2),
/// type (3), network flag (1), serial (6). A camera is a device of type 121 (checkpoint camera, 视频卡口),
/// 131 (camera) or 132 (IP camera).
/// </summary>
public sealed record CameraId
{
    public const int Length = 20;

    /// <summary>Type codes of devices that deliver pictures of a place: checkpoint camera, camera, IP camera.</summary>
    public static readonly IReadOnlySet<string> CameraTypes = new HashSet<string>(StringComparer.Ordinal) { "121", "131", "132" };

    private static readonly Dictionary<string, string> KnownTypes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["111"] = "DVR", ["118"] = "NVR", ["121"] = "checkpoint camera", ["131"] = "camera", ["132"] = "IP camera", ["200"] = "signalling server",
    };

    private static readonly HashSet<char> NetworkFlags = new HashSet<char> { '0', '1', '2', '5', '6', '7', '8' };

    private CameraId(string value) => Value = value;

    public string Value { get; }

    /// <summary>Digits 1–8: the centre code; its first 6 digits are the area code (230108 for Pingfang).</summary>
    public string CentreCode => Value[..8];

    public string AreaCode => Value[..6];

    /// <summary>Digits 9–10: 00 public-security street, 01 community, 04 traffic road, 05 traffic checkpoint, 08 urban management, …</summary>
    public string IndustryCode => Value[8..10];

    /// <summary>Digits 11–13.</summary>
    public string TypeCode => Value[10..13];

    /// <summary>Digit 14: 0/1 police video network, 2 industry private, 5 police information, 6 e-government extranet, 7 internet, 8 leased line.</summary>
    public char NetworkFlag => Value[13];

    /// <summary>Digits 15–20.</summary>
    public string Serial => Value[14..];

    public bool IsCamera => CameraTypes.Contains(TypeCode);

    public string TypeName => KnownTypes.GetValueOrDefault(TypeCode, "other");

    /// <summary>Parses any GB/T 28181 device ID: 20 ASCII digits, a known type code and network flag.</summary>
    public static bool TryParse(string? text, out CameraId? id, out string? error)
    {
        id = null;
        var value = text?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            error = "A GB/T 28181 device ID of 20 digits is required.";
            return false;
        }

        if (value.Length != Length || !value.All(char.IsAsciiDigit))
        {
            error = $"A GB/T 28181 device ID is exactly 20 digits, not '{Shorten(value)}'.";
            return false;
        }

        if (!KnownTypes.ContainsKey(value[10..13]))
        {
            error = $"Digits 11–13 ('{value[10..13]}') are not a GB/T 28181 device type code (111, 118, 121, 131, 132, 200).";
            return false;
        }

        if (!NetworkFlags.Contains(value[13]))
        {
            error = $"Digit 14 ('{value[13]}') is not a GB/T 28181 network flag (0, 1, 2, 5, 6, 7, 8).";
            return false;
        }

        id = new CameraId(value);
        error = null;
        return true;
    }

    /// <summary>Parses the ID of a camera: a device ID whose type code is 121, 131 or 132.</summary>
    public static bool TryParseCamera(string? text, out CameraId? id, out string? error)
    {
        if (!TryParse(text, out id, out error))
        {
            return false;
        }

        if (!id!.IsCamera)
        {
            error = $"Device {id.Value} is a {id.TypeName} (type {id.TypeCode}), not a camera (121, 131 or 132).";
            id = null;
            return false;
        }

        return true;
    }

    /// <exception cref="FormatException">The text is not a camera ID.</exception>
    public static CameraId ParseCamera(string text) =>
        TryParseCamera(text, out var id, out var error) ? id! : throw new FormatException(error);

    /// <summary>Builds a camera ID from its parts (for generated networks).</summary>
    public static CameraId Create(string centreCode, string industryCode, string typeCode, char networkFlag, int serial) =>
        ParseCamera(string.Concat(centreCode, industryCode, typeCode, networkFlag.ToString(), serial.ToString("D6", System.Globalization.CultureInfo.InvariantCulture)));

    public override string ToString() => Value;

    private static string Shorten(string text) => text.Length <= 32 ? text : text[..32] + "…";
}
