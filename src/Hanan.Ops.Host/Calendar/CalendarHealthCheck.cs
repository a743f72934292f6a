using Hanan.Ops.Domain;
using Hanan.Ops.Grains;
using Hanan.Ops.Grains.Calendar;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Hanan.Ops.Host.Calendar;

/// <summary>
/// Degraded when deadlines of the coming weeks fall in a year whose official calendar (the State Council's holiday
/// notice) is not loaded: such deadlines count the statutory holidays of the law but no adjusted working days until
/// the year is loaded (<c>PUT /api/calendar/{year}</c> or <c>hanan calendar import</c>).
/// </summary>
internal sealed class CalendarHealthCheck(LiveCalendar calendars, DistrictClock clock) : IHealthCheck
{
    private const int LookAheadDays = 60;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var calendar = calendars.Current;
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.Now, District.TimeZone).DateTime);
        var horizon = today.AddDays(LookAheadDays);
        var missing = Enumerable.Range(today.Year, horizon.Year - today.Year + 1)
            .Where(y => !calendar.Covers(new DateOnly(y, 1, 1)) || calendar.ProvisionalYears.Contains(y))
            .ToList();
        return Task.FromResult(missing.Count == 0
            ? HealthCheckResult.Healthy($"official calendar loaded through {horizon:yyyy-MM-dd}")
            : HealthCheckResult.Degraded(
                $"the official holiday calendar for {string.Join(", ", missing)} is not loaded: deadlines there count the statutory holidays "
                + $"of the holiday law but no adjusted working days. Load it: PUT /api/calendar/{missing[0]} or hanan calendar import {missing[0]}.json."));
    }
}
