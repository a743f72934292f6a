using Hanan.Ops.Domain.Audit;
using Hanan.Ops.Grains;
using Hanan.Ops.Grains.Calendar;
using Hanan.Ops.Host.Hosting;
using Hanan.Ops.Storage.Audit;
using Hanan.Ops.Storage.Calendar;
using Npgsql;

namespace Hanan.Ops.Host.Calendar;

public static class CalendarExtensions
{
    /// <summary>The live working-day calendar: the stored years (PostgreSQL when durable, memory when embedded), this silo's current calendar and its refresh.</summary>
    public static IHostApplicationBuilder AddCalendar(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<CalendarOptions>().Bind(builder.Configuration.GetSection(CalendarOptions.Section))
            .Validate(o => o.RefreshInterval >= TimeSpan.FromSeconds(1) && o.RefreshInterval <= TimeSpan.FromHours(1),
                "Hanan:Calendar:RefreshInterval must be between 1 second and 1 hour.")
            .ValidateOnStart();
        if (StorageOptions.From(builder.Configuration).Mode == StorageMode.PostgreSql)
        {
            builder.Services.AddSingleton<ICalendarStore>(sp => new PostgresCalendarStore(sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<AuditKeyRing>()));
        }
        else
        {
            builder.Services.AddSingleton<ICalendarStore>(sp => new InMemoryCalendarStore(sp.GetRequiredService<IAuditStore>()));
        }

        builder.Services.AddSingleton(sp => new LiveCalendar(DistrictCalendar.Initial(sp.GetRequiredService<DistrictClock>())));
        builder.Services.AddSingleton<DistrictCalendar>();
        builder.Services.AddHostedService<CalendarSync>();
        return builder;
    }

    public static IEndpointRouteBuilder MapCalendar(this IEndpointRouteBuilder app) => app.MapCalendarEndpoints();
}
