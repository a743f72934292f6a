using System.Globalization;

namespace Hanan.Ops.Domain.Calendar;

/// <summary>
/// One public holiday of an official year calendar (法定节假日): a run of consecutive days off and the
/// weekend days that are worked instead (调休上班), as published in the State Council notice.
/// </summary>
public sealed class Holiday
{
    /// <summary>Creates a holiday and checks what can be checked without the rest of the year.</summary>
    /// <exception cref="ArgumentException">A name is blank, the days off are out of order, or an adjusted working day is not a
    /// Saturday or Sunday, falls on one of the holiday's own days off, or is listed twice.</exception>
    public Holiday(string nameZh, string nameEn, DateOnly firstDayOff, DateOnly lastDayOff, IEnumerable<DateOnly> adjustedWorkingDays)
    {
        ArgumentNullException.ThrowIfNull(adjustedWorkingDays);
        if (string.IsNullOrWhiteSpace(nameZh))
        {
            throw new ArgumentException("A holiday needs its Chinese name.");
        }

        if (string.IsNullOrWhiteSpace(nameEn))
        {
            throw new ArgumentException($"The holiday {nameZh} needs its English name.");
        }

        NameZh = nameZh;
        NameEn = nameEn;
        if (lastDayOff < firstDayOff)
        {
            throw new ArgumentException(
                Describe($"its last day off, {Format(lastDayOff)}, is before its first day off, {Format(firstDayOff)}."));
        }

        FirstDayOff = firstDayOff;
        LastDayOff = lastDayOff;

        var working = adjustedWorkingDays.ToArray();
        Array.Sort(working);
        for (var i = 0; i < working.Length; i++)
        {
            var day = working[i];
            if (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            {
                throw new ArgumentException(
                    Describe($"the adjusted working day {Format(day)} is a {day.DayOfWeek}; only a Saturday or Sunday can be made a working day."));
            }

            if (IsDayOff(day))
            {
                throw new ArgumentException(
                    Describe($"{Format(day)} is listed both as a day off and as an adjusted working day."));
            }

            if (i > 0 && working[i - 1] == day)
            {
                throw new ArgumentException(
                    Describe($"the adjusted working day {Format(day)} is listed twice."));
            }
        }

        AdjustedWorkingDays = Array.AsReadOnly(working);
    }

    /// <summary>Chinese name as in the notice, e.g. 春节.</summary>
    public string NameZh { get; }

    /// <summary>English name, e.g. Spring Festival.</summary>
    public string NameEn { get; }

    public DateOnly FirstDayOff { get; }

    public DateOnly LastDayOff { get; }

    /// <summary>Weekend days that are working days because of this holiday (调休上班), in date order.</summary>
    public IReadOnlyList<DateOnly> AdjustedWorkingDays { get; }

    public int DaysOffCount => LastDayOff.DayNumber - FirstDayOff.DayNumber + 1;

    public bool IsDayOff(DateOnly date) => date >= FirstDayOff && date <= LastDayOff;

    public override string ToString() => $"{NameEn} ({NameZh}) {Format(FirstDayOff)}–{Format(LastDayOff)}";

    internal string Describe(string problem) => $"The holiday {NameEn} ({NameZh}) is wrong: {problem}";

    internal static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
