using Hanan.Ops.Storage.Schema;
using Microsoft.Extensions.Options;

namespace Hanan.Ops.Host.Hosting;

/// <summary>
/// Applies the versioned PostgreSQL schema before the silo starts (registered ahead of Orleans, so hosted services
/// start it first). Idempotent, and serialised across silos by an advisory lock inside the migrator, which logs what it did.
/// </summary>
internal sealed class SchemaMigrationService(IOptions<StorageOptions> storage, ILogger<SchemaMigrator> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        new SchemaMigrator(storage.Value.ConnectionString!, logger).MigrateAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary><c>Hanan.Ops.Host migrate</c>: create the database if it is missing, apply the schema, exit.</summary>
public static class MigrateCommand
{
    public static bool IsRequested(string[] args) => args.Length > 0 && args[0] == "migrate";

    public static async Task<int> RunAsync(IConfiguration configuration)
    {
        var storage = StorageOptions.From(configuration);
        if (string.IsNullOrWhiteSpace(storage.ConnectionString))
        {
            await Console.Error.WriteLineAsync("migrate: set Hanan:Storage:ConnectionString (for example Hanan__Storage__ConnectionString=...).");
            return 2;
        }

        using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true));
        await SchemaMigrator.EnsureDatabaseExistsAsync(storage.ConnectionString, CancellationToken.None);
        var report = await new SchemaMigrator(storage.ConnectionString, loggers.CreateLogger<SchemaMigrator>()).MigrateAsync();
        Console.WriteLine($"migrate: applied [{string.Join(", ", report.Applied)}], already present [{string.Join(", ", report.Skipped)}]");
        return 0;
    }
}
