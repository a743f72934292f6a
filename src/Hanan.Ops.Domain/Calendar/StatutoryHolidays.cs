using System.Globalization;

namespace Hanan.Ops.Domain.Calendar;

/// <summary>
/// The statutory holidays of a year under the holiday law (全国年节及纪念日放假办法, as revised in November 2024, in force
/// 2025-01-01): 13 days for all citizens. A year built from the law alone is provisional: it has the statutory days off,
/// and a statutory day that falls on a Saturday or Sunday is made up on the next working day. It never has adjusted
/// working weekend days (调休上班): only the State Council's notice for the year sets those, and nothing is invented.
/// </summary>
public static class StatutoryHolidays
{
    /// <summary>The source named by a provisional year.</summary>
    public const string ProvisionalSource =
        "provisional: statutory holidays of the holiday law (全国年节及纪念日放假办法), weekend statutory days made up on the next working day, no adjusted working days; the State Council notice for the year is not loaded";

    private static readonly ChineseLunisolarCalendar Lunar = new();

    /// <summary>The first year the revised law (13 days, Spring Festival's eve included) governs.</summary>
    public const int FirstYear = 2025;

    /// <summary>The statutory days of <paramref name="year"/>, by holiday, in date order.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A year before the revised law or beyond the lunar calendar's range.</exception>
    public static IReadOnlyList<(string NameZh, string NameEn, IReadOnlyList<DateOnly> Days)> Of(int year)
    {
        if (year < FirstYear || year >= Lunar.MaxSupportedDateTime.Year)
        {
            throw new ArgumentOutOfRangeException(nameof(year), year,
                string.Create(CultureInfo.InvariantCulture, $"The holiday law is applied from {FirstYear} to {Lunar.MaxSupportedDateTime.Year - 1}."));
        }

        var newYear = LunarDate(year, 1, 1);
        return
        [
            ("元旦", "New Year's Day", [new DateOnly(year, 1, 1)]),
            ("春节", "Spring Festival", [newYear.AddDays(-1), newYear, newYear.AddDays(1), newYear.AddDays(2)]),
            ("清明节", "Qingming Festival", [SolarTerms.Qingming(year)]),
            ("劳动节", "Labour Day", [new DateOnly(year, 5, 1), new DateOnly(year, 5, 2)]),
            ("端午节", "Dragon Boat Festival", [LunarDate(year, 5, 5)]),
            ("中秋节", "Mid-Autumn Festival", [LunarDate(year, 8, 15)]),
            ("国庆节", "National Day", [new DateOnly(year, 10, 1), new DateOnly(year, 10, 2), new DateOnly(year, 10, 3)]),
        ];
    }

    /// <summary>
    /// The provisional year: each holiday's statutory days off, extended by a make-up day (补休) on the next working day
    /// for each statutory day on a weekend; holidays whose days off touch or overlap are one run (e.g. 国庆节、中秋节).
    /// </summary>
    public static HolidayYear ProvisionalYear(int year)
    {
        var holidays = Of(year);
        var statutory = holidays.SelectMany(h => h.Days).ToHashSet();
        var taken = new HashSet<DateOnly>(statutory);
        var runs = new List<(string Zh, string En, DateOnly First, DateOnly Last)>();
        foreach (var (zh, en, days) in holidays)
        {
            var last = days.Max();
            foreach (var _ in days.Where(IsWeekend))
            {
                // The next day after the holiday's run that is neither a weekend nor already off.
                var makeUp = last.AddDays(1);
                while (IsWeekend(makeUp) || taken.Contains(makeUp))
                {
                    makeUp = makeUp.AddDays(1);
                }

                taken.Add(makeUp);
                last = makeUp;
            }

            runs.Add((zh, en, days.Min(), last));
        }

        runs.Sort((a, b) => a.First.CompareTo(b.First));
        var merged = new List<(string Zh, string En, DateOnly First, DateOnly Last)>();
        foreach (var run in runs)
        {
            if (merged.Count > 0 && merged[^1].Last.AddDays(1) >= run.First)
            {
                var before = merged[^1];
                merged[^1] = (before.Zh + "、" + run.Zh, before.En + " and " + run.En, before.First, run.Last > before.Last ? run.Last : before.Last);
            }
            else
            {
                merged.Add(run);
            }
        }

        // Clipped to the year: a make-up day for 31 December would fall in the next year, whose own data decides it.
        var lastOfYear = new DateOnly(year, 12, 31);
        return new HolidayYear(year, ProvisionalSource,
            merged.Select(r => new Holiday(r.Zh, r.En, r.First, r.Last > lastOfYear ? lastOfYear : r.Last, [])), provisional: true);
    }

    private static bool IsWeekend(DateOnly day) => day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;

    /// <summary>The Gregorian date of a lunar month and day in the lunar year that begins in <paramref name="year"/>; leap months are skipped.</summary>
    private static DateOnly LunarDate(int year, int month, int day)
    {
        var leap = Lunar.GetLeapMonth(year);
        // With a leap month L, the months from L on are numbered one higher (L itself repeats month L − 1).
        var index = leap != 0 && leap <= month ? month + 1 : month;
        return DateOnly.FromDateTime(Lunar.ToDateTime(year, index, day, 0, 0, 0, 0));
    }
}

/// <summary>
/// Solar terms (节气) from the Sun's apparent longitude, computed with the low-precision solar coordinates of Meeus,
/// <i>Astronomical Algorithms</i>, ch. 25 (about 0.01°, so the instant is known to within about a quarter of an hour),
/// and the day taken in Beijing time, as the Chinese calendar does.
/// </summary>
public static class SolarTerms
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    /// <summary>The day of 清明 (the Sun at apparent longitude 15°) in <paramref name="year"/>, Beijing time.</summary>
    public static DateOnly Qingming(int year) => DateOnly.FromDateTime(Instant(year, 15, new DateTime(year, 3, 25, 0, 0, 0, DateTimeKind.Utc)).ToOffset(Beijing).DateTime);

    /// <summary>The instant the Sun's apparent longitude reaches <paramref name="degrees"/>, searched for in the 30 days from <paramref name="from"/>.</summary>
    public static DateTimeOffset Instant(int year, double degrees, DateTime from)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(year, 1);
        var low = JulianDay(from);
        var high = low + 30;
        // The longitude grows by about 1° a day: bisection on the wrapped difference converges to the crossing.
        for (var i = 0; i < 60; i++)
        {
            var middle = (low + high) / 2;
            if (Wrapped(ApparentLongitude(middle) - degrees) < 0)
            {
                low = middle;
            }
            else
            {
                high = middle;
            }
        }

        // Julian day in dynamical time ≈ UT here; the ~70 s difference is far inside the method's precision.
        return new DateTimeOffset(new DateTime(2000, 1, 1, 12, 0, 0, DateTimeKind.Utc).AddDays(low - 2451545.0));
    }

    private static double JulianDay(DateTime utc) => 2451545.0 + (utc - new DateTime(2000, 1, 1, 12, 0, 0, DateTimeKind.Utc)).TotalDays;

    private static double ApparentLongitude(double jd)
    {
        var t = (jd - 2451545.0) / 36525.0;
        var l0 = 280.46646 + (36000.76983 * t) + (0.0003032 * t * t);
        var m = Radians(357.52911 + (35999.05029 * t) - (0.0001537 * t * t));
        var c = ((1.914602 - (0.004817 * t) - (0.000014 * t * t)) * Math.Sin(m)) + ((0.019993 - (0.000101 * t)) * Math.Sin(2 * m)) + (0.000289 * Math.Sin(3 * m));
        var omega = Radians(125.04 - (1934.136 * t));
        return Normalised(l0 + c - 0.00569 - (0.00478 * Math.Sin(omega)));
    }

    private static double Radians(double degrees) => degrees * Math.PI / 180;

    private static double Normalised(double degrees) => ((degrees % 360) + 360) % 360;

    /// <summary>A difference of angles in (−180°, 180°].</summary>
    private static double Wrapped(double degrees)
    {
        var d = Normalised(degrees);
        return d > 180 ? d - 360 : d;
    }
}
