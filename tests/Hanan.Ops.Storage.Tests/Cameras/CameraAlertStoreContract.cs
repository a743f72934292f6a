using Hanan.Ops.Contracts.Cameras;
using Hanan.Ops.Domain.Cameras;
using Hanan.Ops.Storage.Cameras;
using Npgsql;

namespace Hanan.Ops.Storage.Tests.Cameras;

/// <summary>What every alert store does, held against the PostgreSQL one and the in-memory twin alike.</summary>
public abstract class CameraAlertStoreContract : IAsyncLifetime
{
    protected static readonly DateTimeOffset Morning = new(2026, 11, 26, 9, 0, 0, TimeSpan.FromHours(8));

    private ICameraAlertStore? _store;

    protected ICameraAlertStore Store => _store ?? throw new InvalidOperationException("Not initialised.");

    public async Task InitializeAsync() => _store = await CreateEmptyAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;

    protected abstract Task<ICameraAlertStore> CreateEmptyAsync();

    /// <summary>A new wanted-plate alert raised at <paramref name="at"/>, with a police note.</summary>
    protected static CameraAlert Alert(int n, DateTimeOffset at, string plate = "黑A12345") => new(
        Guid.Parse($"00000000-0000-0000-0000-{n:D12}"), AlertKind.WantedPlate, at, "23010800001320000001", 45.76, 126.65, "230108002003001",
        plate, null, null, $"布控车辆 {plate} 经过", AlertStatus.New, [new AlertStep(AlertStatus.New, at, "system", null)], null, "盗抢嫌疑（刑侦大队）");

    /// <summary>The alert moved on to <paramref name="status"/> at <paramref name="at"/>, as the board moves it.</summary>
    protected static CameraAlert Moved(CameraAlert alert, AlertStatus status, DateTimeOffset at, string actor = "officer-7") =>
        alert with { Status = status, Steps = [.. alert.Steps, new AlertStep(status, at, actor, "已处置")] };

    [Fact]
    public async Task An_alert_inserted_twice_is_stored_once_as_first_given()
    {
        var alert = Alert(1, Morning);

        (await Store.InsertAsync(alert)).Should().BeTrue();
        (await Store.InsertAsync(alert with { Detail = "another detail" })).Should().BeFalse();

        var stored = await Store.GetAsync(alert.Id);
        stored!.Version.Should().Be(ICameraAlertStore.FirstVersion);
        stored.Alert.Should().BeEquivalentTo(alert, "every field comes back, the police note and the full plate too");
        stored.Alert.RaisedAt.Offset.Should().Be(TimeSpan.FromHours(8));
        (await Store.GetAsync(Guid.NewGuid())).Should().BeNull();
    }

    [Fact]
    public async Task An_update_on_the_current_version_replaces_the_alert_and_one_on_another_version_changes_nothing()
    {
        var alert = Alert(1, Morning);
        await Store.InsertAsync(alert);
        var acknowledged = Moved(alert, AlertStatus.Acknowledged, Morning.AddMinutes(2));

        (await Store.UpdateAsync(acknowledged, ICameraAlertStore.FirstVersion)).Should().Be(2);
        (await Store.UpdateAsync(Moved(alert, AlertStatus.Closed, Morning.AddMinutes(3)), ICameraAlertStore.FirstVersion))
            .Should().BeNull("the row moved on since version 1 was read");
        (await Store.UpdateAsync(Alert(2, Morning), ICameraAlertStore.FirstVersion)).Should().BeNull("there is no such alert");

        var stored = await Store.GetAsync(alert.Id);
        stored!.Version.Should().Be(2);
        stored.Alert.Should().BeEquivalentTo(acknowledged);
        (await Store.GetAsync(Alert(2, Morning).Id)).Should().BeNull("a refused update inserts nothing");
    }

    [Fact]
    public async Task The_list_is_newest_first_then_by_id_of_one_status_or_all_and_limited()
    {
        var a = Alert(3, Morning);
        var b = Alert(1, Morning.AddMinutes(5));
        var c = Alert(2, Morning.AddMinutes(5));
        var d = Alert(4, Morning.AddMinutes(-5));
        foreach (var alert in new[] { a, b, c, d })
        {
            await Store.InsertAsync(alert);
        }

        await Store.UpdateAsync(Moved(c, AlertStatus.Acknowledged, Morning.AddMinutes(6)), ICameraAlertStore.FirstVersion);

        (await Store.ListAsync(null, 10)).Select(x => x.Id).Should().Equal(b.Id, c.Id, a.Id, d.Id);
        (await Store.ListAsync(null, 2)).Select(x => x.Id).Should().Equal(b.Id, c.Id);
        (await Store.ListAsync(AlertStatus.New, 10)).Select(x => x.Id).Should().Equal(b.Id, a.Id, d.Id);
        (await Store.ListAsync(AlertStatus.Acknowledged, 10)).Should().ContainSingle().Which.Steps.Should().HaveCount(2);
        (await Store.ListAsync(AlertStatus.Closed, 10)).Should().BeEmpty();
    }

    [Fact]
    public async Task The_working_set_is_every_alert_not_closed_and_the_closed_ones_since_the_given_instant()
    {
        var oldOpen = Alert(1, Morning.AddDays(-90));
        var oldClosed = Alert(2, Morning.AddDays(-40));
        var recentlyClosed = Alert(3, Morning.AddDays(-40));
        var dispatched = Alert(4, Morning.AddDays(-1));
        foreach (var alert in new[] { oldOpen, oldClosed, recentlyClosed, dispatched })
        {
            await Store.InsertAsync(alert);
        }

        await Store.UpdateAsync(Moved(oldClosed, AlertStatus.Closed, Morning.AddDays(-31)), 1);
        await Store.UpdateAsync(Moved(recentlyClosed, AlertStatus.Closed, Morning.AddDays(-30)), 1);
        await Store.UpdateAsync(Moved(Moved(dispatched, AlertStatus.Acknowledged, Morning.AddDays(-1)), AlertStatus.Dispatched, Morning.AddHours(-20)), 1);

        var set = await Store.WorkingSetAsync(Morning.AddDays(-30));

        set.Select(s => (s.Alert.Id, s.Alert.Status, s.Version)).Should().BeEquivalentTo(
            [(oldOpen.Id, AlertStatus.New, 1L), (recentlyClosed.Id, AlertStatus.Closed, 2L), (dispatched.Id, AlertStatus.Dispatched, 2L)],
            "a closed alert counts from its last step, inclusive; an open one is kept however old");
    }

    [Fact]
    public async Task The_purge_deletes_closed_alerts_whose_last_step_is_older_and_keeps_open_and_recently_closed_ones()
    {
        var oldOpen = Alert(1, Morning.AddDays(-90));
        var oldClosed = Alert(2, Morning.AddDays(-40));
        var recentlyClosed = Alert(3, Morning.AddDays(-40));
        foreach (var alert in new[] { oldOpen, oldClosed, recentlyClosed })
        {
            await Store.InsertAsync(alert);
        }

        await Store.UpdateAsync(Moved(oldClosed, AlertStatus.Closed, Morning.AddDays(-31)), 1);
        await Store.UpdateAsync(Moved(recentlyClosed, AlertStatus.Closed, Morning.AddDays(-29)), 1);

        (await Store.PurgeClosedAsync(Morning.AddDays(-30))).Should().Be(1);
        (await Store.PurgeClosedAsync(Morning.AddDays(-30))).Should().Be(0, "nothing more to delete");

        (await Store.ListAsync(null, 10)).Select(a => a.Id).Should().BeEquivalentTo([oldOpen.Id, recentlyClosed.Id]);
        (await Store.InsertAsync(oldClosed)).Should().BeTrue("a purged alert is gone, id and all");
    }
}

public sealed class InMemoryCameraAlertStoreTests : CameraAlertStoreContract
{
    protected override Task<ICameraAlertStore> CreateEmptyAsync() => Task.FromResult<ICameraAlertStore>(new InMemoryCameraAlertStore());

    [Fact]
    public async Task It_counts_the_rows_it_writes_and_not_the_refused_ones()
    {
        var store = (InMemoryCameraAlertStore)Store;
        var alert = Alert(1, Morning);

        await store.InsertAsync(alert);
        await store.InsertAsync(alert);
        await store.UpdateAsync(Moved(alert, AlertStatus.Acknowledged, Morning.AddMinutes(1)), 1);
        await store.UpdateAsync(Moved(alert, AlertStatus.Closed, Morning.AddMinutes(1)), 1);

        store.RowsWritten.Should().Be(2);
    }
}

public sealed class PostgresCameraAlertStoreTests(MigratedDatabase database) : CameraAlertStoreContract, IClassFixture<MigratedDatabase>
{
    private NpgsqlDataSource? _dataSource;

    protected override async Task<ICameraAlertStore> CreateEmptyAsync()
    {
        await Sql.ExecuteAsync(database.ConnectionString, "TRUNCATE camera_alert");
        _dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        return new PostgresCameraAlertStore(_dataSource);
    }

    public override async Task DisposeAsync()
    {
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }
    }

    [Fact]
    public async Task An_update_rewrites_the_one_row_it_names_and_fills_the_query_columns()
    {
        var (a, b) = (Alert(1, Morning), Alert(2, Morning.AddMinutes(1), plate: "黑B54321"));
        await Store.InsertAsync(a);
        await Store.InsertAsync(b);
        var before = await Rows();

        await Store.UpdateAsync(Moved(a, AlertStatus.Closed, Morning.AddMinutes(9)), 1);

        var after = await Rows();
        after[b.Id].Should().Be(before[b.Id], "the other alert's row is not written again (same xmin)");
        after[a.Id].Xmin.Should().NotBe(before[a.Id].Xmin);
        after[a.Id].Should().Be((after[a.Id].Xmin, "WantedPlate", "Closed", "黑A12345", Morning.AddMinutes(9), 2L));
    }

    /// <summary>Each row's xmin (the transaction that wrote it) and its query columns.</summary>
    private async Task<Dictionary<Guid, (string Xmin, string Kind, string Status, string? Plate, DateTimeOffset LastStepAt, long Version)>> Rows() =>
        (await Sql.ListAsync(database.ConnectionString, "SELECT id, xmin::text, kind, status, plate, last_step_at, version FROM camera_alert",
            r => (Id: r.GetGuid(0), Row: (r.GetString(1), r.GetString(2), r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4),
                r.GetFieldValue<DateTimeOffset>(5), r.GetInt64(6)))))
        .ToDictionary(r => r.Id, r => r.Row);
}
