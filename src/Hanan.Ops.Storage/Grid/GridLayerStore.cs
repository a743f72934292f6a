using Hanan.Ops.Domain.Geography;
using Hanan.Ops.Domain.Geography.Consolidation;
using Hanan.Ops.Domain.Geography.Layers;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using Npgsql;
using NpgsqlTypes;

namespace Hanan.Ops.Storage.Grid;

/// <summary>What <see cref="GridLayerStore.StoreFirstConsolidationAsync"/> found and did.</summary>
public enum FirstConsolidation
{
    /// <summary>No unified grid was stored: the layers and their consolidation are now.</summary>
    Stored,

    /// <summary>A unified grid was already stored (by another host, or by <c>hanan consolidate</c>): nothing changed.</summary>
    AlreadyStored,

    /// <summary>No unified grid, but departmental layers from another source are stored (an operator's import): nothing changed.</summary>
    OtherLayersStored,
}

/// <summary>A stored departmental layer: who, from where, how many grids, when.</summary>
public sealed record StoredLayer(Department Department, string? Source, int Grids, DateTimeOffset ImportedAt);

/// <summary>A stored unified grid with its load.</summary>
public sealed record StoredUnifiedGrid(
    string Code, string Name, string CommunityCode, string StreetCode, Polygon Boundary, GridLoad Load, double AreaSquareMeters);

/// <summary>The stored unified grid as a map, when it was consolidated, and the units stored without a name (named by code).</summary>
public sealed record StoredUnifiedMap(DistrictMap Map, DateTimeOffset ConsolidatedAt, IReadOnlyList<string> UnnamedUnits);

/// <summary>One row of the crosswalk with the names of the department and of its grid.</summary>
public sealed record CrosswalkLink(
    Department Department, string DepartmentGridCode, string? DepartmentGridName, string UnifiedGridCode, double OverlapSquareMeters, double Fraction);

/// <summary>
/// Departmental grid layers, the unified grid and the crosswalk in PostGIS (tables of schema script 0010).
/// Geometry travels as WKB. An import replaces a department's layer in one transaction, written in chunks; a
/// failure or cancellation anywhere rolls the whole import back, leaving the previous layer as it was. Saving a
/// consolidation likewise replaces the unified grid and crosswalk in one transaction.
/// </summary>
public sealed class GridLayerStore
{
    private readonly string? _connectionString;
    private readonly NpgsqlDataSource? _dataSource;
    private readonly TimeProvider _time;

    /// <summary>A store on its own connections (the CLI, tests).</summary>
    public GridLayerStore(string connectionString, TimeProvider? time = null)
    {
        _connectionString = connectionString;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>A store on a pool the caller owns (the host's read-side pool).</summary>
    public GridLayerStore(NpgsqlDataSource dataSource, TimeProvider? time = null)
    {
        _dataSource = dataSource;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Rows per INSERT statement; small in tests to show that a failure after some chunks leaves nothing.</summary>
    internal int ChunkSize { get; init; } = 250;

    /// <summary>Replaces the department's layer; reports the number of grids written so far.</summary>
    /// <returns>The number of grids stored.</returns>
    public async Task<int> ImportLayerAsync(DepartmentLayer layer, string? source, IProgress<int>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(layer);
        await using var connection = await OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);

        await using (var upsert = new NpgsqlCommand("""
            INSERT INTO grid_department_layer (department, name, source, grid_count, imported_at)
            VALUES (@department, @name, @source, @count, @at)
            ON CONFLICT (department) DO UPDATE
               SET name = EXCLUDED.name, source = EXCLUDED.source, grid_count = EXCLUDED.grid_count, imported_at = EXCLUDED.imported_at
            """, connection, transaction))
        {
            upsert.Parameters.AddWithValue("department", layer.Department.Code);
            upsert.Parameters.AddWithValue("name", layer.Department.Name);
            upsert.Parameters.AddWithValue("source", (object?)source ?? DBNull.Value);
            upsert.Parameters.AddWithValue("count", layer.Grids.Count);
            upsert.Parameters.AddWithValue("at", _time.GetUtcNow());
            await upsert.ExecuteNonQueryAsync(ct);
        }

        await using (var clear = new NpgsqlCommand("DELETE FROM grid_department_grid WHERE department = @department", connection, transaction))
        {
            clear.Parameters.AddWithValue("department", layer.Department.Code);
            await clear.ExecuteNonQueryAsync(ct);
        }

        var writer = new WKBWriter();
        var written = 0;
        foreach (var chunk in layer.Grids.Chunk(ChunkSize))
        {
            ct.ThrowIfCancellationRequested();
            await using var insert = new NpgsqlCommand("""
                INSERT INTO grid_department_grid (department, code, name, boundary)
                SELECT @department, u.code, u.name, ST_Multi(ST_GeomFromWKB(u.wkb, 4326))
                  FROM unnest(@codes, @names, @wkbs) AS u(code, name, wkb)
                """, connection, transaction);
            insert.Parameters.AddWithValue("department", layer.Department.Code);
            insert.Parameters.AddWithValue("codes", chunk.Select(g => g.Code).ToArray());
            insert.Parameters.Add(new NpgsqlParameter("names", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = chunk.Select(g => (object?)g.Name ?? DBNull.Value).ToArray() });
            insert.Parameters.AddWithValue("wkbs", chunk.Select(g => writer.Write(g.Boundary)).ToArray());
            await insert.ExecuteNonQueryAsync(ct);
            written += chunk.Length;
            progress?.Report(written);
        }

        await transaction.CommitAsync(ct);
        return written;
    }

    public async Task<IReadOnlyList<StoredLayer>> ListLayersAsync(CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            "SELECT department, name, source, grid_count, imported_at FROM grid_department_layer ORDER BY department", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var layers = new List<StoredLayer>();
        while (await reader.ReadAsync(ct))
        {
            layers.Add(new StoredLayer(
                new Department(reader.GetString(0), reader.GetString(1)),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.GetInt32(3),
                reader.GetFieldValue<DateTimeOffset>(4)));
        }

        return layers;
    }

    /// <summary>Every stored layer with its grids, ordered by department then code.</summary>
    public async Task<IReadOnlyList<DepartmentLayer>> ReadLayersAsync(CancellationToken ct = default)
    {
        var departments = (await ListLayersAsync(ct)).Select(l => l.Department).ToList();
        await using var connection = await OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            "SELECT department, code, name, ST_AsBinary(boundary) FROM grid_department_grid ORDER BY department, code COLLATE \"C\"", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var wkb = new WKBReader();
        var grids = departments.ToDictionary(d => d.Code, _ => new List<DepartmentGrid>(), StringComparer.Ordinal);
        while (await reader.ReadAsync(ct))
        {
            var geometry = wkb.Read(reader.GetFieldValue<byte[]>(3));
            geometry.SRID = Wgs84.Srid;
            grids[reader.GetString(0)].Add(new DepartmentGrid(reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), geometry));
        }

        return [.. departments.Select(d => new DepartmentLayer(d, grids[d.Code]))];
    }

    /// <summary>Replaces the unified grid and the crosswalk with a consolidation's result.</summary>
    public async Task SaveConsolidationAsync(ConsolidationResult result, IProgress<int>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        await using var connection = await OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var clear = new NpgsqlCommand(
            "DELETE FROM grid_crosswalk; DELETE FROM grid_crosswalk_sliver; DELETE FROM grid_unified; DELETE FROM grid_unified_community; DELETE FROM grid_unified_street;",
            connection, transaction))
        {
            await clear.ExecuteNonQueryAsync(ct);
        }

        // The streets and communities the grids nest in: their names (outlines are the unions of their grids).
        await using (var units = new NpgsqlCommand("""
            INSERT INTO grid_unified_street (code, name) SELECT * FROM unnest(@streetCodes, @streetNames);
            INSERT INTO grid_unified_community (code, name, street_code) SELECT * FROM unnest(@communityCodes, @communityNames, @communityStreets);
            """, connection, transaction))
        {
            units.Parameters.AddWithValue("streetCodes", result.Map.Streets.Select(x => x.Code).ToArray());
            units.Parameters.AddWithValue("streetNames", result.Map.Streets.Select(x => x.Name).ToArray());
            units.Parameters.AddWithValue("communityCodes", result.Map.Communities.Select(x => x.Code).ToArray());
            units.Parameters.AddWithValue("communityNames", result.Map.Communities.Select(x => x.Name).ToArray());
            units.Parameters.AddWithValue("communityStreets", result.Map.Communities.Select(x => x.StreetCode).ToArray());
            await units.ExecuteNonQueryAsync(ct);
        }

        var writer = new WKBWriter();
        var at = _time.GetUtcNow();
        var written = 0;
        foreach (var chunk in result.Map.Grids.Chunk(ChunkSize))
        {
            ct.ThrowIfCancellationRequested();
            await using var insert = new NpgsqlCommand("""
                INSERT INTO grid_unified (code, name, community_code, street_code, boundary, households, people, area_m2, consolidated_at)
                SELECT u.code, u.name, u.community, u.street, ST_GeomFromWKB(u.wkb, 4326), u.households, u.people, u.area, @at
                  FROM unnest(@codes, @names, @communities, @streets, @wkbs, @households, @people, @areas)
                    AS u(code, name, community, street, wkb, households, people, area)
                """, connection, transaction);
            var loads = chunk.Select(g => result.Loads.GetValueOrDefault(g.Code)).ToArray();
            insert.Parameters.AddWithValue("at", at);
            insert.Parameters.AddWithValue("codes", chunk.Select(g => g.Code).ToArray());
            insert.Parameters.AddWithValue("names", chunk.Select(g => g.Name).ToArray());
            insert.Parameters.AddWithValue("communities", chunk.Select(g => g.CommunityCode).ToArray());
            insert.Parameters.AddWithValue("streets", chunk.Select(g => g.StreetCode).ToArray());
            insert.Parameters.AddWithValue("wkbs", chunk.Select(g => writer.Write(g.Boundary)).ToArray());
            insert.Parameters.AddWithValue("households", loads.Select(l => l.Households).ToArray());
            insert.Parameters.AddWithValue("people", loads.Select(l => l.People).ToArray());
            insert.Parameters.AddWithValue("areas", chunk.Select(g => g.AreaSquareMeters).ToArray());
            await insert.ExecuteNonQueryAsync(ct);
            written += chunk.Length;
            progress?.Report(written);
        }

        foreach (var (table, chunk) in result.Crosswalk.Chunk(ChunkSize * 4).Select(c => ("grid_crosswalk", c))
                     .Concat(result.CrosswalkSlivers.Chunk(ChunkSize * 4).Select(c => ("grid_crosswalk_sliver", c))))
        {
            ct.ThrowIfCancellationRequested();
            await using var insert = new NpgsqlCommand($"""
                INSERT INTO {table} (department, department_code, unified_code, overlap_m2, fraction)
                SELECT * FROM unnest(@departments, @codes, @unified, @overlaps, @fractions)
                """, connection, transaction);
            insert.Parameters.AddWithValue("departments", chunk.Select(e => e.DepartmentCode).ToArray());
            insert.Parameters.AddWithValue("codes", chunk.Select(e => e.DepartmentGridCode).ToArray());
            insert.Parameters.AddWithValue("unified", chunk.Select(e => e.UnifiedGridCode).ToArray());
            insert.Parameters.AddWithValue("overlaps", chunk.Select(e => e.OverlapSquareMeters).ToArray());
            insert.Parameters.AddWithValue("fractions", chunk.Select(e => e.Fraction).ToArray());
            await insert.ExecuteNonQueryAsync(ct);
        }

        await transaction.CommitAsync(ct);
    }

    /// <summary>
    /// Stores layers and their consolidation when the database has no unified grid yet, once across every host: under an
    /// advisory lock, and only while no unified grid and no departmental layer of another source is stored. A start
    /// interrupted between the layers and the consolidation is completed by the next one.
    /// </summary>
    /// <param name="consolidate">Computes the consolidation of <paramref name="layers"/>; called only when it is to be stored.</param>
    public async Task<FirstConsolidation> StoreFirstConsolidationAsync(
        IReadOnlyList<DepartmentLayer> layers, string source, Func<ConsolidationResult> consolidate, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(layers);
        ArgumentNullException.ThrowIfNull(consolidate);
        await using var guard = await OpenAsync(ct);
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", guard))
        {
            take.Parameters.AddWithValue("key", FirstConsolidationLockKey);
            await take.ExecuteNonQueryAsync(ct);
        }

        try
        {
            await using var state = new NpgsqlCommand("""
                SELECT EXISTS (SELECT 1 FROM grid_unified),
                       EXISTS (SELECT 1 FROM grid_department_layer WHERE source IS DISTINCT FROM @source)
                """, guard);
            state.Parameters.AddWithValue("source", source);
            bool unified, others;
            await using (var reader = await state.ExecuteReaderAsync(ct))
            {
                await reader.ReadAsync(ct);
                (unified, others) = (reader.GetBoolean(0), reader.GetBoolean(1));
            }

            if (unified || others)
            {
                return unified ? FirstConsolidation.AlreadyStored : FirstConsolidation.OtherLayersStored;
            }

            var result = consolidate();
            foreach (var layer in layers)
            {
                await ImportLayerAsync(layer, source, ct: ct);
            }

            await SaveConsolidationAsync(result, ct: ct);
            return FirstConsolidation.Stored;
        }
        finally
        {
            await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", guard);
            release.Parameters.AddWithValue("key", FirstConsolidationLockKey);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    /// <summary>Advisory lock key of the first consolidation ("HananGrd" in ASCII).</summary>
    private const long FirstConsolidationLockKey = 0x48616E616E477264;

    /// <summary>The stored unified grids, ordered by code.</summary>
    public async Task<IReadOnlyList<StoredUnifiedGrid>> ReadUnifiedAsync(CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = new NpgsqlCommand("""
            SELECT code, name, community_code, street_code, ST_AsBinary(boundary), households, people, area_m2
              FROM grid_unified ORDER BY code
            """, connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var wkb = new WKBReader();
        var grids = new List<StoredUnifiedGrid>();
        while (await reader.ReadAsync(ct))
        {
            var polygon = (Polygon)wkb.Read(reader.GetFieldValue<byte[]>(4));
            polygon.SRID = Wgs84.Srid;
            grids.Add(new StoredUnifiedGrid(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), polygon,
                new GridLoad(reader.GetInt32(5), reader.GetInt32(6)), reader.GetDouble(7)));
        }

        return grids;
    }

    /// <summary>
    /// The stored unified grid as a district map (<see cref="NestedDistrict.FromGrids"/>): streets and communities are
    /// the unions of their grids, named as stored by the consolidation. Null when no unified grid is stored, including
    /// when the schema has not been applied yet.
    /// </summary>
    /// <exception cref="InvalidOperationException">The stored grids do not nest into one polygon per community.</exception>
    /// <exception cref="ArgumentException">The stored grids are inconsistent.</exception>
    public async Task<StoredUnifiedMap?> ReadUnifiedMapAsync(CancellationToken ct = default)
    {
        IReadOnlyList<StoredUnifiedGrid> stored;
        var streetNames = new Dictionary<string, string>(StringComparer.Ordinal);
        var communityNames = new Dictionary<string, string>(StringComparer.Ordinal);
        DateTimeOffset consolidatedAt;
        try
        {
            stored = await ReadUnifiedAsync(ct);
            if (stored.Count == 0)
            {
                return null;
            }

            await using var connection = await OpenAsync(ct);
            await using (var names = new NpgsqlCommand(
                "SELECT true, code, name FROM grid_unified_street UNION ALL SELECT false, code, name FROM grid_unified_community", connection))
            await using (var reader = await names.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    (reader.GetBoolean(0) ? streetNames : communityNames)[reader.GetString(1)] = reader.GetString(2);
                }
            }

            await using var when = new NpgsqlCommand("SELECT max(consolidated_at) FROM grid_unified", connection);
            consolidatedAt = new DateTimeOffset((DateTime)(await when.ExecuteScalarAsync(ct))!, TimeSpan.Zero);
        }

        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return null;
        }

        var grids = stored.Select(g => new Domain.Geography.Grid(g.Code, g.Name, g.CommunityCode, g.StreetCode, g.Boundary)).ToList();
        var map = NestedDistrict.FromGrids(grids, streetNames, communityNames);
        var unnamed = map.Communities.Where(c => !communityNames.ContainsKey(c.Code)).Select(c => c.Code)
            .Concat(map.Streets.Where(s => !streetNames.ContainsKey(s.Code)).Select(s => s.Code))
            .ToList();
        return new StoredUnifiedMap(map, consolidatedAt, unnamed);
    }

    /// <summary>The departmental grids that overlap a unified grid, ordered by department and code.</summary>
    public Task<IReadOnlyList<CrosswalkLink>> CrosswalkOfUnifiedAsync(string unifiedCode, CancellationToken ct = default) =>
        ReadLinksAsync(Crosswalk, "x.unified_code = @a", unifiedCode, null, ByDepartmentGrid, ct);

    /// <summary>The rows the last consolidation dropped as slivers for a unified grid, ordered by department and code.</summary>
    public Task<IReadOnlyList<CrosswalkLink>> SliversOfUnifiedAsync(string unifiedCode, CancellationToken ct = default) =>
        ReadLinksAsync(Slivers, "x.unified_code = @a", unifiedCode, null, ByDepartmentGrid, ct);

    /// <summary>The rows the last consolidation dropped as slivers for a departmental grid, largest share first.</summary>
    public Task<IReadOnlyList<CrosswalkLink>> SliversOfDepartmentGridAsync(string department, string code, CancellationToken ct = default) =>
        ReadLinksAsync(Slivers, "x.department = @a AND x.department_code = @b", department, code, LargestFirst, ct);

    /// <summary>
    /// The unified grids a departmental grid falls in, largest share first; null when the department has no such grid
    /// stored. Empty when the layer was re-imported after the last consolidation (consolidate again).
    /// </summary>
    public async Task<IReadOnlyList<CrosswalkLink>?> CrosswalkOfDepartmentGridAsync(string department, string code, CancellationToken ct = default)
    {
        await using (var connection = await OpenAsync(ct))
        await using (var exists = new NpgsqlCommand("SELECT 1 FROM grid_department_grid WHERE department = @d AND code = @c", connection))
        {
            exists.Parameters.AddWithValue("d", department);
            exists.Parameters.AddWithValue("c", code);
            if (await exists.ExecuteScalarAsync(ct) is null)
            {
                return null;
            }
        }

        return await ReadLinksAsync(Crosswalk, "x.department = @a AND x.department_code = @b", department, code, LargestFirst, ct);
    }

    private const string Crosswalk = "grid_crosswalk";

    private const string Slivers = "grid_crosswalk_sliver";

    private const string ByDepartmentGrid = "x.department, x.department_code COLLATE \"C\"";

    private const string LargestFirst = "x.fraction DESC, x.unified_code";

    private async Task<IReadOnlyList<CrosswalkLink>> ReadLinksAsync(string table, string where, string a, string? b, string orderBy, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = new NpgsqlCommand($"""
            SELECT x.department, l.name, x.department_code, g.name, x.unified_code, x.overlap_m2, x.fraction
              FROM {table} x
              JOIN grid_department_layer l ON l.department = x.department
              JOIN grid_department_grid g ON g.department = x.department AND g.code = x.department_code
             WHERE {where}
             ORDER BY {orderBy}
            """, connection);
        command.Parameters.AddWithValue("a", a);
        command.Parameters.AddWithValue("b", (object?)b ?? DBNull.Value);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var links = new List<CrosswalkLink>();
        while (await reader.ReadAsync(ct))
        {
            links.Add(new CrosswalkLink(
                new Department(reader.GetString(0), reader.GetString(1)), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetString(4), reader.GetDouble(5), reader.GetDouble(6)));
        }

        return links;
    }

    /// <summary>The stored crosswalk, ordered by department, departmental grid and unified grid.</summary>
    public async Task<IReadOnlyList<CrosswalkEntry>> ReadCrosswalkAsync(CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = new NpgsqlCommand("""
            SELECT department, department_code, unified_code, overlap_m2, fraction
              FROM grid_crosswalk ORDER BY department, department_code COLLATE "C", unified_code
            """, connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var entries = new List<CrosswalkEntry>();
        while (await reader.ReadAsync(ct))
        {
            entries.Add(new CrosswalkEntry(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetDouble(3), reader.GetDouble(4)));
        }

        return entries;
    }

    /// <summary>
    /// The unified grid covering a point, in SQL (ST_Covers over the GiST index). Borders are closed: a point on a
    /// shared border or vertex goes to the smallest covering code, exactly like <see cref="DistrictMap.Locate"/>.
    /// </summary>
    public async Task<string?> LocateAsync(double latitude, double longitude, CancellationToken ct = default)
    {
        var point = Wgs84.ToCoordinate(latitude, longitude);
        await using var connection = await OpenAsync(ct);
        await using var command = new NpgsqlCommand("""
            SELECT code FROM grid_unified
             WHERE ST_Covers(boundary, ST_SetSRID(ST_MakePoint(@lon, @lat), 4326))
             ORDER BY code LIMIT 1
            """, connection);
        command.Parameters.AddWithValue("lon", point.X);
        command.Parameters.AddWithValue("lat", point.Y);
        return await command.ExecuteScalarAsync(ct) as string;
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken ct)
    {
        if (_dataSource is not null)
        {
            return await _dataSource.OpenConnectionAsync(ct);
        }

        var connection = new NpgsqlConnection(_connectionString);
        try
        {
            await connection.OpenAsync(ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
