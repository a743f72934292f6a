using Hanan.Ops.Domain.Audit;
using Hanan.Ops.Storage.Audit;
using Npgsql;
using NpgsqlTypes;

namespace Hanan.Ops.Storage.Calendar;

/// <summary>The loaded calendar years in PostgreSQL (script 0051): a load and its audit record commit together.</summary>
public sealed class PostgresCalendarStore(NpgsqlDataSource dataSource, AuditKeyRing auditKeys) : ICalendarStore
{
    public async Task<IReadOnlyList<CalendarYearRecord>> ReadAllAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT year, data::text, loaded_at, loaded_by, revision FROM calendar_year ORDER BY year");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var years = new List<CalendarYearRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            years.Add(new CalendarYearRecord(
                reader.GetInt32(0), reader.GetString(1), new DateTimeOffset(reader.GetFieldValue<DateTime>(2), TimeSpan.Zero), reader.GetString(3), reader.GetInt64(4)));
        }

        return years;
    }

    public async Task<long> RevisionAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT coalesce(max(revision), 0) FROM calendar_year");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<CalendarYearRecord> SaveAsync(int year, string json, DateTimeOffset at, string by, AuditEntry audit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(audit);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        long revision;
        await using (var upsert = new NpgsqlCommand(
                         """
                         INSERT INTO calendar_year (year, data, loaded_at, loaded_by, revision)
                         VALUES (@year, @data, @at, @by, nextval('calendar_revision'))
                         ON CONFLICT (year) DO UPDATE SET data = EXCLUDED.data, loaded_at = EXCLUDED.loaded_at,
                             loaded_by = EXCLUDED.loaded_by, revision = EXCLUDED.revision
                         RETURNING revision
                         """, connection, transaction))
        {
            upsert.Parameters.AddWithValue("year", year);
            upsert.Parameters.Add(new NpgsqlParameter("data", NpgsqlDbType.Jsonb) { Value = json });
            upsert.Parameters.AddWithValue("at", at.UtcDateTime);
            upsert.Parameters.AddWithValue("by", by);
            revision = (long)(await upsert.ExecuteScalarAsync(cancellationToken))!;
        }

        await PostgresAuditStore.AppendLockedAsync(connection, transaction, [audit], auditKeys.Current, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new CalendarYearRecord(year, json, at, by, revision);
    }
}
