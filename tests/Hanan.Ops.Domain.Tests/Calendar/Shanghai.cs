namespace Hanan.Ops.Domain.Tests.Calendar;

/// <summary>Instants written as district local time (UTC+8), to keep expected values readable.</summary>
internal static class Shanghai
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    public static DateTimeOffset At(int year, int month, int day, int hour, int minute, int second = 0) =>
        new(year, month, day, hour, minute, second, Offset);

    public static DateTimeOffset At(string localIso) =>
        new(DateTime.Parse(localIso, System.Globalization.CultureInfo.InvariantCulture), Offset);
}
