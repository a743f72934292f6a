namespace Hanan.Ops.Domain.Appeals;

/// <summary>The cases filed in [<see cref="From"/>, <see cref="To"/>): the start is included, the end is not.</summary>
public sealed record FilingPeriod
{
    public FilingPeriod(DateTimeOffset from, DateTimeOffset to)
    {
        if (to <= from)
        {
            throw new ArgumentException($"The period must end after it starts ({from:O} .. {to:O}).", nameof(to));
        }

        From = from;
        To = to;
    }

    public DateTimeOffset From { get; }

    public DateTimeOffset To { get; }

    /// <summary>Whole district days <paramref name="first"/> to <paramref name="last"/> (both included), Beijing time.</summary>
    public static FilingPeriod Days(DateOnly first, DateOnly last) =>
        new(StartOf(first), StartOf(last.AddDays(1)));

    public bool Contains(DateTimeOffset instant) => instant >= From && instant < To;

    private static DateTimeOffset StartOf(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, District.TimeZone.GetUtcOffset(local));
    }
}
