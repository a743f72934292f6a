using Hanan.Ops.Contracts.Residents;
using Hanan.Ops.Domain.Population;
using Hanan.Ops.Domain.Privacy;
using Hanan.Ops.Host.Hosting;
using Hanan.Ops.Storage.Residents;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Hanan.Ops.Host.Residents;

/// <summary>The <c>Hanan:Privacy</c> section: the keys that protect citizen ID numbers and phones at rest.</summary>
public sealed class PrivacyOptions
{
    public const string Section = "Hanan:Privacy";

    /// <summary>256-bit AES-GCM key, Base64. Required in Production.</summary>
    public string? IdEncryptionKey { get; set; }

    /// <summary>256-bit HMAC-SHA256 key for the lookup hash, Base64, different from the encryption key. Required in Production.</summary>
    public string? IdLookupKey { get; set; }

    /// <summary>
    /// HMAC-SHA256 key of the log redactor, Base64 of at least 32 random bytes: one plate, phone or ID number becomes
    /// the same token on every line and every host that shares the key. Unset: a random key per process (tokens then
    /// correlate only within one process's logs).
    /// </summary>
    public string? LogRedactionKey { get; set; }

    /// <summary>The id of <see cref="LogRedactionKey"/>, appended to every token (tokens of different key ids are unrelated).</summary>
    public int? LogRedactionKeyId { get; set; }
}

/// <summary>The <c>Hanan:Residents</c> section.</summary>
public sealed class ResidentsOptions
{
    public const string Section = "Hanan:Residents";

    /// <summary>Seed the demo population into an empty base-data read model at start-up. Unset: only in the embedded mode.</summary>
    public bool? SeedDemoPopulation { get; set; }
}

public static class ResidentsExtensions
{
    /// <summary>ID protection keys, the base-data read model, the demo population and its seeding.</summary>
    public static IHostApplicationBuilder AddResidents(this IHostApplicationBuilder builder)
    {
        var privacy = builder.Configuration.GetSection(PrivacyOptions.Section).Get<PrivacyOptions>() ?? new PrivacyOptions();
        var protector = ProtectorFrom(privacy, builder.Environment, out var development);
        builder.Services.AddSingleton(protector);
        builder.Services.AddHostedService(sp => new PrivacyKeyBanner(development, sp.GetRequiredService<ILogger<PrivacyKeyBanner>>()));

        var storage = StorageOptions.From(builder.Configuration);
        if (storage.Mode == StorageMode.PostgreSql)
        {
            builder.Services.AddSingleton<IResidentReadModel>(sp => new PostgresResidentReadModel(sp.GetRequiredService<NpgsqlDataSource>()));
        }
        else
        {
            builder.Services.AddSingleton<IResidentReadModel, InMemoryResidentReadModel>();
        }

        builder.Services.AddSingleton(sp => sp.GetRequiredService<Geography.LoadedDistrict>().DemoPopulation());
        builder.Services.AddSingleton(sp => new DemoPopulationSeeder(
            sp.GetRequiredService<DemoPopulation>(), protector, sp.GetRequiredService<IResidentReadModel>(), TimeProvider.System));

        var residents = builder.Configuration.GetSection(ResidentsOptions.Section).Get<ResidentsOptions>() ?? new ResidentsOptions();
        if (residents.SeedDemoPopulation ?? storage.Mode == StorageMode.Embedded)
        {
            builder.Services.AddSingleton<DemoPopulationSeeding>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<DemoPopulationSeeding>());
        }

        return builder;
    }

    /// <summary>The configured keys; the published development keys outside Production when none are configured.</summary>
    /// <exception cref="OptionsValidationException">A key is malformed, or none is configured in Production.</exception>
    internal static CitizenIdProtector ProtectorFrom(PrivacyOptions options, IHostEnvironment environment, out bool development)
    {
        development = string.IsNullOrWhiteSpace(options.IdEncryptionKey) && string.IsNullOrWhiteSpace(options.IdLookupKey);
        if (development)
        {
            return environment.IsProduction()
                ? throw new OptionsValidationException(PrivacyOptions.Section, typeof(PrivacyOptions),
                    ["Hanan:Privacy:IdEncryptionKey and Hanan:Privacy:IdLookupKey (32 random bytes each, Base64) are required in Production; the host does not start with the development keys there."])
                : CitizenIdProtector.Development;
        }

        return CitizenIdProtector.TryFromBase64(options.IdEncryptionKey, options.IdLookupKey, out var protector, out var error)
            ? protector!
            : throw new OptionsValidationException(PrivacyOptions.Section, typeof(PrivacyOptions), [$"{PrivacyOptions.Section}: {error}"]);
    }
}

/// <summary>Says loudly at start-up when ID numbers are protected by the published development keys.</summary>
internal sealed partial class PrivacyKeyBanner(bool development, ILogger<PrivacyKeyBanner> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (development)
        {
            LogDevelopmentKeys(logger);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "DEVELOPMENT ID KEYS — citizen ID numbers and phones are sealed with the PUBLISHED development keys and are NOT protected. Set Hanan:Privacy:IdEncryptionKey and Hanan:Privacy:IdLookupKey (32 random bytes each, Base64, e.g. `openssl rand -base64 32`) before storing real data; Production refuses to start without them.")]
    private static partial void LogDevelopmentKeys(ILogger logger);
}

/// <summary>
/// Seeds the demo population in the background after start-up when the read model is empty, so the demo run has
/// residents without delaying the host. <see cref="Completion"/> finishes when the population is there.
/// </summary>
internal sealed partial class DemoPopulationSeeding(
    IServiceProvider services, IResidentReadModel readModel, ILogger<DemoPopulationSeeding> logger) : BackgroundService
{
    private readonly TaskCompletionSource<SeedReport?> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The report of the run, or null when the read model already held residents.</summary>
    public Task<SeedReport?> Completion => _completion.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Yield();
            if (await readModel.CountResidentsAsync(stoppingToken) > 0)
            {
                _completion.TrySetResult(null);
                return;
            }

            var seeder = services.GetRequiredService<DemoPopulationSeeder>();
            var report = await seeder.SeedAsync(cancellationToken: stoppingToken);
            LogSeeded(logger, report.Residents, report.Households, report.LegalPersons, report.Places, report.Elapsed.TotalSeconds);
            _completion.TrySetResult(report);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            _completion.TrySetCanceled(stoppingToken);
        }
        catch (Exception ex)
        {
            LogFailed(logger, ex);
            _completion.TrySetException(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo population seeded: {Residents} residents in {Households} households, {LegalPersons} legal persons, {Places} places in {Seconds:F1} s")]
    private static partial void LogSeeded(ILogger logger, int residents, int households, int legalPersons, int places, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Seeding the demo population failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
