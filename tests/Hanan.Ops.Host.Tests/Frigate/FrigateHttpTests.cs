using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Hanan.Ops.Domain.Cameras;
using Hanan.Ops.Host.Frigate;
using Hanan.Ops.Host.Tests.Hosting;
using Hanan.Ops.Storage.Cameras;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static Hanan.Ops.Host.Tests.Cameras.CameraEvents;
using static Hanan.Ops.Host.Tests.Frigate.FrigateShapes;

namespace Hanan.Ops.Host.Tests.Frigate;

/// <summary><c>POST /api/cameras/frigate</c> with Frigate 0.16's messages as it publishes them.</summary>
public sealed class FrigateHttpTests : IAsyncLifetime
{
    private LogCapture Log { get; } = new();

    private DistrictHostFactory Factory { get; set; } = null!;

    private DateTimeOffset Now => Factory.Clock.GetUtcNow();

    public Task InitializeAsync()
    {
        Factory = new DistrictHostFactory(services: s => s.AddSingleton<ILoggerProvider>(Log));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Factory.DisposeAsync();

    [Fact]
    public async Task A_single_lpr_update_is_taken_as_Frigate_publishes_it_with_its_camera_name_mapped()
    {
        using var box = await EdgeBoxAsync(Factory);
        var plate = NewPlate();

        var response = await PostAsync(box, Lpr(NewObjectId(), DrivewayCam, Now.AddMinutes(-1), plate[..2] + "·" + plate[2..], 0.91));

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var result = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        result["accepted"]!.GetValue<int>().Should().Be(1);
        var stored = await Factory.Services.GetRequiredService<ISightingStore>().ReadsOfPlateAsync(plate, Now.AddHours(-1), Now);
        stored.Should().ContainSingle().Which.CameraId.Should().Be(Map.Find(DrivewayCam), "driveway_cam is mapped in the camera map");
    }

    [Fact]
    public async Task Events_carry_plates_as_a_string_with_its_score_or_as_a_pair_and_faces_as_a_person_s_sub_label()
    {
        using var box = await EdgeBoxAsync(Factory);
        var (a, b) = (NewPlate(), NewPlate());
        var (carA, carB, person) = (NewObjectId(), NewObjectId(), NewObjectId());

        var response = await PostAsync(box, new JsonArray(
            Event(carA, GateCam, Now.AddMinutes(-3), "car", recognizedPlate: a, plateScore: 0.88),
            Event(carB, GateCam, Now.AddMinutes(-2), "car", plateAsPair: (b, 0.93)),
            Event(person, GateCam, Now.AddMinutes(-2), "person", subLabel: ("POI-FRIGATE-1", 0.9)),
            Event(NewObjectId(), GateCam, Now.AddMinutes(-2), "dog"),
            Lpr(carA, GateCam, Now.AddMinutes(-3), a, 0.88)));

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var result = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        result["results"]!.AsArray().Select(r => r!["status"]!.GetValue<string>()).Should().Equal(
            "accepted", "accepted", "accepted", "ignored", "duplicate");
        result["results"]![3]!["reason"]!.GetValue<string>().Should().Contain("no recognised plate or face");
        ((int)result["ignored"]!).Should().Be(1);
        var store = Factory.Services.GetRequiredService<ISightingStore>();
        (await store.ReadsOfPlateAsync(a, Now.AddHours(-1), Now)).Should().ContainSingle("the same object on the other topic is the same read");
        (await store.ReadsOfPlateAsync(b, Now.AddHours(-1), Now)).Should().ContainSingle().Which.Confidence.Should().Be(0.93);
    }

    [Fact]
    public async Task A_single_message_with_a_wrong_field_is_a_problem_naming_that_field_of_the_message()
    {
        using var box = await EdgeBoxAsync(Factory);
        var lpr = Lpr(NewObjectId(), DrivewayCam, Now.AddMinutes(-1), NewPlate(), 0.9);
        lpr["score"] = "high";
        var wrongPlate = Event(NewObjectId(), DrivewayCam, Now.AddMinutes(-1), "car", recognizedPlate: "ABC123", plateScore: 0.9);

        var wrongType = await PostAsync(box, lpr);
        var notAPlate = await PostAsync(box, wrongPlate);

        (await ProblemAsync(wrongType))["errors"]!["score"]!.ToString().Should().Contain("A number is expected");
        (await ProblemAsync(notAPlate))["errors"]!["after.recognized_license_plate"].Should().NotBeNull("the ingest's 'plate' is this field of the event");
    }

    [Fact]
    public async Task A_body_that_is_not_JSON_is_a_problem_saying_where_it_broke()
    {
        using var box = await EdgeBoxAsync(Factory);

        var response = await box.PostAsync(new Uri("/api/cameras/frigate", UriKind.Relative),
            new StringContent("{\"type\": \"lpr\",\n \"score\": 0.9,, }", Encoding.UTF8, "application/json"));

        var problem = await ProblemAsync(response);
        problem["errors"]!["body"]!.ToString().Should().Contain("line 2").And.NotContain("The request body is not valid JSON");
        var empty = await box.PostAsync(new Uri("/api/cameras/frigate", UriKind.Relative), new StringContent("[]", Encoding.UTF8, "application/json"));
        (await ProblemAsync(empty))["errors"]!["body"].Should().NotBeNull();
    }

    [Fact]
    public async Task An_unmapped_camera_is_refused_by_name_counted_on_every_message_and_logged_once()
    {
        using var box = await EdgeBoxAsync(Factory);
        const string unknown = "backyard_cam_http";
        using var metric = new MetricTotal("hanan.frigate.unmapped_camera.messages");

        var single = await PostAsync(box, Lpr(NewObjectId(), unknown, Now.AddMinutes(-1), NewPlate(), 0.9));
        var batch = await PostAsync(box, new JsonArray(
            Lpr(NewObjectId(), unknown, Now.AddMinutes(-1), NewPlate(), 0.9),
            Event(NewObjectId(), unknown, Now.AddMinutes(-1), "car", recognizedPlate: NewPlate(), plateScore: 0.9)));

        (await ProblemAsync(single))["errors"]!["camera"]!.ToString().Should().Contain(unknown).And.Contain("not mapped");
        var results = (await batch.Content.ReadFromJsonAsync<JsonObject>())!["results"]!.AsArray();
        results[1]!["errors"]!["after.camera"].Should().NotBeNull();
        metric.Total(("camera", unknown)).Should().Be(3);
        Log.Lines.Count(l => l.Message.Contains(unknown, StringComparison.Ordinal)).Should().Be(1, "logged once per camera name, not per message");
        Factory.Services.GetRequiredService<FrigateIngest>().UnmappedCameras[unknown].Should().Be(3);
    }

    private FrigateCameraMap Map => Factory.Services.GetRequiredService<FrigateCameraMap>();

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, JsonNode body) =>
        client.PostAsJsonAsync(new Uri("/api/cameras/frigate", UriKind.Relative), body);

    private static async Task<JsonObject> ProblemAsync(HttpResponseMessage response)
    {
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync());
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }
}
