using BenchmarkDotNet.Attributes;
using Hanan.Ops.Domain.Calendar;

namespace Hanan.Ops.MicroBench;

/// <summary>Working-day deadline arithmetic on the 2026 official calendar (holidays and adjusted working days).</summary>
[MemoryDiagnoser]
public class DeadlineBenchmarks
{
    private static readonly TimeSpan Harbin = TimeSpan.FromHours(8);
    private WorkingCalendar calendar = null!;
    private DateTimeOffset[] starts = [];
    private readonly TimeLimit fiveWorkingDays = TimeLimit.Parse("5wd");
    private readonly TimeLimit twoWorkingHours = TimeLimit.Parse("2wh");
    private int next;

    [GlobalSetup]
    public void Setup()
    {
        calendar = WorkingCalendar.FromEmbeddedData(provisionalYears: 1);
        var random = new Random(2026);
        // Starts spread over 2026, at any minute of the day, so weekends, holidays and nights are all crossed.
        starts = [.. Enumerable.Range(0, 1024).Select(_ =>
            new DateTimeOffset(2026, 1, 1, 0, 0, 0, Harbin).AddMinutes(random.Next(0, 360 * 24 * 60)))];
    }

    private static readonly TimeZoneInfo HarbinZone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    /// <summary>
    /// The baseline: the cheapest deadline there is, a week of calendar days at the same local time (the time-zone
    /// conversion and the date arithmetic every deadline needs, without holidays, adjusted working days or office hours).
    /// </summary>
    [Benchmark(Baseline = true, Description = "baseline: 7 calendar days (TimeZoneInfo + AddDays)")]
    public DateTimeOffset SevenCalendarDays() => TimeZoneInfo.ConvertTime(starts[next++ & 1023], HarbinZone).AddDays(7);

    [Benchmark(Description = "AddWorkingDays(start, 5)")]
    public DateTimeOffset AddFiveWorkingDays() => calendar.AddWorkingDays(starts[next++ & 1023], 5);

    [Benchmark(Description = "DeadlineSchedule.Compute (5wd)")]
    public DeadlineSchedule ScheduleFiveWorkingDays() => DeadlineSchedule.Compute(starts[next++ & 1023], fiveWorkingDays, calendar);

    [Benchmark(Description = "DeadlineSchedule.Compute (2wh)")]
    public DeadlineSchedule ScheduleTwoWorkingHours() => DeadlineSchedule.Compute(starts[next++ & 1023], twoWorkingHours, calendar);
}
