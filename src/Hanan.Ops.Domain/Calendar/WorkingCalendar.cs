using System.Globalization;

namespace Hanan.Ops.Domain.Calendar;

/// <summary>
/// Working days (工作日) and working time for the district: Monday to Friday, minus official days off, plus the
/// weekend days the State Council makes working days (调休上班), inside <see cref="OfficeHours"/>.
/// </summary>
/// <remarks>
/// <para>Instants are <see cref="DateTimeOffset"/> in any offset; days and office hours are those of
/// <see cref="District.TimeZone"/> (Asia/Shanghai).</para>
/// <para>Any computation that has to classify a date of a year without data throws
/// <see cref="DateOutsideCalendarException"/>; nothing is guessed.</para>
/// <para>Immutable and thread-safe; build one at start-up and share it.</para>
/// </remarks>
public sealed class WorkingCalendar
{
    private const int Sessions = 2;

    private readonly TimeZoneInfo zone = District.TimeZone;
    private readonly int firstYear;
    private readonly YearTable?[] tables;
    private readonly IReadOnlyList<int> years;

    // Asia/Shanghai has been UTC+8 without daylight saving since 1991. When the zone's rules confirm a fixed offset
    // over every year with data (and a day either side), conversions use it directly: TimeZoneInfo costs far more.
    private readonly TimeSpan? fixedOffset;
    private readonly long fixedFromLocalTicks;
    private readonly long fixedToLocalTicks;

    // Office-hour sessions as ticks since local midnight: [starts[i], ends[i]).
    private readonly long[] starts;
    private readonly long[] ends;

    /// <summary>Builds a calendar from year data and office hours.</summary>
    /// <exception cref="ArgumentException">No years, a year given twice, or office hours out of order.</exception>
    public WorkingCalendar(IEnumerable<HolidayYear> holidayYears, OfficeHours officeHours)
    {
        ArgumentNullException.ThrowIfNull(holidayYears);
        ArgumentNullException.ThrowIfNull(officeHours);
        if (!officeHours.TryValidate(out var error))
        {
            throw new ArgumentException(error, nameof(officeHours));
        }

        var list = holidayYears.ToArray();
        if (list.Length == 0)
        {
            throw new ArgumentException("A working calendar needs the holiday data of at least one year.", nameof(holidayYears));
        }

        Array.Sort(list, (a, b) => a.Year.CompareTo(b.Year));
        firstYear = list[0].Year;
        tables = new YearTable?[list[^1].Year - firstYear + 1];
        foreach (var year in list)
        {
            ref var slot = ref tables[year.Year - firstYear];
            if (slot is not null)
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"The holiday data of {year.Year} is given twice."),
                    nameof(holidayYears));
            }

            slot = new YearTable(year);
        }

        years = Array.AsReadOnly(list.Select(y => y.Year).ToArray());
        OfficeHours = officeHours;
        starts = [officeHours.MorningStart.Ticks, officeHours.AfternoonStart.Ticks];
        ends = [officeHours.MorningEnd.Ticks, officeHours.AfternoonEnd.Ticks];
        WorkingDayLength = TimeSpan.FromTicks(ends[0] - starts[0] + (ends[1] - starts[1]));

        var from = firstYear > 1 ? new DateTime(firstYear, 1, 1).AddDays(-1) : DateTime.MinValue;
        var to = new DateTime(list[^1].Year, 12, 31).AddDays(2);
        if (HasFixedOffset(zone, from, to))
        {
            fixedOffset = zone.BaseUtcOffset;
            fixedFromLocalTicks = from.Ticks;
            fixedToLocalTicks = to.Ticks;
        }
    }

    /// <summary>
    /// The calendar of the years shipped in <c>Data/calendar/</c>, with the given or default office hours. With
    /// <paramref name="provisionalYears"/> &gt; 0, that many years after the last shipped one are added as provisional
    /// (Monday to Friday, no holidays), so deadlines that cross into a year whose notice is not published yet still
    /// compute; <see cref="ProvisionalYears"/> says which, so an operator can be warned.
    /// </summary>
    public static WorkingCalendar FromEmbeddedData(OfficeHours? officeHours = null, int provisionalYears = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(provisionalYears);
        var shipped = HolidayYear.Embedded;
        var last = shipped.Max(y => y.Year);
        return new(shipped.Concat(Enumerable.Range(last + 1, provisionalYears).Select(HolidayYear.Provisional)), officeHours ?? OfficeHours.Default);
    }

    /// <summary>
    /// The district's calendar from the official years it has: <paramref name="loaded"/> (years loaded by the operator)
    /// over <paramref name="shipped"/> (the files built in), and, for every year after the last official one up to
    /// <paramref name="throughYear"/>, the provisional year of the holiday law (<see cref="HolidayYear.Provisional"/>).
    /// </summary>
    public static WorkingCalendar Compose(IEnumerable<HolidayYear> shipped, IEnumerable<HolidayYear> loaded, int throughYear, OfficeHours? officeHours = null)
    {
        ArgumentNullException.ThrowIfNull(shipped);
        ArgumentNullException.ThrowIfNull(loaded);
        var official = new SortedDictionary<int, HolidayYear>();
        foreach (var year in shipped.Concat(loaded))
        {
            official[year.Year] = year;
        }

        var last = official.Count == 0 ? throughYear : official.Keys.Max();
        var years = official.Values.ToList();
        for (var year = Math.Max(last + 1, StatutoryHolidays.FirstYear); year <= throughYear; year++)
        {
            years.Add(HolidayYear.Provisional(year));
        }

        return new(years, officeHours ?? OfficeHours.Default);
    }

    /// <summary>
    /// The days of <paramref name="year"/> that one calendar counts as working and the other not (or that only one of them
    /// covers): the days a new year's data changes, hence the deadlines it may move.
    /// </summary>
    public static IReadOnlyList<DateOnly> DaysThatDiffer(WorkingCalendar before, WorkingCalendar after, int year)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var days = new List<DateOnly>();
        for (var day = new DateOnly(year, 1, 1); day.Year == year; day = day.AddDays(1))
        {
            bool? was = before.Covers(day) ? before.IsWorkingDay(day) : null;
            bool? now = after.Covers(day) ? after.IsWorkingDay(day) : null;
            if (was != now)
            {
                days.Add(day);
            }
        }

        return days;
    }

    /// <summary>The holiday data of <paramref name="year"/>, or null when the calendar has none.</summary>
    public HolidayYear? YearData(int year) => TryGetTable(year)?.Year;

    /// <summary>Years standing in for a missing official notice (Monday to Friday, no holidays).</summary>
    public IReadOnlyList<int> ProvisionalYears => [.. tables.Where(t => t is not null && t.Year.IsProvisional).Select(t => t!.Year.Year)];

    public OfficeHours OfficeHours { get; }

    /// <summary>Working time in one working day (7 hours with the default office hours).</summary>
    public TimeSpan WorkingDayLength { get; }

    /// <summary>The years with holiday data, in order.</summary>
    public IReadOnlyList<int> Years => years;

    /// <summary>Whether the calendar has holiday data for the date's year.</summary>
    public bool Covers(DateOnly date) => TryGetTable(date.Year) is not null;

    /// <exception cref="DateOutsideCalendarException">No holiday data for the date's year.</exception>
    public bool IsWorkingDay(DateOnly date) => Table(date).IsWorking(date.DayOfYear);

    /// <summary>The holiday the date is a day off for, or null.</summary>
    /// <exception cref="DateOutsideCalendarException">No holiday data for the date's year.</exception>
    public Holiday? HolidayOn(DateOnly date)
    {
        foreach (var holiday in Table(date).Year.Holidays)
        {
            if (holiday.IsDayOff(date))
            {
                return holiday;
            }
        }

        return null;
    }

    /// <summary>Number of working days from <paramref name="first"/> to <paramref name="last"/>, both included.</summary>
    /// <exception cref="ArgumentException"><paramref name="last"/> is before <paramref name="first"/>.</exception>
    /// <exception cref="DateOutsideCalendarException">The range reaches a year without data.</exception>
    public int CountWorkingDays(DateOnly first, DateOnly last)
    {
        if (last < first)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The last day, {last:yyyy-MM-dd}, is before the first day, {first:yyyy-MM-dd}."),
                nameof(last));
        }

        return CountWorkingDaysInRange(first, last);
    }

    /// <summary>
    /// The <paramref name="workingDays"/>-th working day after <paramref name="start"/>. The start day itself is
    /// never counted, whether or not it is a working day: counting begins the day after.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="workingDays"/> is less than 1.</exception>
    /// <exception cref="DateOutsideCalendarException">The count runs into a year without data.</exception>
    public DateOnly AddWorkingDays(DateOnly start, int workingDays)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workingDays, 1);
        var day = start;
        while (workingDays > 0)
        {
            day = day.AddDays(1);
            if (IsWorkingDay(day))
            {
                workingDays--;
            }
        }

        return day;
    }

    /// <summary>
    /// A deadline of <paramref name="workingDays"/> working days: the end of office hours on the
    /// <paramref name="workingDays"/>-th working day after the local date of <paramref name="start"/>
    /// (see <see cref="AddWorkingDays(DateOnly, int)"/>). The time of day of the start does not matter.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="workingDays"/> is less than 1.</exception>
    /// <exception cref="DateOutsideCalendarException">The count runs into a year without data.</exception>
    public DateTimeOffset AddWorkingDays(DateTimeOffset start, int workingDays) =>
        EndOfWorkingDay(AddWorkingDays(LocalDate(start), workingDays));

    /// <summary>The end of office hours (17:00 by default) on a working day.</summary>
    /// <exception cref="ArgumentException">The date is not a working day.</exception>
    /// <exception cref="DateOutsideCalendarException">No holiday data for the date's year.</exception>
    public DateTimeOffset EndOfWorkingDay(DateOnly workingDay)
    {
        if (!IsWorkingDay(workingDay))
        {
            var holiday = HolidayOn(workingDay);
            var why = holiday is null ? $"a {workingDay.DayOfWeek}" : $"a day off for {holiday.NameEn} ({holiday.NameZh})";
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"{workingDay:yyyy-MM-dd} is not a working day; it is {why}."),
                nameof(workingDay));
        }

        return ToInstant(workingDay, ends[Sessions - 1]);
    }

    /// <summary>
    /// The instant at which <paramref name="workingHours"/> hours of office time have passed since
    /// <paramref name="start"/>; see <see cref="AddWorkingTime"/>.
    /// </summary>
    public DateTimeOffset AddWorkingHours(DateTimeOffset start, int workingHours)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(workingHours);
        return AddWorkingTime(start, TimeSpan.FromHours(workingHours));
    }

    /// <summary>
    /// The earliest instant at which <paramref name="workingTime"/> of office time has passed since
    /// <paramref name="start"/>. Only time inside office hours on working days counts; a start outside office hours
    /// begins counting at the next session. An amount that runs out exactly at the end of a session gives that end
    /// (e.g. 12:00, not 13:30). Zero gives <paramref name="start"/> itself.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="workingTime"/> is negative.</exception>
    /// <exception cref="DateOutsideCalendarException">The count runs into a year without data.</exception>
    public DateTimeOffset AddWorkingTime(DateTimeOffset start, TimeSpan workingTime)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workingTime, TimeSpan.Zero);
        if (workingTime == TimeSpan.Zero)
        {
            return start;
        }

        var local = ToLocal(start);
        var day = DateOnly.FromDateTime(local);
        var timeOfDay = local.TimeOfDay.Ticks;
        var remaining = workingTime.Ticks;
        while (true)
        {
            if (timeOfDay < ends[Sessions - 1] && IsWorkingDay(day))
            {
                for (var i = 0; i < Sessions; i++)
                {
                    if (timeOfDay >= ends[i])
                    {
                        continue;
                    }

                    var from = Math.Max(timeOfDay, starts[i]);
                    var available = ends[i] - from;
                    if (remaining <= available)
                    {
                        return ToInstant(day, from + remaining);
                    }

                    remaining -= available;
                }
            }

            day = day.AddDays(1);
            timeOfDay = 0;
        }
    }

    /// <summary>
    /// Office time between two instants: the time inside office hours on working days. Negative when
    /// <paramref name="to"/> is before <paramref name="from"/> (e.g. how far past a deadline a case is).
    /// </summary>
    /// <exception cref="DateOutsideCalendarException">The span has office time in a year without data.</exception>
    public TimeSpan WorkingTimeBetween(DateTimeOffset from, DateTimeOffset to)
    {
        if (to < from)
        {
            return -WorkingTimeBetween(to, from);
        }

        var a = ToLocal(from);
        var b = ToLocal(to);
        var firstDay = DateOnly.FromDateTime(a);
        var lastDay = DateOnly.FromDateTime(b);
        if (firstDay == lastDay)
        {
            return TimeSpan.FromTicks(WorkedOn(firstDay, a.TimeOfDay.Ticks, b.TimeOfDay.Ticks));
        }

        var ticks = WorkedOn(firstDay, a.TimeOfDay.Ticks, TimeSpan.TicksPerDay)
            + WorkedOn(lastDay, 0, b.TimeOfDay.Ticks);
        var betweenFirst = firstDay.AddDays(1);
        var betweenLast = lastDay.AddDays(-1);
        if (betweenFirst <= betweenLast)
        {
            ticks += CountWorkingDaysInRange(betweenFirst, betweenLast) * WorkingDayLength.Ticks;
        }

        return TimeSpan.FromTicks(ticks);
    }

    /// <summary>Whether the instant is inside office hours on a working day.</summary>
    /// <exception cref="DateOutsideCalendarException">No holiday data for the instant's local year.</exception>
    public bool IsWithinWorkingHours(DateTimeOffset instant)
    {
        var local = ToLocal(instant);
        var timeOfDay = local.TimeOfDay.Ticks;
        for (var i = 0; i < Sessions; i++)
        {
            if (timeOfDay >= starts[i] && timeOfDay < ends[i])
            {
                return IsWorkingDay(DateOnly.FromDateTime(local));
            }
        }

        return false;
    }

    /// <summary>The district-local date of an instant.</summary>
    public DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(ToLocal(instant));

    private DateTime ToLocal(DateTimeOffset instant)
    {
        if (fixedOffset is { } offset)
        {
            var localTicks = instant.UtcTicks + offset.Ticks;
            if (localTicks >= fixedFromLocalTicks && localTicks < fixedToLocalTicks)
            {
                return new DateTime(localTicks);
            }
        }

        return TimeZoneInfo.ConvertTime(instant, zone).DateTime;
    }

    private DateTimeOffset ToInstant(DateOnly day, long ticksSinceMidnight)
    {
        var local = day.ToDateTime(TimeOnly.MinValue).AddTicks(ticksSinceMidnight);
        return fixedOffset is { } offset && local.Ticks >= fixedFromLocalTicks && local.Ticks < fixedToLocalTicks
            ? new DateTimeOffset(local, offset)
            : new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    private static bool HasFixedOffset(TimeZoneInfo zone, DateTime from, DateTime to)
    {
        foreach (var rule in zone.GetAdjustmentRules())
        {
            var overlaps = rule.DateStart < to && rule.DateEnd >= from;
            if (overlaps && (rule.DaylightDelta != TimeSpan.Zero || rule.BaseUtcOffsetDelta != TimeSpan.Zero))
            {
                return false;
            }
        }

        return true;
    }

    // Office time on one day between two local times of that day. The day is classified only when the interval
    // touches office hours, so an instant at midnight of a year without data is not an error.
    private long WorkedOn(DateOnly day, long fromTicks, long toTicks)
    {
        long worked = 0;
        for (var i = 0; i < Sessions; i++)
        {
            worked += Math.Max(0, Math.Min(ends[i], toTicks) - Math.Max(starts[i], fromTicks));
        }

        return worked > 0 && IsWorkingDay(day) ? worked : 0;
    }

    private int CountWorkingDaysInRange(DateOnly first, DateOnly last)
    {
        var count = 0;
        for (var year = first.Year; year <= last.Year; year++)
        {
            var table = Table(year == first.Year ? first : new DateOnly(year, 1, 1));
            var from = year == first.Year ? first.DayOfYear : 1;
            var to = year == last.Year ? last.DayOfYear : table.DaysInYear;
            count += table.CountWorkingDays(from, to);
        }

        return count;
    }

    private YearTable? TryGetTable(int year)
    {
        var index = year - firstYear;
        return (uint)index < (uint)tables.Length ? tables[index] : null;
    }

    private YearTable Table(DateOnly date) =>
        TryGetTable(date.Year) ?? throw new DateOutsideCalendarException(date, years);

    /// <summary>One year as a day-by-day lookup with running counts of working days.</summary>
    private sealed class YearTable
    {
        private readonly bool[] working;

        // workingThrough[d] = working days among days of the year 1..d.
        private readonly short[] workingThrough;

        public YearTable(HolidayYear year)
        {
            Year = year;
            DaysInYear = DateTime.IsLeapYear(year.Year) ? 366 : 365;
            working = new bool[DaysInYear + 1];
            var day = new DateOnly(year.Year, 1, 1);
            for (var d = 1; d <= DaysInYear; d++, day = day.AddDays(1))
            {
                working[d] = day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
            }

            foreach (var holiday in year.Holidays)
            {
                for (var off = holiday.FirstDayOff; off <= holiday.LastDayOff; off = off.AddDays(1))
                {
                    working[off.DayOfYear] = false;
                }

                foreach (var worked in holiday.AdjustedWorkingDays)
                {
                    working[worked.DayOfYear] = true;
                }
            }

            workingThrough = new short[DaysInYear + 1];
            for (var d = 1; d <= DaysInYear; d++)
            {
                workingThrough[d] = (short)(workingThrough[d - 1] + (working[d] ? 1 : 0));
            }
        }

        public HolidayYear Year { get; }

        public int DaysInYear { get; }

        public bool IsWorking(int dayOfYear) => working[dayOfYear];

        public int CountWorkingDays(int fromDayOfYear, int toDayOfYear) =>
            workingThrough[toDayOfYear] - workingThrough[fromDayOfYear - 1];
    }
}
