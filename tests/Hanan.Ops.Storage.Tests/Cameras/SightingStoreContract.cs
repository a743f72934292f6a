using Hanan.Ops.Domain.Cameras;
using Hanan.Ops.Storage.Cameras;

namespace Hanan.Ops.Storage.Tests.Cameras;

/// <summary>What every sighting store does, held against the PostgreSQL one and the in-memory twin alike.</summary>
public abstract class SightingStoreContract : IAsyncLifetime
{
    protected static readonly DateTimeOffset Morning = new(2026, 11, 26, 9, 0, 0, TimeSpan.FromHours(8));

    private ISightingStore? _store;

    protected ISightingStore Store => _store ?? throw new InvalidOperationException("Not initialised.");

    public async Task InitializeAsync() => _store = await CreateEmptyAsync();

    public Task DisposeAsync() => _store is IAsyncDisposable d ? d.DisposeAsync().AsTask() : Task.CompletedTask;

    protected abstract Task<ISightingStore> CreateEmptyAsync();

    protected static PlateSighting Read(string camera, DateTimeOffset at, string plate = "黑A12345", string? eventId = null) =>
        new(eventId, camera, at, plate, PlateColour.Green, 0.91, 45.6, 126.63, false, "car", "north", "snap/1.jpg");

    [Fact]
    public async Task A_read_is_stored_once_whether_repeated_by_event_id_by_natural_key_or_within_the_batch()
    {
        var first = await Store.AppendReadsAsync([Read("c1", Morning, eventId: "e1"), Read("c2", Morning.AddMinutes(1)), Read("c2", Morning.AddMinutes(1))]);
        first.Should().Equal(true, true, false);

        var again = await Store.AppendReadsAsync([Read("c9", Morning.AddMinutes(5), eventId: "e1"), Read("c1", Morning, eventId: "e7"), Read("c3", Morning.AddMinutes(2))]);
        again.Should().Equal(false, false, true);

        var stored = await Store.ReadsOfPlateAsync("黑A12345", Morning.AddHours(-1), Morning.AddHours(1));
        stored.Select(r => (r.CameraId, r.At)).Should().Equal(("c1", Morning), ("c2", Morning.AddMinutes(1)), ("c3", Morning.AddMinutes(2)));
        stored[0].Should().Be(Read("c1", Morning, eventId: "e1"));
    }

    [Fact]
    public async Task A_plates_reads_in_a_window_come_back_in_time_order_including_late_arrivals_and_no_other_plate()
    {
        // What a vehicle grain replays after its checkpoint: a read appended late sits in its place in time.
        await Store.AppendReadsAsync([Read("c1", Morning.AddMinutes(10)), Read("c2", Morning.AddMinutes(20)), Read("c1", Morning.AddMinutes(15), plate: "黑B99999")]);
        await Store.AppendReadsAsync([Read("c3", Morning.AddMinutes(5)), Read("c4", Morning.AddMinutes(30))]);

        var window = await Store.ReadsOfPlateAsync("黑A12345", Morning.AddMinutes(5), Morning.AddMinutes(20));

        window.Select(r => (r.CameraId, r.At)).Should().Equal(("c3", Morning.AddMinutes(5)), ("c1", Morning.AddMinutes(10)), ("c2", Morning.AddMinutes(20)));
    }

    [Fact]
    public async Task Passes_near_the_targets_reads_are_those_at_the_same_cameras_within_the_gap()
    {
        await Store.AppendReadsAsync(
        [
            Read("c1", Morning), Read("c2", Morning.AddMinutes(3)),
            Read("c1", Morning.AddSeconds(40), "黑B22222"), Read("c2", Morning.AddMinutes(3).AddSeconds(-61), "黑B22222"),
            Read("c3", Morning, "黑C33333"), Read("c1", Morning.AddSeconds(-60), "黑D44444"),
        ]);
        var target = await Store.ReadsOfPlateAsync("黑A12345", Morning.AddHours(-1), Morning.AddHours(1));

        var passes = await Store.PassesNearAsync(target, TimeSpan.FromSeconds(60));

        passes.Select(p => (p.CameraId, p.Plate)).Should().Equal(("c1", "黑D44444"), ("c1", "黑A12345"), ("c1", "黑B22222"), ("c2", "黑A12345"));
    }

    [Fact]
    public async Task Face_events_are_found_by_person_or_camera_newest_first()
    {
        var faces = new[]
        {
            new FaceEvent("f1", "c1", Morning, 0.9, "POI-1", null, 45.6, 126.63),
            new FaceEvent(null, "c2", Morning.AddMinutes(5), 0.8, null, "F00AB", 45.6, 126.63),
            new FaceEvent(null, "c2", Morning.AddMinutes(9), 0.95, "POI-1", null, 45.6, 126.63, "snap/9.jpg"),
        };
        (await Store.AppendFacesAsync(faces)).Should().Equal(true, true, true);
        (await Store.AppendFacesAsync([faces[0] with { At = Morning.AddHours(1) }])).Should().Equal(false);

        (await Store.FacesAsync("POI-1", null, Morning.AddHours(-1), Morning.AddHours(1), 10)).Should().Equal(faces[2], faces[0]);
        (await Store.FacesAsync(null, "c2", Morning.AddHours(-1), Morning.AddHours(1), 1)).Should().Equal(faces[2]);
    }

    [Fact]
    public async Task The_purge_deletes_what_is_older_than_each_retention_and_nothing_else()
    {
        await Store.AppendReadsAsync([Read("c1", Morning.AddDays(-31), eventId: "old"), Read("c1", Morning.AddDays(-29))]);
        await Store.AppendFacesAsync([new FaceEvent(null, "c1", Morning.AddDays(-8), 0.9, null, "F1", 45.6, 126.63), new FaceEvent(null, "c1", Morning.AddDays(-6), 0.9, null, "F2", 45.6, 126.63)]);

        (await Store.PurgeAsync(Morning.AddDays(-30), Morning.AddDays(-7))).Should().Be((1, 1));

        (await Store.ReadsOfPlateAsync("黑A12345", DateTimeOffset.MinValue, Morning)).Should().ContainSingle().Which.At.Should().Be(Morning.AddDays(-29));
        (await Store.FacesAsync(null, null, DateTimeOffset.MinValue, Morning, 10)).Should().ContainSingle().Which.FeatureId.Should().Be("F2");
        (await Store.AppendReadsAsync([Read("c1", Morning.AddDays(-31), eventId: "old")])).Should().Equal([true], "a purged read is gone, event id too");
    }
}

public sealed class InMemorySightingStoreTests : SightingStoreContract
{
    protected override Task<ISightingStore> CreateEmptyAsync() => Task.FromResult<ISightingStore>(new InMemorySightingStore());
}

public sealed class PostgresSightingStoreTests(MigratedDatabase database) : SightingStoreContract, IClassFixture<MigratedDatabase>
{
    protected override async Task<ISightingStore> CreateEmptyAsync()
    {
        await Sql.ExecuteAsync(database.ConnectionString, "TRUNCATE camera_plate_read, camera_face_event");
        return new PostgresSightingStore(database.ConnectionString);
    }
}
