using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hanan.Ops.Domain.Cameras.Simulation;
using Hanan.Ops.Host.Security;
using Hanan.Ops.Host.Tests.Security;
using static Hanan.Ops.Host.Tests.Cameras.CameraEvents;

namespace Hanan.Ops.Host.Tests.Cameras;

public sealed class PoliceQueryTests(EmbeddedHost host) : IClassFixture<EmbeddedHost>
{
    private DateTimeOffset Now => host.Factory.Clock.GetUtcNow();

    private List<CameraSite> Route(int cameras) => CameraEvents.Route(host.Factory, cameras);

    [Theory]
    [InlineData("/api/police/vehicles/黑A12345/trajectory")]
    [InlineData("/api/police/vehicles/黑A12345/trajectory?reason=")]
    [InlineData("/api/police/vehicles/黑A12345/companions?reason=ab")]
    [InlineData("/api/police/faces")]
    [InlineData("/api/police/alerts")]
    [InlineData("/api/police/watchlist")]
    public async Task A_police_query_without_a_stated_reason_is_refused_naming_the_field(string url)
    {
        using var police = await PoliceAsync(host.Factory);
        var response = await police.GetAsync(new Uri(url, UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["reason"].Should().NotBeNull();
    }

    [Fact]
    public async Task The_trajectory_is_a_GeoJSON_LineString_over_the_cameras_in_time_order_whatever_the_arrival_order()
    {
        using var box = await EdgeBoxAsync(host.Factory);
        using var police = await PoliceAsync(host.Factory);
        var plate = NewPlate();
        var route = Route(4);
        var t0 = Now.AddMinutes(-30);
        await PostAsync(box, Plate(route[2], t0.AddMinutes(2), plate), Plate(route[0], t0, plate));
        await PostAsync(box, Plate(route[3], t0.AddMinutes(3), plate), Plate(route[1], t0.AddMinutes(1), plate), Plate(route[0], t0, plate));

        var json = await police.GetFromJsonAsync<JsonObject>(new Uri($"/api/police/vehicles/{plate}/trajectory?reason=HN-2026-000123%20盗窃案", UriKind.Relative));

        json!["geometry"]!["type"]!.GetValue<string>().Should().Be("LineString");
        json["geometry"]!["coordinates"]!.AsArray().Select(c => c![0]!.GetValue<double>()).Should().Equal(route.Select(c => c.Longitude));
        json["properties"]!["cameras"]!.AsArray().Select(c => c!.GetValue<string>()).Should().Equal(route.Select(c => c.Id.Value));
        json["properties"]!["plate"]!.GetValue<string>().Should().Be(plate[..2] + "·" + plate[2..]);
    }

    [Fact]
    public async Task A_companion_following_the_target_is_found_and_a_stranger_is_not()
    {
        using var box = await EdgeBoxAsync(host.Factory);
        using var police = await PoliceAsync(host.Factory);
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

        await PostAsync(box, [.. events]);

        var found = await police.GetFromJsonAsync<JsonArray>(new Uri($"/api/police/vehicles/{target}/companions?reason=伴随车研判%20案件123&k=3&gapSeconds=60", UriKind.Relative));

        found!.Should().ContainSingle();
        found[0]!["plate"]!.GetValue<string>().Should().Be(companion);
        found[0]!["sharedCameras"]!.GetValue<int>().Should().Be(5);
        var badK = await police.GetAsync(new Uri($"/api/police/vehicles/{target}/companions?reason=伴随车研判&k=1", UriKind.Relative));
        badK.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_cloned_plate_alert_shows_the_masked_plate_outside_the_police_and_the_full_plate_to_the_police()
    {
        using var box = await EdgeBoxAsync(host.Factory);
        using var police = await PoliceAsync(host.Factory);
        var plate = NewPlate("45");
        var (a, b) = FarApart(host.Factory);
        await PostAsync(box, Plate(a, Now.AddMinutes(-4), plate), Plate(b, Now.AddMinutes(-3), plate));

        var wall = await host.Dispatcher.GetFromJsonAsync<JsonArray>(new Uri("/api/alerts?status=new", UriKind.Relative));
        var masked = plate[..2] + "·***45";
        var alert = wall!.Single(x => x!["plate"]?.GetValue<string>() == masked)!;
        alert["kind"]!.GetValue<string>().Should().Be("ClonedPlate");
        alert["detail"]!.GetValue<string>().Should().Contain(masked).And.NotContain(plate);

        var full = await police.GetFromJsonAsync<JsonArray>(new Uri("/api/police/alerts?reason=套牌核查", UriKind.Relative));
        full!.Any(x => x!["plate"]?.GetValue<string>() == plate).Should().BeTrue();
    }

    [Fact]
    public async Task An_alert_moves_through_its_lifecycle_and_creates_one_case_through_the_appeal_intake()
    {
        using var box = await EdgeBoxAsync(host.Factory);
        using var police = await PoliceAsync(host.Factory);
        var plate = NewPlate();
        var (a, b) = FarApart(host.Factory);
        await PostAsync(box, Plate(a, Now.AddMinutes(-9), plate), Plate(b, Now.AddMinutes(-8), plate));
        var id = (await police.GetFromJsonAsync<JsonArray>(new Uri("/api/police/alerts?reason=套牌核查", UriKind.Relative)))!
            .Single(x => x!["plate"]?.GetValue<string>() == plate)!["id"]!.GetValue<Guid>();

        var early = await host.Dispatcher.PostAsJsonAsync(new Uri($"/api/alerts/{id}/dispatch", UriKind.Relative), new { });
        early.StatusCode.Should().Be(HttpStatusCode.Conflict);
        early.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await host.Dispatcher.PostAsJsonAsync(new Uri($"/api/alerts/{id}/acknowledge", UriKind.Relative), new { })).StatusCode.Should().Be(HttpStatusCode.OK);
        var longNote = await host.Dispatcher.PostAsJsonAsync(new Uri($"/api/alerts/{id}/dispatch", UriKind.Relative), new { note = new string('x', 501) });
        longNote.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await longNote.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["note"].Should().NotBeNull();
        var officer = await host.Dispatcher.PostAsJsonAsync(new Uri($"/api/alerts/{id}/dispatch", UriKind.Relative), new { actor = "someone-else", note = "派巡逻车" });
        officer.StatusCode.Should().Be(HttpStatusCode.OK);
        var steps = (await officer.Content.ReadFromJsonAsync<JsonObject>())!["steps"]!.AsArray();
        steps.Skip(1).Select(x => x!["actor"]!.GetValue<string>()).Should().Equal(["dispatcher-1", "dispatcher-1"], "the actor is the token's subject, whatever the body says");

        var filed = await host.Dispatcher.PostAsJsonAsync(new Uri($"/api/alerts/{id}/case", UriKind.Relative), new { category = "emergency-sos" });
        filed.StatusCode.Should().Be(HttpStatusCode.OK, await filed.Content.ReadAsStringAsync());
        var caseId = (await filed.Content.ReadFromJsonAsync<JsonObject>())!["caseId"]!.GetValue<Guid>();
        var again = await police.PostAsJsonAsync(new Uri($"/api/alerts/{id}/case", UriKind.Relative), new { category = "emergency-sos" });
        (await again.Content.ReadFromJsonAsync<JsonObject>())!["caseId"]!.GetValue<Guid>().Should().Be(caseId, "one alert, one case");

        var stored = await host.Dispatcher.GetFromJsonAsync<JsonObject>(new Uri($"/api/cases/{caseId}", UriKind.Relative));
        stored!["timeline"]![0]!["channel"]!.GetValue<string>().Should().Be("camera-alert");
        stored.ToJsonString().Should().NotContain(plate, "the case goes to bureaus outside the police");

        var badCategory = await host.Dispatcher.PostAsJsonAsync(new Uri($"/api/alerts/{id}/case", UriKind.Relative), new { category = "no-such" });
        badCategory.StatusCode.Should().Be(HttpStatusCode.OK, "the alert already has its case");
    }

    [Fact]
    public async Task A_fence_with_a_self_intersecting_ring_or_no_rule_is_refused_and_a_good_one_is_stored()
    {
        using var police = await PoliceAsync(host.Factory);
        double[][] bowtie = [[126.60, 45.60], [126.61, 45.61], [126.61, 45.60], [126.60, 45.61], [126.60, 45.60]];
        var bad = await police.PutAsJsonAsync(new Uri("/api/fences/school-9", UriKind.Relative), new { name = "第九小学", ring = bowtie, onEnter = true });
        bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await bad.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["ring"].Should().NotBeNull();

        double[][] square = [[126.60, 45.60], [126.61, 45.60], [126.61, 45.61], [126.60, 45.61], [126.60, 45.60]];
        var noRule = await police.PutAsJsonAsync(new Uri("/api/fences/school-9", UriKind.Relative), new { name = "第九小学", ring = square });
        noRule.StatusCode.Should().Be(HttpStatusCode.BadRequest);

        var good = await police.PutAsJsonAsync(new Uri("/api/fences/school-9", UriKind.Relative),
            new { name = "第九小学", ring = square, dwellMinutes = 10, activeFrom = "07:00", activeUntil = "17:00" });
        good.StatusCode.Should().Be(HttpStatusCode.OK);
        (await host.Dispatcher.GetFromJsonAsync<JsonArray>(new Uri("/api/fences", UriKind.Relative)))!.Should().Contain(f => f!["id"]!.GetValue<string>() == "school-9");
    }

    [Fact]
    public async Task A_wanted_plate_read_at_low_confidence_and_a_person_of_interest_raise_alerts_for_the_police()
    {
        using var box = await EdgeBoxAsync(host.Factory);
        using var police = await PoliceAsync(host.Factory);
        var plate = NewPlate("38");
        var person = "POI-" + Guid.NewGuid().ToString("N")[..8];
        (await police.PutAsJsonAsync(new Uri($"/api/police/watchlist/plates/{plate}?reason=布控审批%201", UriKind.Relative), new { reason = "盗抢车辆" }))
            .StatusCode.Should().Be(HttpStatusCode.OK);
        (await police.PutAsJsonAsync(new Uri($"/api/police/watchlist/persons/{person}?reason=布控审批%202", UriKind.Relative), new { reason = "网上追逃" }))
            .StatusCode.Should().Be(HttpStatusCode.OK);
        var camera = Network(host.Factory).Cameras[30];

        var result = await PostAsync(box,
            Plate(camera, Now.AddMinutes(-1), plate[..^1] + "B", confidence: 0.5),
            new { type = "face", cameraId = camera.Id.Value, at = Now.AddMinutes(-1), confidence = 0.96, personRef = person });

        result["results"]![0]!["fuzzy"]!.GetValue<bool>().Should().BeTrue("a misread 8 → B of a wanted plate");
        var alerts = await police.GetFromJsonAsync<JsonArray>(new Uri("/api/police/alerts?reason=布控核查", UriKind.Relative));
        alerts!.Should().Contain(a => a!["kind"]!.GetValue<string>() == "WantedPlate" && a["plate"]!.GetValue<string>() == plate
            && a["policeNote"]!.GetValue<string>() == "盗抢车辆", "the police see why the plate is wanted");
        alerts!.Should().Contain(a => a!["kind"]!.GetValue<string>() == "PersonOfInterest" && a["personRef"]!.GetValue<string>() == person
            && a["policeNote"]!.GetValue<string>().StartsWith("网上追逃，相似度 0.96", StringComparison.Ordinal), "the police see why and how close the match is");
        var wall = await host.Dispatcher.GetFromJsonAsync<JsonArray>(new Uri("/api/alerts", UriKind.Relative));
        wall!.ToJsonString().Should().NotContain(person).And.NotContain(plate);
        var hits = wall!.Where(a => a!["kind"]!.GetValue<string>() is "WantedPlate" or "PersonOfInterest")
            .Select(a => a!["detail"]!.GetValue<string>()).ToList();
        hits.Should().HaveCountGreaterThanOrEqualTo(2)
            .And.OnlyContain(d => d.Contains(camera.Intersection, StringComparison.Ordinal), "the wall still says where")
            .And.NotContain(d => d.Contains("盗抢车辆", StringComparison.Ordinal) || d.Contains("网上追逃", StringComparison.Ordinal),
                "why the police want a plate or a person is theirs, not the wall's");
        wall!.Should().OnlyContain(a => a!["policeNote"] == null, "the wall gets no police note");
        var faces = await police.GetFromJsonAsync<JsonArray>(new Uri($"/api/police/faces?reason=布控核查&personRef={person}", UriKind.Relative));
        faces!.Should().ContainSingle();
    }

    [Theory]
    [InlineData("/api/police/alerts?reason=套牌核查")]
    [InlineData("/api/police/vehicles/黑A12345/trajectory?reason=HN-2026-000123")]
    [InlineData("/api/police/vehicles/黑A12345/companions?reason=HN-2026-000123")]
    [InlineData("/api/police/faces?reason=HN-2026-000123")]
    [InlineData("/api/police/watchlist?reason=HN-2026-000123")]
    public async Task A_dispatcher_sees_masked_plates_on_the_wall_and_is_refused_every_police_query(string url)
    {
        using var box = await EdgeBoxAsync(host.Factory);
        var plate = NewPlate("52");
        var (a, b) = FarApart(host.Factory);
        await PostAsync(box, Plate(a, Now.AddMinutes(-6), plate), Plate(b, Now.AddMinutes(-5), plate));

        var wall = await host.Dispatcher.GetFromJsonAsync<JsonArray>(new Uri("/api/alerts?limit=1000", UriKind.Relative));
        var police = await host.Dispatcher.GetAsync(new Uri(url, UriKind.Relative));

        var masked = plate[..2] + "·***52";
        wall!.Select(x => x!["plate"]?.GetValue<string>()).Should().Contain(masked);
        wall!.ToJsonString().Should().NotContain(plate);
        police.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        police.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }

    [Fact]
    public async Task A_police_query_leaves_an_audit_record_naming_the_query_the_officer_and_the_stated_reason()
    {
        using var police = await PoliceAsync(host.Factory);
        using var auditor = await host.Factory.ClientAsAsync(Roles.Auditor, "auditor-cameras");
        var plate = NewPlate();
        var reason = "HN-2026-" + Guid.NewGuid().ToString("N")[..6] + " 盗窃案";

        var answer = await police.GetAsync(new Uri($"/api/police/vehicles/{plate}/trajectory?reason={Uri.EscapeDataString(reason)}", UriKind.Relative));
        answer.StatusCode.Should().Be(HttpStatusCode.OK);
        var refused = await police.GetAsync(new Uri($"/api/police/vehicles/{plate}/profile", UriKind.Relative));
        refused.StatusCode.Should().Be(HttpStatusCode.BadRequest);

        var records = await DataScopeTests.AuditRecordsAsync(auditor);
        var queries = records.Select(r => r["entry"]!).Where(e => e["action"]!.GetValue<string>() == "police.query").ToList();
        var entry = queries.Should().ContainSingle(e => e["detail"]!.GetValue<string>() == "reason: " + reason).Subject;
        entry["target"]!.GetValue<string>().Should().Be($"GET /api/police/vehicles/{plate}/trajectory");
        entry["actor"]!.GetValue<string>().Should().Be(Officer);
        entry["role"]!.GetValue<string>().Should().Be(Roles.Police);
        entry["outcome"]!.GetValue<string>().Should().Be("Success");
        queries.Should().NotContain(e => e["target"]!.GetValue<string>().EndsWith($"{plate}/profile", StringComparison.Ordinal),
            "a query without a stated reason is refused before anything is read");
    }

    [Fact]
    public async Task Hostile_values_in_police_queries_fences_and_events_are_problems_naming_the_field_never_server_errors()
    {
        using var box = await EdgeBoxAsync(host.Factory);
        using var police = await PoliceAsync(host.Factory);
        var camera = Network(host.Factory).Cameras[40];

        var calendarStart = await police.GetAsync(new Uri("/api/police/vehicles/黑A12345/trajectory?reason=边界核查&to=0001-01-01T00:00:00Z", UriKind.Relative));
        var nulPerson = await police.GetAsync(new Uri("/api/police/faces?reason=边界核查&personRef=%00", UriKind.Relative));
        var badCamera = await police.GetAsync(new Uri("/api/police/faces?reason=边界核查&cameraId=%27%20OR%201%3D1", UriKind.Relative));
        double[][] huge = [[1e308, 45.60], [126.61, 45.60], [126.61, 45.61], [1e308, 45.60]];
        var hugeFence = await police.PutAsJsonAsync(new Uri("/api/fences/huge", UriKind.Relative), new { name = "越界", ring = huge, onEnter = true });
        var unknownAlert = await host.Dispatcher.PostAsJsonAsync(new Uri($"/api/alerts/{Guid.NewGuid()}/close", UriKind.Relative), new { });
        var events = await PostAsync(box,
            new { type = "plate", eventId = "box\u0000", cameraId = camera.Id.Value, at = Now.AddMinutes(-1), plate = NewPlate(), confidence = 0.9 });

        calendarStart.StatusCode.Should().Be(HttpStatusCode.OK, "an empty window at the start of the calendar is a question with no answer, not an overflow");
        (await calendarStart.Content.ReadFromJsonAsync<JsonObject>())!["geometry"].Should().BeNull();
        foreach (var (response, field) in new[] { (nulPerson, "personRef"), (badCamera, "cameraId"), (hugeFence, "ring") })
        {
            response.StatusCode.Should().Be(HttpStatusCode.BadRequest, field);
            (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]![field].Should().NotBeNull();
        }

        unknownAlert.StatusCode.Should().Be(HttpStatusCode.NotFound);
        unknownAlert.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        events["results"]![0]!["errors"]!["eventId"]!.ToString().Should().Contain("control characters");
    }
}
