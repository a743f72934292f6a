namespace Hanan.Ops.Domain.Live;

/// <summary>
/// The live figures of the wall, for one grid or the whole district. "Today" is the district's calendar day
/// (Asia/Shanghai).
/// </summary>
/// <param name="Open">Cases not resolved, closed or merged.</param>
/// <param name="Overdue">Open cases past their resolution deadline.</param>
/// <param name="Hot">Open cases marked hot.</param>
/// <param name="FiledToday">Appeals filed today, whatever became of them.</param>
/// <param name="Claimed">Open cases the lead bureau has claimed and is handling.</param>
/// <param name="ResolvedToday">Cases resolved today and not reopened since.</param>
public readonly record struct LiveCounts(int Open, int Overdue, int Hot, int FiledToday, int Claimed, int ResolvedToday)
{
    public bool IsZero => this == default;

    public static LiveCounts operator +(LiveCounts a, LiveCounts b) => new(
        a.Open + b.Open, a.Overdue + b.Overdue, a.Hot + b.Hot, a.FiledToday + b.FiledToday, a.Claimed + b.Claimed,
        a.ResolvedToday + b.ResolvedToday);

    /// <summary>What one case adds to the figures on the day [<paramref name="dayStart"/>, +1 day).</summary>
    public static LiveCounts Of(PictureCase c, DateTimeOffset dayStart)
    {
        var dayEnd = dayStart.AddDays(1);
        var open = c.IsOpen;
        return new LiveCounts(
            Open: open ? 1 : 0,
            Overdue: open && c.Overdue ? 1 : 0,
            Hot: open && c.Hot ? 1 : 0,
            FiledToday: c.FiledAt >= dayStart && c.FiledAt < dayEnd ? 1 : 0,
            Claimed: open && c.IsClaimed ? 1 : 0,
            ResolvedToday: c.IsResolved && c.ResolvedAt >= dayStart && c.ResolvedAt < dayEnd ? 1 : 0);
    }

    /// <summary>Start of the district's calendar day that contains <paramref name="now"/>, as an instant.</summary>
    public static DateTimeOffset DayStart(DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(now, District.TimeZone);
        return new DateTimeOffset(local.Date, local.Offset);
    }
}
