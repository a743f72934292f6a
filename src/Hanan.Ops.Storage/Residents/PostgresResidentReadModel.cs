using System.Text;
using Hanan.Ops.Contracts.Residents;
using Hanan.Ops.Domain.Identity;
using Hanan.Ops.Domain.Population;
using Npgsql;
using NpgsqlTypes;

namespace Hanan.Ops.Storage.Residents;

/// <summary>
/// The base-data read model in PostgreSQL with PostGIS (schema script 0020): tables <c>resident</c>, <c>place</c>,
/// <c>urban_component</c>, <c>legal_person</c> and the view <c>household</c>. Writes go through binary COPY into a
/// temporary table and one set-based upsert, so seeding 190,000 residents takes seconds; residents keep the highest
/// version. Behaves like <see cref="InMemoryResidentReadModel"/> (one contract test suite).
/// </summary>
public sealed class PostgresResidentReadModel : IResidentReadModel, IAsyncDisposable, IDisposable
{
    private const string ResidentColumns = """
        id, id_lookup, id_sealed, id_masked, name, sex, birth_date, building_id, unit, room, registration, tags,
        phone_sealed, phone_masked, ST_X(location), ST_Y(location), version, updated_at
        """;

    private const string ResidentLoadTable = """
        CREATE TEMP TABLE IF NOT EXISTS resident_load
            (id uuid, id_lookup text, id_sealed bytea, id_masked text, name text, sex text, birth_date date,
             building_id text, unit integer, room integer, household_id text, grid_code text, registration text,
             tags integer, phone_sealed bytea, phone_masked text, longitude double precision, latitude double precision,
             version bigint, updated_at timestamptz) ON COMMIT DELETE ROWS
        """;

    private const string ResidentMerge = """
        INSERT INTO resident AS r
            (id, id_lookup, id_sealed, id_masked, name, sex, birth_date, building_id, unit, room, household_id, grid_code,
             registration, tags, phone_sealed, phone_masked, location, version, updated_at)
        SELECT id, id_lookup, id_sealed, id_masked, name, sex, birth_date, building_id, unit, room, household_id, grid_code,
               registration, tags, phone_sealed, phone_masked, ST_SetSRID(ST_MakePoint(longitude, latitude), 4326), version,
               updated_at
          FROM resident_load
        ON CONFLICT (id) DO UPDATE
           SET id_lookup = EXCLUDED.id_lookup, id_sealed = EXCLUDED.id_sealed, id_masked = EXCLUDED.id_masked,
               name = EXCLUDED.name, sex = EXCLUDED.sex, birth_date = EXCLUDED.birth_date,
               building_id = EXCLUDED.building_id, unit = EXCLUDED.unit, room = EXCLUDED.room,
               household_id = EXCLUDED.household_id, grid_code = EXCLUDED.grid_code, registration = EXCLUDED.registration,
               tags = EXCLUDED.tags, phone_sealed = EXCLUDED.phone_sealed, phone_masked = EXCLUDED.phone_masked,
               location = EXCLUDED.location, version = EXCLUDED.version, updated_at = EXCLUDED.updated_at
         WHERE r.version < EXCLUDED.version
        """;

    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;

    public PostgresResidentReadModel(NpgsqlDataSource dataSource) => _dataSource = dataSource;

    public PostgresResidentReadModel(string connectionString)
    {
        _dataSource = NpgsqlDataSource.Create(connectionString);
        _ownsDataSource = true;
    }

    public async Task UpsertResidentsAsync(IReadOnlyList<ResidentRecord> residents, CancellationToken cancellationToken = default)
    {
        ResidentReadModelRules.CheckRecords(residents);
        // One row per id (the newest), or the merge would touch a row twice.
        var newest = residents.GroupBy(r => r.Id).Select(g => g.MaxBy(r => r.Version)!).ToList();
        await LoadAsync(ResidentLoadTable,
            "COPY resident_load (id, id_lookup, id_sealed, id_masked, name, sex, birth_date, building_id, unit, room, household_id, grid_code, registration, tags, phone_sealed, phone_masked, longitude, latitude, version, updated_at) FROM STDIN (FORMAT BINARY)",
            newest,
            async (w, r, ct) =>
            {
                await w.WriteAsync(r.Id, NpgsqlDbType.Uuid, ct);
                await w.WriteAsync(r.IdLookup, NpgsqlDbType.Text, ct);
                await w.WriteAsync(r.SealedId, NpgsqlDbType.Bytea, ct);
                await w.WriteAsync(r.IdMasked, NpgsqlDbType.Text, ct);
                await w.WriteAsync(r.Name, NpgsqlDbType.Text, ct);
                await w.WriteAsync(r.Sex.ToString(), NpgsqlDbType.Text, ct);
                await w.WriteAsync(r.BirthDate, NpgsqlDbType.Date, ct);
                await w.WriteAsync(r.BuildingId, NpgsqlDbType.Text, ct);
                await w.WriteAsync(r.Unit, NpgsqlDbType.Integer, ct);
                await w.WriteAsync(r.Room, NpgsqlDbType.Integer, ct);
                await w.WriteAsync(r.HouseholdId, NpgsqlDbType.Text, ct);
                await w.WriteAsync(r.GridCode, NpgsqlDbType.Text, ct);
                await w.WriteAsync(r.Registration.ToString(), NpgsqlDbType.Text, ct);
                await w.WriteAsync((int)r.Tags, NpgsqlDbType.Integer, ct);
                await WriteNullableAsync(w, r.SealedPhone, NpgsqlDbType.Bytea, ct);
                await WriteNullableAsync(w, r.PhoneMasked, NpgsqlDbType.Text, ct);
                await w.WriteAsync(r.Longitude, NpgsqlDbType.Double, ct);
                await w.WriteAsync(r.Latitude, NpgsqlDbType.Double, ct);
                await w.WriteAsync(r.Version, NpgsqlDbType.Bigint, ct);
                await w.WriteAsync(r.UpdatedAt.ToUniversalTime(), NpgsqlDbType.TimestampTz, ct);
            },
            ResidentMerge,
            cancellationToken);
    }

    public Task<ResidentRecord?> GetResidentAsync(Guid id, CancellationToken cancellationToken = default) =>
        SingleAsync($"SELECT {ResidentColumns} FROM resident WHERE id = @p", id, ReadResident, cancellationToken);

    public Task<ResidentRecord?> FindByLookupAsync(string idLookup, CancellationToken cancellationToken = default) =>
        SingleAsync($"SELECT {ResidentColumns} FROM resident WHERE id_lookup = @p", idLookup, ReadResident, cancellationToken);

    public async Task<ResidentPage> SearchAsync(ResidentSearch search, CancellationToken cancellationToken = default)
    {
        ResidentReadModelRules.CheckSearch(search);
        await using var command = _dataSource.CreateCommand();
        var where = new List<string>();
        if (search.NamePrefix is not null)
        {
            where.Add(@"name LIKE @prefix ESCAPE '\'");
            command.Parameters.AddWithValue("prefix", EscapeLike(search.NamePrefix) + "%");
        }

        if (search.GridCode is not null)
        {
            where.Add("grid_code = @grid");
            command.Parameters.AddWithValue("grid", search.GridCode);
        }

        if (search.Tags != ResidentTags.None)
        {
            where.Add("tags & @tags = @tags");
            command.Parameters.AddWithValue("tags", (int)search.Tags);
        }

        if (search.After is { } after)
        {
            where.Add("id > @after");
            command.Parameters.AddWithValue("after", after);
        }

        var sql = new StringBuilder($"SELECT {ResidentColumns} FROM resident");
        if (where.Count > 0)
        {
            sql.Append(" WHERE ").AppendJoin(" AND ", where);
        }

        sql.Append(" ORDER BY id LIMIT @limit");
        command.Parameters.AddWithValue("limit", search.Limit + 1);
        command.CommandText = sql.ToString();
        var rows = new List<ResidentRecord>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(ReadResident(reader));
            }
        }

        var more = rows.Count > search.Limit;
        if (more)
        {
            rows.RemoveAt(rows.Count - 1);
        }

        return new ResidentPage(rows, more ? rows[^1].Id : null);
    }

    public async Task<IReadOnlyList<ResidentFacts>> ResidentsInGridAsync(string gridCode, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand("SELECT id, household_id, registration, tags FROM resident WHERE grid_code = @p");
        command.Parameters.AddWithValue("p", gridCode);
        var facts = new List<ResidentFacts>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            facts.Add(new ResidentFacts(reader.GetGuid(0), reader.GetString(1), Enum.Parse<Registration>(reader.GetString(2)), (ResidentTags)reader.GetInt32(3)));
        }

        return facts;
    }

    public Task UpsertPlacesAsync(IReadOnlyList<Place> places, CancellationToken cancellationToken = default) =>
        LoadAsync(
            "CREATE TEMP TABLE IF NOT EXISTS place_load (id text, kind text, name text, grid_code text, longitude double precision, latitude double precision, units integer, floors integer, rooms_per_floor integer) ON COMMIT DELETE ROWS",
            "COPY place_load (id, kind, name, grid_code, longitude, latitude, units, floors, rooms_per_floor) FROM STDIN (FORMAT BINARY)",
            Distinct(places, p => p.Id),
            async (w, p, ct) =>
            {
                await w.WriteAsync(p.Id, NpgsqlDbType.Text, ct);
                await w.WriteAsync(p.Kind.ToString(), NpgsqlDbType.Text, ct);
                await w.WriteAsync(p.Name, NpgsqlDbType.Text, ct);
                await w.WriteAsync(p.GridCode, NpgsqlDbType.Text, ct);
                await w.WriteAsync(p.Longitude, NpgsqlDbType.Double, ct);
                await w.WriteAsync(p.Latitude, NpgsqlDbType.Double, ct);
                await w.WriteAsync(p.Units, NpgsqlDbType.Integer, ct);
                await w.WriteAsync(p.Floors, NpgsqlDbType.Integer, ct);
                await w.WriteAsync(p.RoomsPerFloor, NpgsqlDbType.Integer, ct);
            },
            """
            INSERT INTO place (id, kind, name, grid_code, location, units, floors, rooms_per_floor)
            SELECT id, kind, name, grid_code, ST_SetSRID(ST_MakePoint(longitude, latitude), 4326), units, floors, rooms_per_floor FROM place_load
            ON CONFLICT (id) DO UPDATE SET kind = EXCLUDED.kind, name = EXCLUDED.name, grid_code = EXCLUDED.grid_code,
                location = EXCLUDED.location, units = EXCLUDED.units, floors = EXCLUDED.floors, rooms_per_floor = EXCLUDED.rooms_per_floor
            """,
            cancellationToken);

    public Task UpsertComponentsAsync(IReadOnlyList<Component> components, CancellationToken cancellationToken = default) =>
        LoadAsync(
            "CREATE TEMP TABLE IF NOT EXISTS component_load (id text, class text, kind text, grid_code text, longitude double precision, latitude double precision) ON COMMIT DELETE ROWS",
            "COPY component_load (id, class, kind, grid_code, longitude, latitude) FROM STDIN (FORMAT BINARY)",
            Distinct(components, c => c.Id),
            async (w, c, ct) =>
            {
                await w.WriteAsync(c.Id, NpgsqlDbType.Text, ct);
                await w.WriteAsync(c.Class.ToString(), NpgsqlDbType.Text, ct);
                await w.WriteAsync(c.Kind, NpgsqlDbType.Text, ct);
                await w.WriteAsync(c.GridCode, NpgsqlDbType.Text, ct);
                await w.WriteAsync(c.Longitude, NpgsqlDbType.Double, ct);
                await w.WriteAsync(c.Latitude, NpgsqlDbType.Double, ct);
            },
            """
            INSERT INTO urban_component (id, class, kind, grid_code, location)
            SELECT id, class, kind, grid_code, ST_SetSRID(ST_MakePoint(longitude, latitude), 4326) FROM component_load
            ON CONFLICT (id) DO UPDATE SET class = EXCLUDED.class, kind = EXCLUDED.kind, grid_code = EXCLUDED.grid_code, location = EXCLUDED.location
            """,
            cancellationToken);

    public Task UpsertLegalPersonsAsync(IReadOnlyList<LegalPerson> legalPersons, CancellationToken cancellationToken = default) =>
        LoadAsync(
            "CREATE TEMP TABLE IF NOT EXISTS legal_person_load (credit_code text, name text, grid_code text, place_id text, longitude double precision, latitude double precision) ON COMMIT DELETE ROWS",
            "COPY legal_person_load (credit_code, name, grid_code, place_id, longitude, latitude) FROM STDIN (FORMAT BINARY)",
            Distinct(legalPersons, l => l.Code.Value),
            async (w, l, ct) =>
            {
                await w.WriteAsync(l.Code.Value, NpgsqlDbType.Text, ct);
                await w.WriteAsync(l.Name, NpgsqlDbType.Text, ct);
                await w.WriteAsync(l.GridCode, NpgsqlDbType.Text, ct);
                await WriteNullableAsync(w, l.PlaceId, NpgsqlDbType.Text, ct);
                await w.WriteAsync(l.Longitude, NpgsqlDbType.Double, ct);
                await w.WriteAsync(l.Latitude, NpgsqlDbType.Double, ct);
            },
            """
            INSERT INTO legal_person (credit_code, name, grid_code, place_id, location)
            SELECT credit_code, name, grid_code, place_id, ST_SetSRID(ST_MakePoint(longitude, latitude), 4326) FROM legal_person_load
            ON CONFLICT (credit_code) DO UPDATE SET name = EXCLUDED.name, grid_code = EXCLUDED.grid_code, place_id = EXCLUDED.place_id, location = EXCLUDED.location
            """,
            cancellationToken);

    public Task<Place?> GetPlaceAsync(string id, CancellationToken cancellationToken = default) =>
        SingleAsync("SELECT id, kind, name, grid_code, ST_X(location), ST_Y(location), units, floors, rooms_per_floor FROM place WHERE id = @p", id,
            r => new Place(r.GetString(0), Enum.Parse<PlaceKind>(r.GetString(1)), r.GetString(2), r.GetString(3), r.GetDouble(4), r.GetDouble(5),
                r.GetInt32(6), r.GetInt32(7), r.GetInt32(8)),
            cancellationToken);

    public Task<LegalPerson?> GetLegalPersonAsync(string creditCode, CancellationToken cancellationToken = default) =>
        SingleAsync("SELECT credit_code, name, grid_code, ST_X(location), ST_Y(location), place_id FROM legal_person WHERE credit_code = @p", creditCode,
            r => new LegalPerson(UnifiedSocialCreditCode.Parse(r.GetString(0)), r.GetString(1), r.GetString(2), r.GetDouble(3), r.GetDouble(4),
                r.IsDBNull(5) ? null : r.GetString(5)),
            cancellationToken);

    public async Task<GridBaseCounts> GridBaseCountsAsync(string gridCode, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand("""
            SELECT (SELECT count(*) FROM place WHERE grid_code = @p)::integer,
                   (SELECT count(*) FROM urban_component WHERE grid_code = @p)::integer,
                   (SELECT count(*) FROM legal_person WHERE grid_code = @p)::integer
            """);
        command.Parameters.AddWithValue("p", gridCode);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new GridBaseCounts(reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2));
    }

    public async Task<GridStatistics> GridStatisticsAsync(string gridCode, DateOnly today, CancellationToken cancellationToken = default)
    {
        var people = new List<(Sex Sex, DateOnly Birth, string Household, Registration Registration, ResidentTags Tags)>();
        var placeKinds = new List<string>();
        var componentClasses = new List<string>();
        var organisationKinds = new List<string>();
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("SELECT sex, birth_date, household_id, registration, tags FROM resident WHERE grid_code = $1") { Parameters = { new() { Value = gridCode } } },
                new NpgsqlBatchCommand("SELECT kind FROM place WHERE grid_code = $1") { Parameters = { new() { Value = gridCode } } },
                new NpgsqlBatchCommand("SELECT class FROM urban_component WHERE grid_code = $1") { Parameters = { new() { Value = gridCode } } },
                new NpgsqlBatchCommand("SELECT credit_code FROM legal_person WHERE grid_code = $1") { Parameters = { new() { Value = gridCode } } },
            },
        };
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                people.Add((Enum.Parse<Sex>(reader.GetString(0)), reader.GetFieldValue<DateOnly>(1), reader.GetString(2),
                    Enum.Parse<Registration>(reader.GetString(3)), (ResidentTags)reader.GetInt32(4)));
            }

            foreach (var target in (List<string>[])[placeKinds, componentClasses, organisationKinds])
            {
                await reader.NextResultAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    target.Add(reader.GetString(0));
                }
            }
        }

        return new GridStatistics(
            gridCode,
            people.Count,
            people.Select(p => p.Household).Distinct(StringComparer.Ordinal).Count(),
            people.Count(p => p.Sex == Sex.Male),
            people.Count(p => p.Sex == Sex.Female),
            ResidentReadModelRules.Counts(ResidentReadModelRules.AgeBands.Select(b => b.Name), people.Select(p => ResidentReadModelRules.AgeBand(p.Birth, today))),
            ResidentReadModelRules.Counts(ResidentTagRules.AllNames, people.SelectMany(p => ResidentTagRules.ToNames(p.Tags))),
            people.Count(p => p.Registration == Registration.Registered),
            people.Count(p => p.Registration == Registration.Floating),
            ResidentReadModelRules.Counts(ResidentReadModelRules.PlaceKinds, placeKinds),
            ResidentReadModelRules.Counts(ResidentReadModelRules.ComponentClasses, componentClasses),
            ResidentReadModelRules.Counts(ResidentReadModelRules.OrganisationKinds, organisationKinds.Select(c => new LegalPerson(UnifiedSocialCreditCode.Parse(c), "", gridCode, 0, 0, null).KindName)));
    }

    public async Task<long> CountResidentsAsync(CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand("SELECT count(*) FROM resident");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public ValueTask DisposeAsync() => _ownsDataSource ? _dataSource.DisposeAsync() : ValueTask.CompletedTask;

    public void Dispose()
    {
        if (_ownsDataSource)
        {
            _dataSource.Dispose();
        }
    }

    private static ResidentRecord ReadResident(NpgsqlDataReader r) => new(
        r.GetGuid(0), r.GetString(1), r.GetFieldValue<byte[]>(2), r.GetString(3), r.GetString(4), Enum.Parse<Sex>(r.GetString(5)),
        r.GetFieldValue<DateOnly>(6), r.GetString(7), r.GetInt32(8), r.GetInt32(9), Enum.Parse<Registration>(r.GetString(10)),
        (ResidentTags)r.GetInt32(11), r.IsDBNull(12) ? null : r.GetFieldValue<byte[]>(12), r.IsDBNull(13) ? null : r.GetString(13),
        r.GetDouble(14), r.GetDouble(15), r.GetInt64(16), r.GetFieldValue<DateTimeOffset>(17));

    private async Task<T?> SingleAsync<T, TKey>(string sql, TKey key, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken)
        where T : class
    {
        await using var command = _dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("p", key!);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? read(reader) : null;
    }

    /// <summary>Binary COPY of the rows into a session-local load table, then one set-based merge, in one transaction.</summary>
    private async Task LoadAsync<T>(string createLoadTable, string copy, IReadOnlyList<T> rows,
        Func<NpgsqlBinaryImporter, T, CancellationToken, Task> writeRow, string merge, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var create = new NpgsqlCommand(createLoadTable, connection, transaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var importer = await connection.BeginBinaryImportAsync(copy, cancellationToken))
        {
            foreach (var row in rows)
            {
                await importer.StartRowAsync(cancellationToken);
                await writeRow(importer, row, cancellationToken);
            }

            await importer.CompleteAsync(cancellationToken);
        }

        await using (var command = new NpgsqlCommand(merge, connection, transaction))
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task WriteNullableAsync<T>(NpgsqlBinaryImporter writer, T? value, NpgsqlDbType type, CancellationToken cancellationToken)
        where T : class
    {
        if (value is null)
        {
            await writer.WriteNullAsync(cancellationToken);
        }
        else
        {
            await writer.WriteAsync(value, type, cancellationToken);
        }
    }

    private static List<T> Distinct<T>(IReadOnlyList<T> items, Func<T, string> key)
    {
        ArgumentNullException.ThrowIfNull(items);
        return [.. items.GroupBy(key, StringComparer.Ordinal).Select(g => g.Last())];
    }

    private static string EscapeLike(string text) =>
        text.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);
}
