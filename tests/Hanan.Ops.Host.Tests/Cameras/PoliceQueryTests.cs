using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hanan.Ops.Domain.Cameras.Simulation;
using static Hanan.Ops.Host.Tests.Cameras.CameraEvents;

namespace Hanan.Ops.Host.Tests.Cameras;

public sealed class PoliceQueryTests(EmbeddedHost host) : IClassFixture<EmbeddedHost>
{
    private DateTimeOffset Now => host.Factory.Clock.GetUtcNow();

    /// <summary>A drive along a shortest road path of at least <paramref name="cameras"/> cameras, one minute per hop.</summary>
    private List<CameraSite> Route(int cameras)
    {
        var network = Network(host.Factory);
        var start = network.Cameras[10];
        var route = new List<CameraSite> { start };
        var visited = new HashSet<int> { start.Node };
        while (route.Count < cameras)
        {
            var next = network.Cameras.Where(c => !visited.Contains(c.Node))
                .MinBy(c => network.RoadMeters(route[^1].Node, c.Node))!;
            visited.Add(next.Node);
            route.Add(next);
        }

        return route;
    }

    [Theory]
    [InlineData("/api/police/vehicles/黑A12345/trajectory")]
    [InlineData("/api/police/vehicles/黑A12345/trajectory?reason=")]
    [InlineData("/api/police/vehicles/黑A12345/companions?reason=ab")]
    [InlineData("/api/police/faces")]
    [InlineData("/api/police/alerts")]
    [InlineData("/api/police/watchlist")]
    public async Task A_police_query_without_a_stated_reason_is_refused_naming_the_field(string url)
    {
        var response = await host.Client.GetAsync(new Uri(url, UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["reason"].Should().NotBeNull();
    }

    [Fact]
    public async Task The_trajectory_is_a_GeoJSON_LineString_over_the_cameras_in_time_order_whatever_the_arrival_order()
    {
        var plate = NewPlate();
        var route = Route(4);
        var t0 = Now.AddMinutes(-30);
        await PostAsync(host.Client, Plate(route[2], t0.AddMinutes(2), plate), Plate(route[0], t0, plate));
        await PostAsync(host.Client, Plate(route[3], t0.AddMinutes(3), plate), Plate(route[1], t0.AddMinutes(1), plate), Plate(route[0], t0, plate));

        var json = await host.Client.GetFromJsonAsync<JsonObject>(new Uri($"/api/police/vehicles/{plate}/trajectory?reason=HN-2026-000123%20盗窃案", UriKind.Relative));

        json!["geometry"]!["type"]!.GetValue<string>().Should().Be("LineString");
        json["geometry"]!["coordinates"]!.AsArray().Select(c => c![0]!.GetValue<double>()).Should().Equal(route.Select(c => c.Longitude));
        json["properties"]!["cameras"]!.AsArray().Select(c => c!.GetValue<string>()).Should().Equal(route.Select(c => c.Id.Value));
        json["properties"]!["plate"]!.GetValue<string>().Should().Be(plate[..2] + "·" + plate[2..]);
    }

    [Fact]
    public async Task A_companion_following_the_target_is_found_and_a_stranger_is_not()
    {
        var target = NewPlate();
        var companion = NewPlate("77");
        var stranger = NewPlate("66");
        var route = Route(5);
        var t0 = Now.AddMinutes(-50);
        var events = new List<object>();
        for (var i = 0; i < route.Count; i++)
        {
            events.Add(Plate(route[i], t0.AddMinutes(i), target));
            events.Add(Plate(route[i], t0.AddMinutes(i).AddSeconds(20), companion));
            if (i < 2)
            {
                events.Add(Plate(route[i], t0.AddMinutes(i).AddSeconds(10), stranger));
            }
        }

        await PostAsync(host.Client, [.. events]);

        var found = await host.Client.GetFromJsonAsync<JsonArray>(new Uri($"/api/police/vehicles/{target}/companions?reason=伴随车研判%20案件123&k=3&gapSeconds=60", UriKind.Relative));

        found!.Should().ContainSingle();
        found[0]!["plate"]!.GetValue<string>().Should().Be(companion);
        found[0]!["sharedCameras"]!.GetValue<int>().Should().Be(5);
        var badK = await host.Client.GetAsync(new Uri($"/api/police/vehicles/{target}/companions?reason=伴随车研判&k=1", UriKind.Relative));
        badK.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_cloned_plate_alert_shows_the_masked_plate_outside_the_police_and_the_full_plate_to_the_police()
    {
        var plate = NewPlate("45");
        var (a, b) = FarApart(host.Factory);
        await PostAsync(host.Client, Plate(a, Now.AddMinutes(-4), plate), Plate(b, Now.AddMinutes(-3), plate));

        var wall = await host.Client.GetFromJsonAsync<JsonArray>(new Uri("/api/alerts?status=new", UriKind.Relative));
        var masked = plate[..2] + "·***45";
        var alert = wall!.Single(x => x!["plate"]?.GetValue<string>() == masked)!;
        alert["kind"]!.GetValue<string>().Should().Be("ClonedPlate");
        alert["detail"]!.GetValue<string>().Should().Contain(masked).And.NotContain(plate);

        var police = await host.Client.GetFromJsonAsync<JsonArray>(new Uri("/api/police/alerts?reason=套牌核查", UriKind.Relative));
        police!.Any(x => x!["plate"]?.GetValue<string>() == plate).Should().BeTrue();
    }

    [Fact]
    public async Task An_alert_moves_through_its_lifecycle_and_creates_one_case_through_the_appeal_intake()
    {
        var plate = NewPlate();
        var (a, b) = FarApart(host.Factory);
        await PostAsync(host.Client, Plate(a, Now.AddMinutes(-9), plate), Plate(b, Now.AddMinutes(-8), plate));
        var id = (await host.Client.GetFromJsonAsync<JsonArray>(new Uri("/api/police/alerts?reason=套牌核查", UriKind.Relative)))!
            .Single(x => x!["plate"]?.GetValue<string>() == plate)!["id"]!.GetValue<Guid>();

        var early = await host.Client.PostAsJsonAsync(new Uri($"/api/alerts/{id}/dispatch", UriKind.Relative), new { actor = "dispatcher-1" });
        early.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await host.Client.PostAsJsonAsync(new Uri($"/api/alerts/{id}/acknowledge", UriKind.Relative), new { actor = "dispatcher-1" })).StatusCode.Should().Be(HttpStatusCode.OK);
        var noActor = await host.Client.PostAsJsonAsync(new Uri($"/api/alerts/{id}/dispatch", UriKind.Relative), new { note = "x" });
        noActor.StatusCode.Should().Be(HttpStatusCode.BadRequest);

        var filed = await host.Client.PostAsJsonAsync(new Uri($"/api/alerts/{id}/case", UriKind.Relative), new { actor = "dispatcher-1", category = "emergency-sos" });
        filed.StatusCode.Should().Be(HttpStatusCode.OK, await filed.Content.ReadAsStringAsync());
        var caseId = (await filed.Content.ReadFromJsonAsync<JsonObject>())!["caseId"]!.GetValue<Guid>();
        var again = await host.Client.PostAsJsonAsync(new Uri($"/api/alerts/{id}/case", UriKind.Relative), new { actor = "dispatcher-1", category = "emergency-sos" });
        (await again.Content.ReadFromJsonAsync<JsonObject>())!["caseId"]!.GetValue<Guid>().Should().Be(caseId, "one alert, one case");

        var stored = await host.Client.GetFromJsonAsync<JsonObject>(new Uri($"/api/cases/{caseId}", UriKind.Relative));
        stored!["timeline"]![0]!["channel"]!.GetValue<string>().Should().Be("camera-alert");
        stored.ToJsonString().Should().NotContain(plate, "the case goes to bureaus outside the police");

        var badCategory = await host.Client.PostAsJsonAsync(new Uri($"/api/alerts/{id}/case", UriKind.Relative), new { actor = "d", category = "no-such" });
        badCategory.StatusCode.Should().Be(HttpStatusCode.OK, "the alert already has its case");
    }

    [Fact]
    public async Task A_fence_with_a_self_intersecting_ring_or_no_rule_is_refused_and_a_good_one_is_stored()
    {
        double[][] bowtie = [[126.60, 45.60], [126.61, 45.61], [126.61, 45.60], [126.60, 45.61], [126.60, 45.60]];
        var bad = await host.Client.PutAsJsonAsync(new Uri("/api/fences/school-9", UriKind.Relative), new { name = "第九小学", ring = bowtie, onEnter = true });
        bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await bad.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["ring"].Should().NotBeNull();

        double[][] square = [[126.60, 45.60], [126.61, 45.60], [126.61, 45.61], [126.60, 45.61], [126.60, 45.60]];
        var noRule = await host.Client.PutAsJsonAsync(new Uri("/api/fences/school-9", UriKind.Relative), new { name = "第九小学", ring = square });
        noRule.StatusCode.Should().Be(HttpStatusCode.BadRequest);

        var good = await host.Client.PutAsJsonAsync(new Uri("/api/fences/school-9", UriKind.Relative),
            new { name = "第九小学", ring = square, dwellMinutes = 10, activeFrom = "07:00", activeUntil = "17:00" });
        good.StatusCode.Should().Be(HttpStatusCode.OK);
        (await host.Client.GetFromJsonAsync<JsonArray>(new Uri("/api/fences", UriKind.Relative)))!.Should().Contain(f => f!["id"]!.GetValue<string>() == "school-9");
    }

    [Fact]
    public async Task A_wanted_plate_read_at_low_confidence_and_a_person_of_interest_raise_alerts_for_the_police()
    {
        var plate = NewPlate("38");
        var person = "POI-" + Guid.NewGuid().ToString("N")[..8];
        (await host.Client.PutAsJsonAsync(new Uri($"/api/police/watchlist/plates/{plate}?reason=布控审批%201", UriKind.Relative), new { reason = "盗抢车辆" }))
            .StatusCode.Should().Be(HttpStatusCode.OK);
        (await host.Client.PutAsJsonAsync(new Uri($"/api/police/watchlist/persons/{person}?reason=布控审批%202", UriKind.Relative), new { reason = "网上追逃" }))
            .StatusCode.Should().Be(HttpStatusCode.OK);
        var camera = Network(host.Factory).Cameras[30];

        var result = await PostAsync(host.Client,
            Plate(camera, Now.AddMinutes(-1), plate[..^1] + "B", confidence: 0.5),
            new { type = "face", cameraId = camera.Id.Value, at = Now.AddMinutes(-1), confidence = 0.96, personRef = person });

        result["results"]![0]!["fuzzy"]!.GetValue<bool>().Should().BeTrue("a misread 8 → B of a wanted plate");
        var alerts = await host.Client.GetFromJsonAsync<JsonArray>(new Uri("/api/police/alerts?reason=布控核查", UriKind.Relative));
        alerts!.Any(a => a!["kind"]!.GetValue<string>() == "WantedPlate" && a["plate"]?.GetValue<string>() == plate).Should().BeTrue();
        alerts!.Any(a => a!["kind"]!.GetValue<string>() == "PersonOfInterest" && a["personRef"]?.GetValue<string>() == person).Should().BeTrue();
        var wall = await host.Client.GetFromJsonAsync<JsonArray>(new Uri("/api/alerts", UriKind.Relative));
        wall!.ToJsonString().Should().NotContain(person).And.NotContain(plate);
        var faces = await host.Client.GetFromJsonAsync<JsonArray>(new Uri($"/api/police/faces?reason=布控核查&personRef={person}", UriKind.Relative));
        faces!.Should().ContainSingle();
    }
}
