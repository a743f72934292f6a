using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hanan.Ops.Contracts.Cameras;
using Hanan.Ops.Domain.Cameras;
using Hanan.Ops.Host.Frigate;
using Hanan.Ops.Host.Security;
using Hanan.Ops.Host.Tests.Hosting;
using Hanan.Ops.Host.Tests.Live;
using Hanan.Ops.Host.Tests.Security;
using Hanan.Ops.Storage.Cameras;
using Hanan.Ops.Storage.Tests;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static Hanan.Ops.Host.Tests.Cameras.CameraEvents;
using static Hanan.Ops.Host.Tests.Frigate.FrigateShapes;

namespace Hanan.Ops.Host.Tests.Frigate;

/// <summary>
/// Frigate publishing to a real mosquitto, the host subscribed to it: end to end from an MQTT publish to the police
/// screen, with repeats and redeliveries taken once.
/// </summary>
public sealed class FrigateMqttTests : IAsyncLifetime
{
    private readonly Mosquitto _broker = new();
    private readonly string _clientId = "hanan-test-" + Guid.NewGuid().ToString("N")[..8];

    private LogCapture Log { get; } = new();

    /// <summary>The store under the host, which can be told to fail once for a plate (a database fault mid-batch).</summary>
    private FailingOnceSightingStore Store { get; } = new(new InMemorySightingStore());

    private DistrictHostFactory Factory { get; set; } = null!;

    private DateTimeOffset Now => Factory.Clock.GetUtcNow();

    public async Task InitializeAsync()
    {
        await _broker.InitializeAsync();
        Factory = NewHost();
        await SubscribedAsync(Factory);
    }

    /// <summary>A host subscribed under this test's client id, on the test's store.</summary>
    private DistrictHostFactory NewHost() => new(
        settings: _broker.HostSettings(_clientId),
        services: s =>
        {
            s.AddSingleton<ILoggerProvider>(Log);
            s.AddSingleton<ISightingStore>(Store);
        });

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await _broker.DisposeAsync();
    }

    [Fact]
    public async Task A_watchlisted_plate_published_by_Frigate_reaches_the_police_screen_and_its_repeats_are_taken_once()
    {
        using var police = await PoliceAsync(Factory);
        var plate = NewPlate("71");
        (await police.PutAsJsonAsync(new Uri($"/api/police/watchlist/plates/{plate}?reason=布控审批%20MQTT", UriKind.Relative), new { reason = "盗抢车辆" }))
            .StatusCode.Should().Be(HttpStatusCode.OK);
        await using var screen = await LiveClient.ConnectAsync(Factory.BaseAddress, await Factory.TokenAsync(Roles.Police, Officer), "cameraAlert");
        await screen.Connection.InvokeAsync("JoinPolice");
        using var repeats = new MetricTotal("hanan.frigate.mqtt.repeats");
        using var frigate = await _broker.FrigateAsync();
        var id = NewObjectId();
        var at = Now.AddSeconds(-20);

        // As Frigate does: the lpr update, then the object's events updates carrying the same plate; and the broker
        // delivering the lpr update a second time.
        await Mosquitto.PublishAsync(frigate, "tracked_object_update", Lpr(id, StreetCam, at, plate, 0.94));
        await Mosquitto.PublishAsync(frigate, "events", Event(id, StreetCam, at, "car", recognizedPlate: plate, plateScore: 0.94));
        await Mosquitto.PublishAsync(frigate, "events", Event(id, StreetCam, at.AddSeconds(1), "car", recognizedPlate: plate, plateScore: 0.94));
        await Mosquitto.PublishAsync(frigate, "tracked_object_update", Lpr(id, StreetCam, at, plate, 0.94));

        var alert = await screen.NextAsync(m => m["plate"]?.GetValue<string>() == plate, TimeSpan.FromSeconds(10), "the wanted plate's alert");
        alert["kind"]!.GetValue<string>().Should().Be(nameof(AlertKind.WantedPlate));
        await Eventually.HoldsAsync(() => Task.FromResult(repeats.Sum == 3), TimeSpan.FromSeconds(10), "all four messages taken");
        (await Store.ReadsOfPlateAsync(plate, Now.AddHours(-1), Now)).Should().ContainSingle("four messages of one object are one read");
        var camera = Factory.Services.GetRequiredService<FrigateCameraMap>().Find(StreetCam)!;
        var status = await police.GetFromJsonAsync<JsonObject>(new Uri($"/api/cameras/{camera}", UriKind.Relative));
        status!["recognitionsPerMinute"]!.GetValue<int>().Should().Be(1, "the camera counts the read once");
    }

    [Fact]
    public async Task A_batch_the_store_fails_is_not_acknowledged_and_the_broker_s_redelivery_is_taken_once()
    {
        var plate = NewPlate("72");
        Store.FailOnceFor(plate);
        var subscriber = Factory.Services.GetRequiredService<FrigateMqttSubscriber>();
        var connections = subscriber.Connections;
        using var frigate = await _broker.FrigateAsync();

        await Mosquitto.PublishAsync(frigate, "tracked_object_update", Lpr(NewObjectId(), StreetCam, Now.AddSeconds(-10), plate, 0.9));

        await Eventually.HoldsAsync(async () => (await Store.ReadsOfPlateAsync(plate, Now.AddHours(-1), Now)).Count == 1,
            TimeSpan.FromSeconds(15), "the read stored after the redelivery");
        Store.Failures.Should().Be(1);
        subscriber.Connections.Should().BeGreaterThan(connections, "the subscriber dropped the connection instead of acknowledging");
        await Task.Delay(500);
        (await Store.ReadsOfPlateAsync(plate, Now.AddHours(-1), Now)).Should().ContainSingle();
    }

    [Fact]
    public async Task An_unmapped_camera_is_counted_on_every_message_and_logged_once()
    {
        const string unknown = "garage_cam_mqtt";
        using var metric = new MetricTotal("hanan.frigate.unmapped_camera.messages");
        using var frigate = await _broker.FrigateAsync();

        for (var i = 0; i < 3; i++)
        {
            await Mosquitto.PublishAsync(frigate, "tracked_object_update", Lpr(NewObjectId(), unknown, Now.AddSeconds(-5), NewPlate(), 0.9));
        }

        await Eventually.HoldsAsync(() => Task.FromResult(metric.Total(("camera", unknown)) == 3), TimeSpan.FromSeconds(10), "three messages counted");
        Log.Lines.Count(l => l.Message.Contains(unknown, StringComparison.Ordinal)).Should().Be(1);
    }

    [Fact]
    public async Task What_Frigate_publishes_while_the_host_is_down_is_taken_when_it_comes_back()
    {
        var clock = Factory.Clock.GetUtcNow();
        await Factory.DisposeAsync();
        var plate = NewPlate("74");
        using (var frigate = await _broker.FrigateAsync())
        {
            await Mosquitto.PublishAsync(frigate, "tracked_object_update", Lpr(NewObjectId(), DrivewayCam, clock.AddSeconds(-5), plate, 0.9));
        }

        Factory = NewHost();
        await SubscribedAsync(Factory);

        await Eventually.HoldsAsync(async () => (await Store.ReadsOfPlateAsync(plate, Now.AddHours(-1), Now)).Count == 1, TimeSpan.FromSeconds(15),
            "the read the broker kept in the host's session");
    }

    [Fact]
    public async Task The_subscriber_comes_back_by_itself_after_the_broker_restarts()
    {
        var subscriber = Factory.Services.GetRequiredService<FrigateMqttSubscriber>();
        var connections = subscriber.Connections;

        await _broker.StopAsync();
        await Eventually.HoldsAsync(() => Task.FromResult(!subscriber.Subscribed), TimeSpan.FromSeconds(10), "the loss noticed");
        await _broker.StartAsync();
        await SubscribedAsync(Factory);

        subscriber.Connections.Should().Be(connections + 1);
        var plate = NewPlate("73");
        using var frigate = await _broker.FrigateAsync();
        await Mosquitto.PublishAsync(frigate, "events", Event(NewObjectId(), GateCam, Now.AddSeconds(-5), "car", plateAsPair: (plate, 0.9)));
        await Eventually.HoldsAsync(async () => (await Store.ReadsOfPlateAsync(plate, Now.AddHours(-1), Now)).Count == 1, TimeSpan.FromSeconds(10), "the read");
    }

    internal static async Task SubscribedAsync(DistrictHostFactory factory)
    {
        _ = factory.BaseAddress;
        var subscriber = factory.Services.GetRequiredService<FrigateMqttSubscriber>();
        await Eventually.HoldsAsync(() => Task.FromResult(subscriber.Subscribed), TimeSpan.FromSeconds(15), "subscribed to the broker");
    }
}

/// <summary>An in-memory sighting store that fails the first append of a chosen plate, as a database fault would.</summary>
internal sealed class FailingOnceSightingStore(ISightingStore inner) : ISightingStore
{
    private string? _plate;
    private int _failures;

    public int Failures => _failures;

    public void FailOnceFor(string plate) => _plate = plate;

    public Task<IReadOnlyList<bool>> AppendReadsAsync(IReadOnlyList<PlateSighting> reads, CancellationToken cancellationToken = default)
    {
        if (_plate is { } plate && reads.Any(r => r.Plate == plate) && Interlocked.CompareExchange(ref _plate, null, plate) == plate)
        {
            Interlocked.Increment(ref _failures);
            throw new TimeoutException("The sighting store did not answer (a test's fault).");
        }

        return inner.AppendReadsAsync(reads, cancellationToken);
    }

    public Task<IReadOnlyList<bool>> AppendFacesAsync(IReadOnlyList<FaceEvent> faces, CancellationToken cancellationToken = default) =>
        inner.AppendFacesAsync(faces, cancellationToken);

    public Task<IReadOnlyList<PlateSighting>> PassesNearAsync(IReadOnlyList<PlateSighting> around, TimeSpan gap, CancellationToken cancellationToken = default) =>
        inner.PassesNearAsync(around, gap, cancellationToken);

    public Task<IReadOnlyList<FaceEvent>> FacesAsync(string? personRef, string? cameraId, DateTimeOffset from, DateTimeOffset to, int limit,
        CancellationToken cancellationToken = default) => inner.FacesAsync(personRef, cameraId, from, to, limit, cancellationToken);

    public Task<(int Reads, int Faces)> PurgeAsync(DateTimeOffset readsBefore, DateTimeOffset facesBefore, CancellationToken cancellationToken = default) =>
        inner.PurgeAsync(readsBefore, facesBefore, cancellationToken);

    public Task<IReadOnlyList<PlateSighting>> ReadsOfPlateAsync(string plate, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default) =>
        inner.ReadsOfPlateAsync(plate, from, to, cancellationToken);
}
