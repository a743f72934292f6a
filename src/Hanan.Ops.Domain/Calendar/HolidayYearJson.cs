using System.Globalization;
using System.Text.Json;

namespace Hanan.Ops.Domain.Calendar;

/// <summary>
/// Reads the year calendar file with <see cref="JsonDocument"/> (no reflection). Strict: unknown or missing
/// properties are errors, so a typo in a data file fails at start-up instead of silently dropping a holiday.
/// </summary>
/// <remarks>
/// Shape: <c>{ "year": 2026, "source": "…", "holidays": [ { "nameZh": "春节", "nameEn": "Spring Festival",
/// "firstDayOff": "2026-02-15", "lastDayOff": "2026-02-23", "adjustedWorkingDays": ["2026-02-14"] } ] }</c>.
/// </remarks>
internal static class HolidayYearJson
{
    public static HolidayYear Read(Func<JsonDocument> parse, string sourceName)
    {
        try
        {
            using var document = parse();
            return ReadYear(document.RootElement);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{sourceName} is not valid JSON: {ex.Message}", ex);
        }
        catch (DataError ex)
        {
            throw new InvalidDataException($"{sourceName}: {ex.Message}");
        }
        catch (ArgumentException ex)
        {
            throw new InvalidDataException($"{sourceName}: {ex.Message}", ex);
        }
    }

    private static HolidayYear ReadYear(JsonElement root)
    {
        ExpectKind(root, JsonValueKind.Object, "the file");
        int? year = null;
        string? source = null;
        List<Holiday>? holidays = null;
        foreach (var property in root.EnumerateObject())
        {
            switch (property.Name)
            {
                case "year":
                    if (!property.Value.TryGetInt32(out var y))
                    {
                        throw new DataError("\"year\" must be a whole number such as 2026.");
                    }

                    year = y;
                    break;
                case "source":
                    source = ReadString(property.Value, "\"source\"");
                    break;
                case "holidays":
                    ExpectKind(property.Value, JsonValueKind.Array, "\"holidays\"");
                    holidays = [];
                    var index = 0;
                    foreach (var item in property.Value.EnumerateArray())
                    {
                        holidays.Add(ReadHoliday(item, ++index));
                    }

                    break;
                default:
                    throw new DataError($"unknown property \"{property.Name}\"; expected year, source and holidays.");
            }
        }

        if (year is null || source is null || holidays is null)
        {
            throw new DataError("the file must have \"year\", \"source\" and \"holidays\".");
        }

        return new HolidayYear(year.Value, source, holidays);
    }

    private static Holiday ReadHoliday(JsonElement element, int index)
    {
        var where = $"holiday {index}";
        ExpectKind(element, JsonValueKind.Object, where);
        string? nameZh = null, nameEn = null;
        DateOnly? first = null, last = null;
        var working = new List<DateOnly>();
        foreach (var property in element.EnumerateObject())
        {
            switch (property.Name)
            {
                case "nameZh":
                    nameZh = ReadString(property.Value, $"{where}: \"nameZh\"");
                    break;
                case "nameEn":
                    nameEn = ReadString(property.Value, $"{where}: \"nameEn\"");
                    break;
                case "firstDayOff":
                    first = ReadDate(property.Value, $"{where}: \"firstDayOff\"");
                    break;
                case "lastDayOff":
                    last = ReadDate(property.Value, $"{where}: \"lastDayOff\"");
                    break;
                case "adjustedWorkingDays":
                    ExpectKind(property.Value, JsonValueKind.Array, $"{where}: \"adjustedWorkingDays\"");
                    foreach (var day in property.Value.EnumerateArray())
                    {
                        working.Add(ReadDate(day, $"{where}: an adjusted working day"));
                    }

                    break;
                default:
                    throw new DataError(
                        $"{where} has an unknown property \"{property.Name}\"; expected nameZh, nameEn, firstDayOff, lastDayOff and adjustedWorkingDays.");
            }
        }

        if (nameZh is null || nameEn is null || first is null || last is null)
        {
            throw new DataError($"{where} must have \"nameZh\", \"nameEn\", \"firstDayOff\" and \"lastDayOff\".");
        }

        return new Holiday(nameZh, nameEn, first.Value, last.Value, working);
    }

    private static string ReadString(JsonElement element, string what)
    {
        ExpectKind(element, JsonValueKind.String, what);
        return element.GetString()!;
    }

    private static DateOnly ReadDate(JsonElement element, string what)
    {
        var text = ReadString(element, what);
        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            throw new DataError($"{what} is \"{text}\", which is not a date in the form YYYY-MM-DD.");
        }

        return date;
    }

    private static void ExpectKind(JsonElement element, JsonValueKind kind, string what)
    {
        if (element.ValueKind != kind)
        {
            var expected = kind switch
            {
                JsonValueKind.Object => "an object",
                JsonValueKind.Array => "an array",
                _ => "a string",
            };
            throw new DataError($"{what} must be {expected}.");
        }
    }

    /// <summary>A problem found while reading; turned into <see cref="InvalidDataException"/> with the file name.</summary>
    private sealed class DataError(string message) : Exception(message);
}
