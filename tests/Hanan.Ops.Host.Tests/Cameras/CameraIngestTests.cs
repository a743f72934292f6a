using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hanan.Ops.Host.Security;
using Hanan.Ops.Host.Tests.Security;
using Hanan.Ops.Storage.Cameras;
using Microsoft.Extensions.DependencyInjection;
using static Hanan.Ops.Host.Tests.Cameras.CameraEvents;

namespace Hanan.Ops.Host.Tests.Cameras;

public sealed class CameraIngestTests(EmbeddedHost host) : IClassFixture<EmbeddedHost>
{
    private DateTimeOffset Now => host.Factory.Clock.GetUtcNow();

    [Fact]
    public async Task Each_event_of_a_batch_is_answered_by_index_and_a_bad_one_does_not_reject_the_good_ones()
    {
        using var box = await EdgeBoxAsync(host.Factory);
        var camera = Network(host.Factory).Cameras[3];
        var plate = NewPlate();
        var result = await PostAsync(box,
            Plate(camera, Now.AddMinutes(-3), plate, eventId: "box1-1"),
            Plate(camera, Now.AddMinutes(-3), "黑I12345"),
            Plate(camera, Now.AddMinutes(-2), plate),
            new { type = "plate", cameraId = "23010800001320999999", at = Now, plate, confidence = 0.9 },
            new { type = "face", cameraId = camera.Id.Value, at = Now.AddMinutes(-1), confidence = 0.97, featureId = "F-" + plate },
            new { type = "face", cameraId = camera.Id.Value, at = Now.AddMinutes(-1), confidence = 0.97 },
            Plate(camera, Now.AddMinutes(-3), plate, eventId: "box1-1"),
            new { type = "plate", cameraId = camera.Id.Value, at = Now.AddHours(1), plate, confidence = 1.5 });

        var results = result["results"]!.AsArray();
        results.Select(r => r!["status"]!.GetValue<string>()).Should().Equal(
            "accepted", "rejected", "accepted", "rejected", "accepted", "rejected", "duplicate", "rejected");
        results.Select(r => r!["index"]!.GetValue<int>()).Should().Equal(0, 1, 2, 3, 4, 5, 6, 7);
        results[1]!["errors"]!["plate"]!.ToString().Should().Contain("second character");
        results[3]!["errors"]!["cameraId"]!.ToString().Should().Contain("not a camera of the district");
        results[5]!["errors"]!["personRef"].Should().NotBeNull();
        results[7]!["errors"]!.AsObject().Select(e => e.Key).Should().BeEquivalentTo("at", "confidence");
        (result["accepted"]!.GetValue<int>(), result["duplicates"]!.GetValue<int>(), result["rejected"]!.GetValue<int>()).Should().Be((3, 1, 4));

        var stored = await host.Factory.Services.GetRequiredService<ISightingStore>().ReadsOfPlateAsync(plate, Now.AddHours(-1), Now);
        stored.Should().HaveCount(2, "stored before the answer, the repeat once");
    }

    [Fact]
    public async Task A_low_confidence_read_one_character_off_a_known_plate_is_stored_as_that_plate_and_flagged_fuzzy()
    {
        using var box = await EdgeBoxAsync(host.Factory);
        var camera = Network(host.Factory).Cameras[4];
        var plate = NewPlate("88");
        await PostAsync(box, Plate(camera, Now.AddMinutes(-10), plate));

        var misread = plate[..^1] + "B";
        var result = await PostAsync(box, Plate(camera, Now.AddMinutes(-5), misread, confidence: 0.55));

        result["results"]![0]!["fuzzy"]!.GetValue<bool>().Should().BeTrue();
        var stored = await host.Factory.Services.GetRequiredService<ISightingStore>().ReadsOfPlateAsync(plate, Now.AddHours(-1), Now);
        stored.Should().HaveCount(2).And.Contain(r => r.Fuzzy);
    }

    [Fact]
    public async Task Frigate_lpr_and_face_updates_are_taken_through_the_same_model()
    {
        using var box = await EdgeBoxAsync(host.Factory);
        var camera = Network(host.Factory).Cameras[5];
        var plate = NewPlate();
        var seconds = Now.AddMinutes(-2).ToUnixTimeMilliseconds() / 1000.0;
        var response = await box.PostAsJsonAsync(new Uri("/api/cameras/frigate", UriKind.Relative), new object[]
        {
            new { type = "lpr", id = "1764000000.1-abc", camera = camera.Id.Value, timestamp = seconds, name = (string?)null, plate = plate[..2] + "·" + plate[2..], score = 0.93 },
            new { type = "face", id = "1764000000.2-def", camera = camera.Id.Value, timestamp = seconds, name = (string?)null, score = 0.81 },
            new { type = "lpr", id = "1764000000.3-ghi", camera = "driveway", timestamp = seconds, plate, score = 0.9 },
        });

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var results = (await response.Content.ReadFromJsonAsync<JsonObject>())!["results"]!.AsArray();
        results.Select(r => r!["status"]!.GetValue<string>()).Should().Equal("accepted", "accepted", "rejected");
        var stored = await host.Factory.Services.GetRequiredService<ISightingStore>().ReadsOfPlateAsync(plate, Now.AddHours(-1), Now);
        stored.Should().ContainSingle().Which.At.ToUnixTimeMilliseconds().Should().Be((long)Math.Round(seconds * 1000));
    }

    [Fact]
    public async Task An_empty_batch_is_a_problem_naming_the_field()
    {
        using var box = await EdgeBoxAsync(host.Factory);
        var response = await box.PostAsJsonAsync(new Uri("/api/cameras/events", UriKind.Relative), new { events = Array.Empty<object>() });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["events"].Should().NotBeNull();
    }

    [Fact]
    public async Task The_camera_list_has_all_152_with_their_grid_and_a_heartbeat_brings_one_online()
    {
        using var box = await EdgeBoxAsync(host.Factory);
        var camera = Network(host.Factory).Cameras[7];
        var beat = await box.PostAsync(new Uri($"/api/cameras/{camera.Id.Value}/heartbeat", UriKind.Relative), null);
        beat.StatusCode.Should().Be(HttpStatusCode.OK);

        var list = await host.Dispatcher.GetFromJsonAsync<JsonArray>(new Uri("/api/cameras", UriKind.Relative));

        list!.Should().HaveCount(152);
        list.Single(c => c!["cameraId"]!.GetValue<string>() == camera.Id.Value)!["online"]!.GetValue<bool>().Should().BeTrue();
        list.Should().OnlyContain(c => c!["gridCode"] != null);
        (await host.Dispatcher.GetAsync(new Uri("/api/cameras/12345", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var unknown = await host.Dispatcher.GetAsync(new Uri("/api/cameras/23010800001320999999", UriKind.Relative));
        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
        unknown.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json", "every 4xx is an RFC 9457 problem");
    }

    [Fact]
    public async Task An_officer_of_a_bureau_is_refused_the_camera_list_and_nobody_signed_in_cannot_ingest()
    {
        using var officer = await host.Factory.ClientAsAsync(Roles.Officer);

        var list = await officer.GetAsync(new Uri("/api/cameras", UriKind.Relative));
        var ingest = await host.Client.PostAsJsonAsync(new Uri("/api/cameras/events", UriKind.Relative),
            new { events = new[] { Plate(Network(host.Factory).Cameras[8], Now.AddMinutes(-1), NewPlate()) } });
        var wallIngest = await host.Dispatcher.PostAsJsonAsync(new Uri("/api/cameras/events", UriKind.Relative),
            new { events = new[] { Plate(Network(host.Factory).Cameras[8], Now.AddMinutes(-1), NewPlate()) } });

        list.StatusCode.Should().Be(HttpStatusCode.Forbidden, "camera positions and status are for the wall roles and the police");
        ingest.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        wallIngest.StatusCode.Should().Be(HttpStatusCode.Forbidden, "only the police service accounts of the edge boxes ingest");
    }
}
