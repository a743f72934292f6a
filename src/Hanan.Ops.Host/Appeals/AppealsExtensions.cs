using Hanan.Ops.Contracts.Appeals;
using Hanan.Ops.Domain.Appeals;
using Hanan.Ops.Domain.Audit;
using Hanan.Ops.Domain.Calendar;
using Hanan.Ops.Grains;
using Hanan.Ops.Grains.Appeals;
using Hanan.Ops.Host.Hosting;
using Hanan.Ops.Storage.Appeals;
using Hanan.Ops.Storage.Audit;
using Hanan.Ops.Storage.ReadModels;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Hanan.Ops.Host.Appeals;

public static class AppealsExtensions
{
    /// <summary>The routing table file, the working-day calendar and the intake (the district map: <see cref="Geography.GeographyExtensions.AddDistrictMap"/>).</summary>
    public static IHostApplicationBuilder AddAppeals(this IHostApplicationBuilder builder)
    {
        var path = builder.Configuration["Hanan:Appeals:RoutingTable"] ?? "data/appeals-routing.json";
        var fullPath = Path.IsPathRooted(path) ? path : Path.Combine(AppContext.BaseDirectory, path);
        if (!File.Exists(fullPath))
        {
            throw new FileNotFoundException($"The appeals routing table was not found at {fullPath} (Hanan:Appeals:RoutingTable).", fullPath);
        }

        // Validated at start-up: a broken table stops the host with every error listed, instead of failing intake later.
        var routing = RoutingTable.Parse(File.ReadAllText(fullPath));
        builder.Services.AddSingleton(routing);
        builder.Services.AddHostedService<Hosting.StartupBanner>();
        builder.Services.AddSingleton(sp => new DistrictClock(sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<AppealIntake>();
        builder.Services.AddSingleton<CaseProjection>();
        builder.Services.AddHostedService<CasePipelineStarter>();
        builder.Services.AddOptions<IntakeAdmissionOptions>().Bind(builder.Configuration.GetSection(IntakeAdmissionOptions.Section))
            .Validate(o => o.Problem() is null, $"{IntakeAdmissionOptions.Section} is out of range: MaxConcurrent 1–10000, MaxQueued 0–100000.")
            .ValidateOnStart();
        builder.Services.AddSingleton<IntakeAdmission>();
        builder.Services.AddSingleton<AppealFiling>();
        builder.Services.AddOptions<EscalationOptions>().Bind(builder.Configuration.GetSection(EscalationOptions.Section))
            .Validate(o => o.Problem() is null, "Hanan:Escalation is out of range: ReminderPeriod ≥ 1 s, Poll 100 ms – 1 h, Concurrency 1–1000.")
            .ValidateOnStart();
        var caseStore = builder.Configuration.GetSection(CaseStoreOptions.Section).Get<CaseStoreOptions>() ?? new CaseStoreOptions();
        if (caseStore.Problem() is { } caseStoreProblem)
        {
            throw new OptionsValidationException(CaseStoreOptions.Section, typeof(CaseStoreOptions), [caseStoreProblem]);
        }
        builder.Services.AddOptions<AppealsOptions>().Bind(builder.Configuration.GetSection(AppealsOptions.Section))
            .Validate(o => TimeLimit.TryParse(o.RectificationLimit, out _, out _) && o.MaxReopenings >= 0,
                "Hanan:Appeals:RectificationLimit must be a time limit such as 15wd, and MaxReopenings not negative.")
            .Validate(o => o.Weights().Check() is null, "Hanan:Appeals:RankingWeights must be finite, not negative and not all zero.")
            .ValidateOnStart();

        // Cases are stored with their list row, deadlines, activity and audit in one commit (the case store); lists,
        // filters and figures read the list rows (the case read model). PostgreSQL when durable, memory when embedded.
        var storage = StorageOptions.From(builder.Configuration);
        if (storage.Mode == StorageMode.PostgreSql)
        {
            builder.Services.AddSingleton<ICaseReadModel>(sp => new PostgresCaseReadModel(sp.GetRequiredService<NpgsqlDataSource>()));
            // Its own pool: the writers must never wait behind reads for a connection.
            builder.Services.AddKeyedSingleton(CaseStoreOptions.Section, (_, _) =>
                NpgsqlDataSource.Create(StorageOptions.WithPoolCap(storage.ConnectionString!, storage.CaseStorePoolSize)));
            builder.Services.AddSingleton<ICaseStore>(sp =>
                new PostgresCaseStore(sp.GetRequiredKeyedService<NpgsqlDataSource>(CaseStoreOptions.Section), caseStore, sp.GetRequiredService<AuditKeyRing>()));
        }
        else
        {
            builder.Services.AddSingleton<ICaseReadModel, InMemoryCaseReadModel>();
            builder.Services.AddSingleton<ICaseStore>(sp => new InMemoryCaseStore(sp.GetRequiredService<ICaseReadModel>(), sp.GetRequiredService<IAuditStore>()));
        }

        return builder;
    }
}
