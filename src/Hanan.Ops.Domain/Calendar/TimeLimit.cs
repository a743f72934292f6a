using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json.Serialization;

namespace Hanan.Ops.Domain.Calendar;

/// <summary>
/// A time limit (办理时限) for handling a case. Closed: exactly <see cref="WorkingDays"/>,
/// <see cref="WorkingHours"/> or <see cref="WallClock"/>.
/// </summary>
/// <remarks>
/// <para>Text form for data files: a whole number and a unit, no spaces: <c>5wd</c> (working days),
/// <c>2wh</c> (working hours), <c>24h</c> (hours of wall-clock time), <c>30m</c> (minutes of wall-clock time).
/// <see cref="ToString"/> writes the canonical form, which parses back to an equal limit; wall-clock limits are
/// written in hours when they are whole hours (<c>60m</c> is written <c>1h</c>).</para>
/// <para>Bounds: 1–1000 working days, 1–10000 working hours, 1 minute to 366 days of wall-clock time.</para>
/// <para>In JSON a limit is its text form (<see cref="TimeLimitJsonConverter"/>).</para>
/// </remarks>
[JsonConverter(typeof(TimeLimitJsonConverter))]
public abstract record TimeLimit
{
    private const string FormHelp =
        "write a whole number followed by a unit: wd (working days), wh (working hours), h (hours) or m (minutes), e.g. 5wd, 2wh, 24h, 30m";

    private TimeLimit()
    {
    }

    /// <summary>True for working days and working hours, which count only working time; false for wall-clock time.</summary>
    public abstract bool CountsWorkingTime { get; }

    /// <summary>The instant this limit runs out for a case whose clock starts at <paramref name="start"/>.</summary>
    /// <exception cref="DateOutsideCalendarException">A working-time limit runs into a year without data.</exception>
    public abstract DateTimeOffset DueFrom(DateTimeOffset start, WorkingCalendar calendar);

    /// <summary>The canonical text form, e.g. <c>5wd</c>.</summary>
    public sealed override string ToString() => Format();

    private protected abstract string Format();

    /// <summary>Parses the text form.</summary>
    /// <exception cref="FormatException">The text is not a valid limit; the message says why.</exception>
    public static TimeLimit Parse(string text) =>
        TryParse(text, out var limit, out var error) ? limit : throw new FormatException(error);

    /// <summary>Parses the text form; on failure, <paramref name="error"/> is a sentence saying what is wrong.</summary>
    public static bool TryParse(
        [NotNullWhen(true)] string? text,
        [NotNullWhen(true)] out TimeLimit? limit,
        [NotNullWhen(false)] out string? error)
    {
        limit = null;
        if (string.IsNullOrEmpty(text))
        {
            error = $"The time limit is empty; {FormHelp}.";
            return false;
        }

        var digits = 0;
        while (digits < text.Length && char.IsAsciiDigit(text[digits]))
        {
            digits++;
        }

        var unit = text.AsSpan(digits);
        if (digits == 0)
        {
            error = $"The time limit \"{text}\" does not start with a number; {FormHelp}.";
            return false;
        }

        if (digits > 6)
        {
            error = $"The time limit \"{text}\" has too many digits; {FormHelp}.";
            return false;
        }

        var amount = int.Parse(text.AsSpan(0, digits), NumberStyles.None, CultureInfo.InvariantCulture);
        if (amount == 0)
        {
            error = $"The time limit \"{text}\" is zero; a time limit must be at least 1 of its unit.";
            return false;
        }

        limit = unit switch
        {
            "wd" when amount <= WorkingDays.Max => new WorkingDays(amount),
            "wh" when amount <= WorkingHours.Max => new WorkingHours(amount),
            "h" when amount <= WallClock.Max.TotalHours => new WallClock(TimeSpan.FromHours(amount)),
            "m" when amount <= WallClock.Max.TotalMinutes => new WallClock(TimeSpan.FromMinutes(amount)),
            _ => null,
        };
        if (limit is not null)
        {
            error = null;
            return true;
        }

        error = unit switch
        {
            "wd" => TooLarge(text, $"{WorkingDays.Max}wd"),
            "wh" => TooLarge(text, $"{WorkingHours.Max}wh"),
            "h" or "m" => TooLarge(text, $"{WallClock.Max.TotalHours}h"),
            "" => $"The time limit \"{text}\" has no unit; {FormHelp}.",
            _ => $"The time limit \"{text}\" has an unknown unit \"{unit}\"; {FormHelp}.",
        };
        return false;
    }

    private static string TooLarge(string text, string max) =>
        $"The time limit \"{text}\" is longer than the longest allowed, {max}.";

    /// <summary>A limit in working days: due at the end of office hours on the Nth working day after the start day.</summary>
    public sealed record WorkingDays : TimeLimit
    {
        public const int Max = 1000;

        /// <exception cref="ArgumentOutOfRangeException"><paramref name="days"/> is not 1–1000.</exception>
        public WorkingDays(int days)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(days, Max);
            Days = days;
        }

        public int Days { get; }

        public override bool CountsWorkingTime => true;

        public override DateTimeOffset DueFrom(DateTimeOffset start, WorkingCalendar calendar)
        {
            ArgumentNullException.ThrowIfNull(calendar);
            return calendar.AddWorkingDays(start, Days);
        }

        private protected override string Format() => string.Create(CultureInfo.InvariantCulture, $"{Days}wd");
    }

    /// <summary>A limit in working hours: due once that much office time has passed since the start.</summary>
    public sealed record WorkingHours : TimeLimit
    {
        public const int Max = 10000;

        /// <exception cref="ArgumentOutOfRangeException"><paramref name="hours"/> is not 1–10000.</exception>
        public WorkingHours(int hours)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(hours, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(hours, Max);
            Hours = hours;
        }

        public int Hours { get; }

        public override bool CountsWorkingTime => true;

        public override DateTimeOffset DueFrom(DateTimeOffset start, WorkingCalendar calendar)
        {
            ArgumentNullException.ThrowIfNull(calendar);
            return calendar.AddWorkingHours(start, Hours);
        }

        private protected override string Format() => string.Create(CultureInfo.InvariantCulture, $"{Hours}wh");
    }

    /// <summary>A wall-clock limit (e.g. emergencies, 30 minutes): nights, weekends and holidays count.</summary>
    public sealed record WallClock : TimeLimit
    {
        public static readonly TimeSpan Max = TimeSpan.FromDays(366);

        /// <exception cref="ArgumentOutOfRangeException"><paramref name="duration"/> is not whole minutes from 1 minute to 366 days.</exception>
        public WallClock(TimeSpan duration)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.FromMinutes(1));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(duration, Max);
            if (duration.Ticks % TimeSpan.TicksPerMinute != 0)
            {
                throw new ArgumentOutOfRangeException(nameof(duration), duration, "A wall-clock time limit must be whole minutes.");
            }

            Duration = duration;
        }

        public TimeSpan Duration { get; }

        public override bool CountsWorkingTime => false;

        public override DateTimeOffset DueFrom(DateTimeOffset start, WorkingCalendar calendar) => start + Duration;

        private protected override string Format() => Duration.Ticks % TimeSpan.TicksPerHour == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{(long)Duration.TotalHours}h")
            : string.Create(CultureInfo.InvariantCulture, $"{(long)Duration.TotalMinutes}m");
    }
}
