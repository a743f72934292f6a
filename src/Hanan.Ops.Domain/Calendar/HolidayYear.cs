using System.Globalization;
using System.Text.Json;

namespace Hanan.Ops.Domain.Calendar;

/// <summary>
/// The official holiday arrangements of one calendar year (全年节假日安排): which weekdays are days off and which
/// weekend days are working days. One data file per year under <c>Data/calendar/</c>, so a new State Council
/// notice is a data change.
/// </summary>
public sealed class HolidayYear
{
    /// <summary>Creates a year and checks that its holidays fit together.</summary>
    /// <exception cref="ArgumentException">A date lies outside <paramref name="year"/>, a day is off for two holidays,
    /// or a day is both off and an adjusted working day.</exception>
    /// <summary>
    /// A stand-in for a year whose official notice is not loaded yet, built from the holiday law
    /// (<see cref="StatutoryHolidays.ProvisionalYear"/>): the statutory days off and their make-up days, no adjusted
    /// working days.
    /// </summary>
    public static HolidayYear Provisional(int year) => StatutoryHolidays.ProvisionalYear(year);

    /// <summary>Whether this year is a stand-in (<see cref="Provisional"/>) rather than an official notice.</summary>
    public bool IsProvisional { get; }

    public HolidayYear(int year, string source, IEnumerable<Holiday> holidays, bool provisional = false)
    {
        IsProvisional = provisional;
        ArgumentNullException.ThrowIfNull(holidays);
        if (year is < 1 or > 9998)
        {
            // 9999 is left out so that the day after the year is still a DateOnly.
            throw new ArgumentException($"A calendar year must be between 1 and 9998, not {year}.");
        }

        if (string.IsNullOrWhiteSpace(source))
        {
            throw new ArgumentException($"The {year} calendar must name its source (the notice it comes from).");
        }

        Year = year;
        Source = source;

        var list = holidays.ToArray();
        if (Array.IndexOf(list, null) >= 0)
        {
            throw new ArgumentException($"The {year} calendar lists a holiday that is null.");
        }

        Array.Sort(list, (a, b) => a.FirstDayOff.CompareTo(b.FirstDayOff));
        var firstDay = new DateOnly(year, 1, 1);
        var lastDay = new DateOnly(year, 12, 31);
        for (var i = 0; i < list.Length; i++)
        {
            var holiday = list[i];
            if (holiday.FirstDayOff < firstDay || holiday.LastDayOff > lastDay)
            {
                throw new ArgumentException(
                    holiday.Describe($"its days off, {Holiday.Format(holiday.FirstDayOff)}–{Holiday.Format(holiday.LastDayOff)}, are not all in {year}."));
            }

            if (i > 0 && list[i - 1].LastDayOff >= holiday.FirstDayOff)
            {
                throw new ArgumentException(
                    holiday.Describe($"its days off overlap those of {list[i - 1].NameEn} ({list[i - 1].NameZh})."));
            }

            foreach (var day in holiday.AdjustedWorkingDays)
            {
                if (day.Year != year)
                {
                    throw new ArgumentException(
                        holiday.Describe($"the adjusted working day {Holiday.Format(day)} is not in {year}."));
                }

                foreach (var other in list)
                {
                    if (other.IsDayOff(day))
                    {
                        throw new ArgumentException(
                            holiday.Describe($"{Holiday.Format(day)} is an adjusted working day but also a day off of {other.NameEn} ({other.NameZh})."));
                    }

                    if (!ReferenceEquals(other, holiday) && other.AdjustedWorkingDays.Contains(day))
                    {
                        throw new ArgumentException(
                            holiday.Describe($"the adjusted working day {Holiday.Format(day)} is also listed under {other.NameEn} ({other.NameZh})."));
                    }
                }
            }
        }

        Holidays = Array.AsReadOnly(list);
    }

    public int Year { get; }

    /// <summary>The notice the data comes from, with its date.</summary>
    public string Source { get; }

    /// <summary>The holidays in date order.</summary>
    public IReadOnlyList<Holiday> Holidays { get; }

    public override string ToString() => Year.ToString(CultureInfo.InvariantCulture);

    /// <summary>The year in the JSON form of <c>Data/calendar/</c>, which <see cref="Parse(string, string)"/> reads back.</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteNumber("year", Year);
            json.WriteString("source", Source);
            json.WriteStartArray("holidays");
            foreach (var h in Holidays)
            {
                json.WriteStartObject();
                json.WriteString("nameZh", h.NameZh);
                json.WriteString("nameEn", h.NameEn);
                json.WriteString("firstDayOff", Holiday.Format(h.FirstDayOff));
                json.WriteString("lastDayOff", Holiday.Format(h.LastDayOff));
                json.WriteStartArray("adjustedWorkingDays");
                foreach (var day in h.AdjustedWorkingDays)
                {
                    json.WriteStringValue(Holiday.Format(day));
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Reads a year from the JSON form used under <c>Data/calendar/</c>.</summary>
    /// <param name="json">The file's text.</param>
    /// <param name="sourceName">Names the file in error messages.</param>
    /// <exception cref="InvalidDataException">The text is not a valid year calendar; the message says what is wrong.</exception>
    public static HolidayYear Parse(string json, string sourceName = "calendar data")
    {
        ArgumentNullException.ThrowIfNull(json);
        return HolidayYearJson.Read(() => JsonDocument.Parse(json), sourceName);
    }

    /// <summary>Reads a year from UTF-8 JSON in the form used under <c>Data/calendar/</c>.</summary>
    /// <exception cref="InvalidDataException">The data is not a valid year calendar; the message says what is wrong.</exception>
    public static HolidayYear Parse(Stream utf8Json, string sourceName = "calendar data")
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        return HolidayYearJson.Read(() => JsonDocument.Parse(utf8Json), sourceName);
    }

    /// <summary>
    /// The years shipped with this assembly (<c>Data/calendar/YYYY.json</c>), in year order. Read and checked once,
    /// then shared.
    /// </summary>
    /// <exception cref="InvalidDataException">A shipped file is invalid or its year does not match its name.</exception>
    public static IReadOnlyList<HolidayYear> Embedded => EmbeddedYears.Value;

    private static readonly Lazy<HolidayYear[]> EmbeddedYears = new(LoadEmbedded);

    private static HolidayYear[] LoadEmbedded()
    {
        const string Prefix = "Hanan.Ops.Domain.Data.calendar.";
        const string Suffix = ".json";
        var assembly = typeof(HolidayYear).Assembly;
        var years = new List<HolidayYear>();
        foreach (var name in assembly.GetManifestResourceNames())
        {
            if (!name.StartsWith(Prefix, StringComparison.Ordinal) || !name.EndsWith(Suffix, StringComparison.Ordinal))
            {
                continue;
            }

            var stem = name[Prefix.Length..^Suffix.Length];
            var fileName = $"Data/calendar/{stem}{Suffix}";
            if (!int.TryParse(stem, NumberStyles.None, CultureInfo.InvariantCulture, out var yearInName) || stem.Length != 4)
            {
                throw new InvalidDataException($"{fileName}: a calendar file must be named after its year, e.g. 2026.json.");
            }

            using var stream = assembly.GetManifestResourceStream(name)
                ?? throw new InvalidDataException($"{fileName}: the embedded resource could not be opened.");
            var year = Parse(stream, fileName);
            if (year.Year != yearInName)
            {
                throw new InvalidDataException($"{fileName}: the file says it is for {year.Year}, but its name says {yearInName}.");
            }

            years.Add(year);
        }

        years.Sort((a, b) => a.Year.CompareTo(b.Year));
        return [.. years];
    }
}
