using Hanan.Ops.Contracts.Residents;
using Hanan.Ops.Domain.Population;
using Npgsql;

namespace Hanan.Ops.Storage.Residents;

/// <summary>
/// Real-name bindings in PostgreSQL (schema script 0022): <c>citizen_binding</c> with one row per account and a unique
/// resident, and <c>citizen_binding_failure</c>. Behaves like <see cref="InMemoryCitizenBindingStore"/>.
/// </summary>
public sealed class PostgresCitizenBindingStore : ICitizenBindingStore, IAsyncDisposable, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;

    public PostgresCitizenBindingStore(NpgsqlDataSource dataSource) => _dataSource = dataSource;

    public PostgresCitizenBindingStore(string connectionString)
    {
        _dataSource = NpgsqlDataSource.Create(connectionString);
        _ownsDataSource = true;
    }

    public Task<CitizenBinding?> ForAccountAsync(string account, CancellationToken cancellationToken = default) =>
        SingleAsync("SELECT account, resident_id, bound_at FROM citizen_binding WHERE account = @p", account, cancellationToken);

    public Task<CitizenBinding?> ForResidentAsync(Guid residentId, CancellationToken cancellationToken = default) =>
        SingleAsync("SELECT account, resident_id, bound_at FROM citizen_binding WHERE resident_id = @p", residentId, cancellationToken);

    public async Task<bool> TryBindAsync(CitizenBinding binding, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(binding);
        // Either unique key (account, resident) makes the insert do nothing: the first bind wins, the others see false.
        await using var command = _dataSource.CreateCommand(
            "INSERT INTO citizen_binding (account, resident_id, bound_at) VALUES (@account, @resident, @at) ON CONFLICT DO NOTHING");
        command.Parameters.AddWithValue("account", binding.Account);
        command.Parameters.AddWithValue("resident", binding.ResidentId);
        command.Parameters.AddWithValue("at", binding.BoundAt.ToUniversalTime());
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<bool> UnbindAsync(string account, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand("DELETE FROM citizen_binding WHERE account = @p");
        command.Parameters.AddWithValue("p", account);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async Task RecordFailureAsync(string account, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand(
            "DELETE FROM citizen_binding_failure WHERE at < @before; INSERT INTO citizen_binding_failure (account, at) VALUES (@account, @at)");
        command.Parameters.AddWithValue("account", account);
        command.Parameters.AddWithValue("at", at.ToUniversalTime());
        command.Parameters.AddWithValue("before", (at - ICitizenBindingStore.FailureRetention).ToUniversalTime());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<int> FailuresSinceAsync(string account, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand("SELECT count(*) FROM citizen_binding_failure WHERE account = @account AND at >= @since");
        command.Parameters.AddWithValue("account", account);
        command.Parameters.AddWithValue("since", since.ToUniversalTime());
        return (int)(long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public ValueTask DisposeAsync() => _ownsDataSource ? _dataSource.DisposeAsync() : ValueTask.CompletedTask;

    public void Dispose()
    {
        if (_ownsDataSource)
        {
            _dataSource.Dispose();
        }
    }

    private async Task<CitizenBinding?> SingleAsync<TKey>(string sql, TKey key, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("p", key!);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new CitizenBinding(reader.GetString(0), reader.GetGuid(1), reader.GetFieldValue<DateTimeOffset>(2))
            : null;
    }
}
