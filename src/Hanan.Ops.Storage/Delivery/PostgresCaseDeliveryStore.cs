using Npgsql;

namespace Hanan.Ops.Storage.Delivery;

/// <summary>The delivery rows in PostgreSQL (script 0060).</summary>
public sealed class PostgresCaseDeliveryStore(NpgsqlDataSource dataSource) : ICaseDeliveryStore
{
    private const string Columns =
        "case_id, bureau_id, case_number, mode, created_at, sent_at, attempts, last_error, last_attempt_at, next_attempt_at, remote_id";

    public async Task EnsureAsync(IReadOnlyList<DeliveryDue> deliveries, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deliveries);
        if (deliveries.Count == 0)
        {
            return;
        }

        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO case_delivery (case_id, bureau_id, case_number, mode, created_at, next_attempt_at)
            SELECT d.case_id, d.bureau_id, d.case_number, d.mode, @now, @now
              FROM unnest(@case_id, @bureau_id, @case_number, @mode) AS d(case_id, bureau_id, case_number, mode)
            ON CONFLICT (case_id, bureau_id) DO NOTHING
            """);
        command.Parameters.AddWithValue("now", now.UtcDateTime);
        command.Parameters.AddWithValue("case_id", deliveries.Select(d => d.CaseId).ToArray());
        command.Parameters.AddWithValue("bureau_id", deliveries.Select(d => d.BureauId).ToArray());
        command.Parameters.AddWithValue("case_number", deliveries.Select(d => d.CaseNumber).ToArray());
        command.Parameters.AddWithValue("mode", deliveries.Select(d => d.Mode).ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<CaseDelivery>> LeaseDueAsync(DateTimeOffset now, TimeSpan lease, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            $"""
            UPDATE case_delivery d SET next_attempt_at = @until
              FROM (SELECT case_id, bureau_id FROM case_delivery
                     WHERE sent_at IS NULL AND next_attempt_at <= @now
                     ORDER BY next_attempt_at LIMIT @limit FOR UPDATE SKIP LOCKED) due
             WHERE d.case_id = due.case_id AND d.bureau_id = due.bureau_id
            RETURNING {string.Join(", ", Columns.Split(", ").Select(c => "d." + c))}
            """);
        command.Parameters.AddWithValue("now", now.UtcDateTime);
        command.Parameters.AddWithValue("until", (now + lease).UtcDateTime);
        command.Parameters.AddWithValue("limit", limit);
        return await ReadAsync(command, cancellationToken);
    }

    public async Task RecordSentAsync(Guid caseId, string bureauId, DateTimeOffset at, string? remoteId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            """
            UPDATE case_delivery SET sent_at = @at, attempts = attempts + 1, last_attempt_at = @at, next_attempt_at = NULL,
                   last_error = NULL, remote_id = coalesce(@remote_id, remote_id)
             WHERE case_id = @case_id AND bureau_id = @bureau_id AND sent_at IS NULL
            """);
        command.Parameters.AddWithValue("at", at.UtcDateTime);
        command.Parameters.AddWithValue("remote_id", (object?)remoteId ?? DBNull.Value);
        command.Parameters.AddWithValue("case_id", caseId);
        command.Parameters.AddWithValue("bureau_id", bureauId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task RecordFailureAsync(Guid caseId, string bureauId, DateTimeOffset at, string error, DateTimeOffset nextAttempt, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            """
            UPDATE case_delivery SET attempts = attempts + 1, last_attempt_at = @at, last_error = @error, next_attempt_at = @next
             WHERE case_id = @case_id AND bureau_id = @bureau_id AND sent_at IS NULL
            """);
        command.Parameters.AddWithValue("at", at.UtcDateTime);
        command.Parameters.AddWithValue("error", error);
        command.Parameters.AddWithValue("next", nextAttempt.UtcDateTime);
        command.Parameters.AddWithValue("case_id", caseId);
        command.Parameters.AddWithValue("bureau_id", bureauId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<CaseDelivery>> ListAsync(bool failingOnly, Guid? caseId, int limit, CancellationToken cancellationToken = default)
    {
        var where = caseId is not null ? "case_id = @case_id" : failingOnly ? "sent_at IS NULL AND attempts > 0" : "true";
        await using var command = dataSource.CreateCommand(
            $"SELECT {Columns} FROM case_delivery WHERE {where} ORDER BY bureau_id, created_at, case_id LIMIT @limit");
        command.Parameters.AddWithValue("limit", limit);
        if (caseId is not null)
        {
            command.Parameters.AddWithValue("case_id", caseId.Value);
        }

        return await ReadAsync(command, cancellationToken);
    }

    public async Task<CaseDelivery?> FindByRemoteIdAsync(string bureauId, string remoteId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM case_delivery WHERE bureau_id = @bureau_id AND remote_id = @remote_id");
        command.Parameters.AddWithValue("bureau_id", bureauId);
        command.Parameters.AddWithValue("remote_id", remoteId);
        return (await ReadAsync(command, cancellationToken)).SingleOrDefault();
    }

    private static async Task<IReadOnlyList<CaseDelivery>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<CaseDelivery>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new CaseDelivery(
                reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), Utc(reader.GetDateTime(4)),
                reader.IsDBNull(5) ? null : Utc(reader.GetDateTime(5)), reader.GetInt32(6), reader.IsDBNull(7) ? null : reader.GetString(7),
                reader.IsDBNull(8) ? null : Utc(reader.GetDateTime(8)), reader.IsDBNull(9) ? null : Utc(reader.GetDateTime(9)),
                reader.IsDBNull(10) ? null : reader.GetString(10)));
        }

        return rows;
    }

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
