using Hanan.Ops.Domain.Cameras;
using Npgsql;

namespace Hanan.Ops.Storage.Cameras;

/// <summary>
/// Plate reads and face events in PostgreSQL (schema script 0030). One statement per batch; repeats are skipped by
/// the primary key (natural key) and the unique event id. Instants come back in UTC.
/// </summary>
public sealed class PostgresSightingStore : ISightingStore, IAsyncDisposable, IDisposable
{
    private const string ReadColumns = "r.event_id, r.camera_id, r.at, r.plate, r.colour, r.confidence, r.latitude, r.longitude, r.fuzzy, r.vehicle_type, r.direction, r.snapshot_ref";

    private const string InsertReads = """
        INSERT INTO camera_plate_read
            (read_key, event_id, camera_id, at, plate, colour, confidence, latitude, longitude, fuzzy, vehicle_type, direction, snapshot_ref)
        SELECT * FROM unnest(@read_key, @event_id, @camera_id, @at, @plate, @colour, @confidence, @latitude, @longitude, @fuzzy,
                             @vehicle_type, @direction, @snapshot_ref)
        ON CONFLICT DO NOTHING
        RETURNING read_key
        """;

    private const string InsertFaces = """
        INSERT INTO camera_face_event
            (face_key, event_id, camera_id, at, confidence, person_ref, feature_id, latitude, longitude, snapshot_ref)
        SELECT * FROM unnest(@face_key, @event_id, @camera_id, @at, @confidence, @person_ref, @feature_id, @latitude, @longitude, @snapshot_ref)
        ON CONFLICT DO NOTHING
        RETURNING face_key
        """;

    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;

    public PostgresSightingStore(NpgsqlDataSource dataSource) => _dataSource = dataSource;

    public PostgresSightingStore(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        _dataSource = NpgsqlDataSource.Create(connectionString);
        _ownsDataSource = true;
    }

    public async Task<IReadOnlyList<bool>> AppendReadsAsync(IReadOnlyList<PlateSighting> reads, CancellationToken cancellationToken = default)
    {
        if (reads.Count == 0)
        {
            return [];
        }

        await using var command = _dataSource.CreateCommand(InsertReads);
        void Column<T>(string name, Func<PlateSighting, T> value) => command.Parameters.Add(new NpgsqlParameter<T[]>(name, [.. reads.Select(value)]));
        Column("read_key", SightingKeys.Of);
        Column("event_id", r => string.IsNullOrEmpty(r.EventId) ? null : r.EventId);
        Column("camera_id", r => r.CameraId);
        Column("at", r => r.At.ToUniversalTime());
        Column("plate", r => r.Plate);
        Column("colour", r => r.Colour.ToString());
        Column("confidence", r => r.Confidence);
        Column("latitude", r => r.Latitude);
        Column("longitude", r => r.Longitude);
        Column("fuzzy", r => r.Fuzzy);
        Column("vehicle_type", r => r.VehicleType);
        Column("direction", r => r.Direction);
        Column("snapshot_ref", r => r.SnapshotRef);
        return await Inserted(command, reads.Select(SightingKeys.Of).ToList(), cancellationToken);
    }

    public async Task<IReadOnlyList<bool>> AppendFacesAsync(IReadOnlyList<FaceEvent> faces, CancellationToken cancellationToken = default)
    {
        if (faces.Count == 0)
        {
            return [];
        }

        await using var command = _dataSource.CreateCommand(InsertFaces);
        void Column<T>(string name, Func<FaceEvent, T> value) => command.Parameters.Add(new NpgsqlParameter<T[]>(name, [.. faces.Select(value)]));
        Column("face_key", SightingKeys.Of);
        Column("event_id", f => string.IsNullOrEmpty(f.EventId) ? null : f.EventId);
        Column("camera_id", f => f.CameraId);
        Column("at", f => f.At.ToUniversalTime());
        Column("confidence", f => f.Confidence);
        Column("person_ref", f => f.PersonRef);
        Column("feature_id", f => f.FeatureId);
        Column("latitude", f => f.Latitude);
        Column("longitude", f => f.Longitude);
        Column("snapshot_ref", f => f.SnapshotRef);
        return await Inserted(command, faces.Select(SightingKeys.Of).ToList(), cancellationToken);
    }

    public async Task<IReadOnlyList<PlateSighting>> ReadsOfPlateAsync(string plate, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand(
            $"SELECT {ReadColumns} FROM camera_plate_read r WHERE r.plate = @plate AND r.at BETWEEN @from AND @to ORDER BY r.at, r.camera_id");
        command.Parameters.Add(new NpgsqlParameter<string>("plate", plate));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("from", Utc(from)));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("to", Utc(to)));
        return await ReadAll(command, cancellationToken);
    }

    public async Task<IReadOnlyList<PlateSighting>> PassesNearAsync(IReadOnlyList<PlateSighting> around, TimeSpan gap, CancellationToken cancellationToken = default)
    {
        if (around.Count == 0)
        {
            return [];
        }

        await using var command = _dataSource.CreateCommand($"""
            SELECT DISTINCT ON (r.read_key) {ReadColumns}
              FROM unnest(@camera, @from, @to) AS w(camera_id, f, t)
              JOIN camera_plate_read r ON r.camera_id = w.camera_id AND r.at BETWEEN w.f AND w.t
            """);
        command.Parameters.Add(new NpgsqlParameter<string[]>("camera", [.. around.Select(a => a.CameraId)]));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]>("from", [.. around.Select(a => Utc(a.At - gap))]));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]>("to", [.. around.Select(a => Utc(a.At + gap))]));
        var rows = await ReadAll(command, cancellationToken);
        return [.. rows.OrderBy(r => r.At).ThenBy(r => r.CameraId, StringComparer.Ordinal).ThenBy(r => r.Plate, StringComparer.Ordinal)];
    }

    public async Task<IReadOnlyList<FaceEvent>> FacesAsync(string? personRef, string? cameraId, DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand("""
            SELECT event_id, camera_id, at, confidence, person_ref, feature_id, latitude, longitude, snapshot_ref
              FROM camera_face_event
             WHERE at BETWEEN @from AND @to
               AND (@person::text IS NULL OR person_ref = @person)
               AND (@camera::text IS NULL OR camera_id = @camera)
             ORDER BY at DESC, camera_id
             LIMIT @limit
            """);
        command.Parameters.Add(new NpgsqlParameter<string?>("person", personRef));
        command.Parameters.Add(new NpgsqlParameter<string?>("camera", cameraId));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("from", Utc(from)));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("to", Utc(to)));
        command.Parameters.Add(new NpgsqlParameter<int>("limit", limit));
        var faces = new List<FaceEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            faces.Add(new FaceEvent(
                reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetDouble(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetDouble(6), reader.GetDouble(7),
                reader.IsDBNull(8) ? null : reader.GetString(8)));
        }

        return faces;
    }

    public async Task<(int Reads, int Faces)> PurgeAsync(DateTimeOffset readsBefore, DateTimeOffset facesBefore, CancellationToken cancellationToken = default)
    {
        await using var batch = _dataSource.CreateBatch();
        var reads = new NpgsqlBatchCommand("DELETE FROM camera_plate_read WHERE at < @before");
        reads.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("before", Utc(readsBefore)));
        var faces = new NpgsqlBatchCommand("DELETE FROM camera_face_event WHERE at < @before");
        faces.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("before", Utc(facesBefore)));
        batch.BatchCommands.Add(reads);
        batch.BatchCommands.Add(faces);
        await batch.ExecuteNonQueryAsync(cancellationToken);
        return (reads.RecordsAffected, faces.RecordsAffected);
    }

    public void Dispose()
    {
        if (_ownsDataSource)
        {
            _dataSource.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_ownsDataSource)
        {
            await _dataSource.DisposeAsync();
        }
    }

    private static DateTimeOffset Utc(DateTimeOffset at) => at.ToUniversalTime();

    /// <summary>For each key of the batch: inserted by this statement, and the first of its kind in the batch.</summary>
    private static async Task<IReadOnlyList<bool>> Inserted(NpgsqlCommand command, List<string> keys, CancellationToken cancellationToken)
    {
        var inserted = new HashSet<string>(StringComparer.Ordinal);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                inserted.Add(reader.GetString(0));
            }
        }

        return [.. keys.Select(inserted.Remove)];
    }

    private static async Task<IReadOnlyList<PlateSighting>> ReadAll(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var rows = new List<PlateSighting>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new PlateSighting(
                reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetString(3),
                Enum.Parse<PlateColour>(reader.GetString(4)), reader.GetDouble(5), reader.GetDouble(6), reader.GetDouble(7), reader.GetBoolean(8),
                reader.IsDBNull(9) ? null : reader.GetString(9), reader.IsDBNull(10) ? null : reader.GetString(10), reader.IsDBNull(11) ? null : reader.GetString(11)));
        }

        return rows;
    }
}
