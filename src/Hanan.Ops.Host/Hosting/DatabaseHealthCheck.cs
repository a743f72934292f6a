using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Hanan.Ops.Host.Hosting;

/// <summary>Ready when PostgreSQL answers; in the embedded mode there is no database to reach.</summary>
internal sealed class DatabaseHealthCheck(IOptions<StorageOptions> storage) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (storage.Value.Mode != StorageMode.PostgreSql)
        {
            return HealthCheckResult.Healthy("embedded mode: no database, state is not durable");
        }

        try
        {
            await using var connection = new NpgsqlConnection(StorageOptions.WithPoolCap(storage.Value.ConnectionString!, StorageOptions.HealthPoolSize));
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("select 1", connection);
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy("PostgreSQL answers");
        }
        catch (NpgsqlException ex)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL is unreachable: " + ex.Message);
        }
    }
}
