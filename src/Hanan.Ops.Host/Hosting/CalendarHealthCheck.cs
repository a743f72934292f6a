using Hanan.Ops.Domain;
using Hanan.Ops.Domain.Calendar;
using Hanan.Ops.Grains;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Hanan.Ops.Host.Hosting;

/// <summary>
/// Degraded when deadlines of the coming weeks fall in a year whose official calendar (the State Council's holiday
/// notice) is not loaded: such deadlines count Monday to Friday only until the year's file is added.
/// </summary>
internal sealed class CalendarHealthCheck(WorkingCalendar calendar, DistrictClock clock) : IHealthCheck
{
    private const int LookAheadDays = 60;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.Now, District.TimeZone).DateTime);
        var horizon = today.AddDays(LookAheadDays);
        var missing = Enumerable.Range(today.Year, horizon.Year - today.Year + 1)
            .Where(y => !calendar.Covers(new DateOnly(y, 1, 1)) || calendar.ProvisionalYears.Contains(y))
            .ToList();
        return Task.FromResult(missing.Count == 0
            ? HealthCheckResult.Healthy($"official calendar loaded through {horizon:yyyy-MM-dd}")
            : HealthCheckResult.Degraded(
                $"the official holiday calendar for {string.Join(", ", missing)} is not loaded: deadlines there count Monday to Friday only. "
                + $"Add src/Hanan.Ops.Domain/Data/calendar/{missing[0]}.json from the State Council notice."));
    }
}
