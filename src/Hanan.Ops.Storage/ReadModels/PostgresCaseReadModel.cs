using System.Text;
using Hanan.Ops.Contracts.Appeals;
using Hanan.Ops.Domain.Appeals;
using Npgsql;

namespace Hanan.Ops.Storage.ReadModels;

/// <summary>
/// The case read model in PostgreSQL: table <c>case_summary</c> (schema script 0005). Instants come back in UTC to
/// the microsecond; text search folds case in the application (see <see cref="CaseReadModelRules"/>), so it behaves
/// exactly like <see cref="InMemoryCaseReadModel"/>.
/// </summary>
/// <remarks>
/// Every statement is parameterised: the WHERE clause of a query is put together from fixed fragments only.
/// An upsert is one statement per batch; concurrent writers of the same cases cannot move a row to a lower version.
/// </remarks>
public sealed class PostgresCaseReadModel : ICaseReadModel, IAsyncDisposable, IDisposable
{
    private const string Columns = """
        id, version, number, status, category_code, lead_bureau, assignments::text, grid_code, community_code,
        street_code, ST_Y(location::geometry), ST_X(location::geometry), hot, overdue, channel, description, filed_at,
        resolve_due, resolved_at, closed_at, rating, returns, reopenings, affected_citizens, merged_into, updated_at,
        resolve_warning_at, extension_pending
        """;

    private const string NewestFirst = "ORDER BY filed_at DESC, id DESC";

    // One row per element of the parallel arrays. Bureau lists travel as JSON arrays (one text per case) because
    // PostgreSQL arrays cannot be ragged.
    private const string Upsert = """
        INSERT INTO case_summary AS c
            (id, version, number, status, category_code, lead_bureau, bureaus, assignments, grid_code, community_code,
             street_code, location, hot, overdue, channel, description, filed_at, resolve_due, resolved_at, closed_at,
             rating, returns, reopenings, affected_citizens, merged_into, updated_at, search_number, search_description,
             resolve_warning_at, extension_pending)
        SELECT u.id, u.version, u.number, u.status, u.category_code, u.lead_bureau,
               ARRAY(SELECT jsonb_array_elements_text(u.bureaus::jsonb)), u.assignments::jsonb, u.grid_code,
               u.community_code, u.street_code, ST_SetSRID(ST_MakePoint(u.longitude, u.latitude), 4326)::geography,
               u.hot, u.overdue, u.channel, u.description, u.filed_at, u.resolve_due, u.resolved_at, u.closed_at,
               u.rating, u.returns, u.reopenings, u.affected_citizens, u.merged_into, u.updated_at, u.search_number,
               u.search_description, u.resolve_warning_at, u.extension_pending
          FROM unnest(@id, @version, @number, @status, @category_code, @lead_bureau, @bureaus, @assignments,
                      @grid_code, @community_code, @street_code, @latitude, @longitude, @hot, @overdue, @channel,
                      @description, @filed_at, @resolve_due, @resolved_at, @closed_at, @rating, @returns, @reopenings,
                      @affected_citizens, @merged_into, @updated_at, @search_number, @search_description,
                      @resolve_warning_at, @extension_pending)
            AS u(id, version, number, status, category_code, lead_bureau, bureaus, assignments, grid_code,
                 community_code, street_code, latitude, longitude, hot, overdue, channel, description, filed_at,
                 resolve_due, resolved_at, closed_at, rating, returns, reopenings, affected_citizens, merged_into,
                 updated_at, search_number, search_description, resolve_warning_at, extension_pending)
        ON CONFLICT (id) DO UPDATE
           SET version = EXCLUDED.version,
               number = EXCLUDED.number,
               status = EXCLUDED.status,
               category_code = EXCLUDED.category_code,
               lead_bureau = EXCLUDED.lead_bureau,
               bureaus = EXCLUDED.bureaus,
               assignments = EXCLUDED.assignments,
               grid_code = EXCLUDED.grid_code,
               community_code = EXCLUDED.community_code,
               street_code = EXCLUDED.street_code,
               location = EXCLUDED.location,
               hot = EXCLUDED.hot,
               overdue = EXCLUDED.overdue,
               channel = EXCLUDED.channel,
               description = EXCLUDED.description,
               filed_at = EXCLUDED.filed_at,
               resolve_due = EXCLUDED.resolve_due,
               resolved_at = EXCLUDED.resolved_at,
               closed_at = EXCLUDED.closed_at,
               rating = EXCLUDED.rating,
               returns = EXCLUDED.returns,
               reopenings = EXCLUDED.reopenings,
               affected_citizens = EXCLUDED.affected_citizens,
               merged_into = EXCLUDED.merged_into,
               updated_at = EXCLUDED.updated_at,
               search_number = EXCLUDED.search_number,
               search_description = EXCLUDED.search_description,
               resolve_warning_at = EXCLUDED.resolve_warning_at,
               extension_pending = EXCLUDED.extension_pending
         WHERE c.version < EXCLUDED.version
        """;

    private readonly NpgsqlDataSource dataSource;
    private readonly bool ownsDataSource;

    /// <summary>Uses <paramref name="dataSource"/>, which stays the caller's to dispose.</summary>
    public PostgresCaseReadModel(NpgsqlDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        this.dataSource = dataSource;
    }

    /// <summary>Opens its own data source on <paramref name="connectionString"/>, disposed with this read model.</summary>
    public PostgresCaseReadModel(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        dataSource = NpgsqlDataSource.Create(connectionString);
        ownsDataSource = true;
    }

    public async Task UpsertAsync(IReadOnlyList<CaseSummary> summaries, CancellationToken cancellationToken = default)
    {
        await using var command = UpsertCommand(summaries);
        if (command is null)
        {
            return;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        command.Connection = connection;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// The version-guarded upsert of <paramref name="summaries"/> as one command without a connection (the case store
    /// runs it inside its commit), or null when there is nothing to write.
    /// </summary>
    /// <exception cref="ArgumentException">A summary cannot be stored (see <see cref="CaseReadModelRules.PrepareBatch"/>).</exception>
    internal static NpgsqlCommand? UpsertCommand(IReadOnlyList<CaseSummary> summaries)
    {
        var batch = CaseReadModelRules.PrepareBatch(summaries);
        if (batch.Count == 0)
        {
            return null;
        }

        var command = new NpgsqlCommand(Upsert);
        void Column<T>(string name, Func<CaseSummary, T> value) =>
            command.Parameters.Add(new NpgsqlParameter<T[]>(name, [.. batch.Select(value)]));

        Column("id", s => s.Id);
        Column("version", s => s.Version);
        Column("number", s => s.Number);
        Column("status", s => s.Status.ToString());
        Column("category_code", s => s.CategoryCode);
        Column("lead_bureau", s => s.LeadBureau);
        Column("bureaus", s => System.Text.Json.JsonSerializer.Serialize(CaseReadModelRules.Bureaus(s)));
        Column("assignments", s => AssignmentsJson.Write(s.Assignments));
        Column("grid_code", s => s.GridCode);
        Column("community_code", s => s.CommunityCode);
        Column("street_code", s => s.StreetCode);
        Column("latitude", s => s.Latitude);
        Column("longitude", s => s.Longitude);
        Column("hot", s => s.Hot);
        Column("overdue", s => s.Overdue);
        Column("channel", s => s.Channel);
        Column("description", s => s.Description);
        Column("filed_at", s => s.FiledAt);
        Column("resolve_due", s => s.ResolveDue);
        Column("resolved_at", s => s.ResolvedAt);
        Column("closed_at", s => s.ClosedAt);
        Column("rating", s => s.Rating);
        Column("returns", s => s.Returns);
        Column("reopenings", s => s.Reopenings);
        Column("affected_citizens", s => s.AffectedCitizens);
        Column("merged_into", s => s.MergedInto);
        Column("updated_at", s => s.UpdatedAt);
        Column("search_number", s => CaseReadModelRules.Fold(s.Number));
        Column("search_description", s => CaseReadModelRules.Fold(s.Description));
        Column("resolve_warning_at", s => s.ResolveWarningAt);
        Column("extension_pending", s => s.ExtensionPending);
        return command;
    }

    public async Task<CaseSummary?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM case_summary WHERE id = @id");
        command.Parameters.Add(new NpgsqlParameter<Guid>("id", id));
        var found = await ReadAsync(command, cancellationToken);
        return found.Count == 0 ? null : found[0];
    }

    public async Task<CasePage> QueryAsync(CaseQuery query, CancellationToken cancellationToken = default)
    {
        var filter = CaseReadModelRules.Prepare(query);
        await using var command = dataSource.CreateCommand();
        var conditions = new List<string>();
        void Where<T>(string condition, string name, T value)
        {
            conditions.Add(condition);
            command.Parameters.Add(new NpgsqlParameter<T>(name, value));
        }

        if (filter.Statuses is { } statuses)
        {
            Where("status = ANY(@statuses)", "statuses", statuses.ToArray());
        }

        if (filter.Bureau is { } bureau)
        {
            Where("bureaus @> @bureau", "bureau", new[] { bureau });
        }

        if (filter.OpenFor is { } openFor)
        {
            // jsonb containment: some element of the assignments array is this bureau's, still open.
            Where("assignments @> CAST(@open_for AS jsonb)", "open_for",
                System.Text.Json.JsonSerializer.Serialize(new[] { new Dictionary<string, string> { ["bureau"] = openFor, ["status"] = nameof(AssignmentStatus.Open) } }));
        }

        if (filter.GridCode is { } grid)
        {
            Where("grid_code = @grid_code", "grid_code", grid);
        }

        if (filter.StreetCode is { } street)
        {
            Where("street_code = @street_code", "street_code", street);
        }

        if (filter.CategoryCode is { } category)
        {
            Where("category_code = @category_code", "category_code", category);
        }

        if (filter.CategoryCodes is { } categories)
        {
            Where("category_code = ANY(@category_codes)", "category_codes", categories.ToArray());
        }

        if (filter.UpdatedFrom is { } updatedFrom)
        {
            Where("updated_at >= @updated_from", "updated_from", updatedFrom);
        }

        if (filter.UpdatedTo is { } updatedTo)
        {
            Where("updated_at < @updated_to", "updated_to", updatedTo);
        }

        if (filter.Hot is { } hot)
        {
            // Literal conditions, so that the planner can use the partial indexes (WHERE hot, WHERE overdue).
            conditions.Add(hot ? "hot" : "NOT hot");
        }

        if (filter.Overdue is { } overdue)
        {
            conditions.Add(overdue ? "overdue" : "NOT overdue");
        }

        if (filter.ExtensionPending is { } pending)
        {
            conditions.Add(pending ? "extension_pending" : "NOT extension_pending");
        }

        if (filter.ResolvedFrom is { } resolvedFrom)
        {
            Where("resolved_at >= @resolved_from", "resolved_from", resolvedFrom);
        }

        if (filter.FiledFrom is { } from)
        {
            Where("filed_at >= @filed_from", "filed_from", from);
        }

        if (filter.FiledTo is { } to)
        {
            Where("filed_at < @filed_to", "filed_to", to);
        }

        if (filter.FoldedText is { } text)
        {
            Where(
                @"(search_number LIKE @text ESCAPE '\' OR search_description LIKE @text ESCAPE '\')",
                "text",
                "%" + EscapeLike(text) + "%");
        }

        if (filter.After is { } after)
        {
            conditions.Add("(filed_at, id) < (@after_filed_at, @after_id)");
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("after_filed_at", after.FiledAt));
            command.Parameters.Add(new NpgsqlParameter<Guid>("after_id", after.Id));
        }

        // One row more than asked for tells whether there is a next page.
        command.Parameters.Add(new NpgsqlParameter<int>("limit", filter.Limit + 1));
        var sql = new StringBuilder($"SELECT {Columns} FROM case_summary");
        if (conditions.Count > 0)
        {
            sql.Append(" WHERE ").AppendJoin(" AND ", conditions);
        }

        command.CommandText = sql.Append(' ').Append(NewestFirst).Append(" LIMIT @limit").ToString();
        var rows = await ReadAsync(command, cancellationToken);
        if (rows.Count <= filter.Limit)
        {
            return new CasePage(rows, null);
        }

        rows.RemoveAt(rows.Count - 1);
        return new CasePage(rows, CaseCursor.Of(rows[^1]).Encode());
    }

    public async Task<IReadOnlyList<CaseSummary>> FiledBetweenAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {Columns} FROM case_summary WHERE filed_at >= @from AND filed_at < @to {NewestFirst}");
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("from", CaseReadModelRules.Normalise(from)));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("to", CaseReadModelRules.Normalise(to)));
        return await ReadAsync(command, cancellationToken);
    }

    public ValueTask DisposeAsync() => ownsDataSource ? dataSource.DisposeAsync() : ValueTask.CompletedTask;

    public void Dispose()
    {
        if (ownsDataSource)
        {
            dataSource.Dispose();
        }
    }

    /// <summary>Escapes LIKE's wildcards (<c>%</c>, <c>_</c>) and its escape character (<c>\</c>) so the text matches only itself.</summary>
    internal static string EscapeLike(string text) =>
        text.Replace(@"\", @"\\", StringComparison.Ordinal)
            .Replace("%", @"\%", StringComparison.Ordinal)
            .Replace("_", @"\_", StringComparison.Ordinal);

    private static async Task<List<CaseSummary>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var rows = new List<CaseSummary>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(Map(reader));
        }

        return rows;
    }

    // Columns in the order of the Columns constant.
    private static CaseSummary Map(NpgsqlDataReader r)
    {
        T? Nullable<T>(int ordinal)
            where T : struct => r.IsDBNull(ordinal) ? null : r.GetFieldValue<T>(ordinal);

        return new CaseSummary(
            Id: r.GetGuid(0),
            Number: r.GetString(2),
            Version: r.GetInt64(1),
            Status: Enum.Parse<CaseStatus>(r.GetString(3)),
            CategoryCode: r.GetString(4),
            LeadBureau: r.GetString(5),
            Assignments: AssignmentsJson.Read(r.GetString(6)),
            GridCode: r.GetString(7),
            CommunityCode: r.GetString(8),
            StreetCode: r.GetString(9),
            Latitude: r.GetDouble(10),
            Longitude: r.GetDouble(11),
            Hot: r.GetBoolean(12),
            Overdue: r.GetBoolean(13),
            Channel: r.GetString(14),
            Description: r.GetString(15),
            FiledAt: r.GetFieldValue<DateTimeOffset>(16),
            ResolveDue: r.GetFieldValue<DateTimeOffset>(17),
            ResolvedAt: Nullable<DateTimeOffset>(18),
            ClosedAt: Nullable<DateTimeOffset>(19),
            Rating: Nullable<int>(20),
            Returns: r.GetInt32(21),
            Reopenings: r.GetInt32(22),
            AffectedCitizens: r.GetInt32(23),
            MergedInto: Nullable<Guid>(24),
            UpdatedAt: r.GetFieldValue<DateTimeOffset>(25),
            ResolveWarningAt: Nullable<DateTimeOffset>(26),
            ExtensionPending: r.GetBoolean(27));
    }
}
