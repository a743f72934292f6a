using System.Globalization;

namespace Hanan.Ops.Domain.Calendar;

/// <summary>
/// A computation needed to know whether a date is a working day, but the calendar has no official holiday data
/// for that date's year. Working days cannot be guessed: the State Council publishes each year's arrangements
/// late in the year before.
/// </summary>
public sealed class DateOutsideCalendarException : Exception
{
    public DateOutsideCalendarException()
        : this("A date is outside the years the working calendar has official holiday data for.")
    {
    }

    public DateOutsideCalendarException(string message)
        : base(message)
    {
        CoveredYears = [];
    }

    public DateOutsideCalendarException(string message, Exception innerException)
        : base(message, innerException)
    {
        CoveredYears = [];
    }

    public DateOutsideCalendarException(DateOnly date, IReadOnlyList<int> coveredYears)
        : base(Describe(date, coveredYears))
    {
        Date = date;
        CoveredYears = coveredYears;
    }

    /// <summary>The date that could not be classified.</summary>
    public DateOnly? Date { get; }

    /// <summary>The years the calendar does cover.</summary>
    public IReadOnlyList<int> CoveredYears { get; }

    private static string Describe(DateOnly date, IReadOnlyList<int> coveredYears)
    {
        var covered = coveredYears.Count == 0 ? "no year at all" : string.Join(", ", coveredYears);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"The working calendar has no official holiday data for {date.Year}, so it cannot tell whether {date:yyyy-MM-dd} is a working day; it covers {covered}. Add Data/calendar/{date.Year}.json from that year's State Council holiday notice.");
    }
}
