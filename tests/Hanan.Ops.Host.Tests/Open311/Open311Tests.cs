using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Hanan.Ops.Domain.Geography;
using Hanan.Ops.Host.Security;
using Hanan.Ops.Host.Tests.Security;
using Microsoft.Extensions.DependencyInjection;

namespace Hanan.Ops.Host.Tests.Open311;

/// <summary>
/// Open311 GeoReport v2 as another system uses it, over real HTTP: every answer is checked against the schemas written
/// from the specification, in both formats; a posted request is an appeal on the one intake path (validation,
/// idempotency, routing, durability), read back with the public trace only.
/// </summary>
public sealed class Open311Tests(EmbeddedHost host) : IClassFixture<EmbeddedHost>
{
    private const string V2 = "/open311/v2";

    private async Task<string> IssueKeyAsync(string id, int? perMinute = null)
    {
        using var admin = await host.Factory.ClientAsAsync(Roles.Administrator);
        var issued = await admin.PostAsJsonAsync(new Uri("/api/open311/clients", UriKind.Relative), new { id, name = $"测试系统 {id}", requestsPerMinute = perMinute });
        issued.StatusCode.Should().Be(HttpStatusCode.Created);
        return (await issued.Content.ReadFromJsonAsync<JsonObject>())!["apiKey"]!.GetValue<string>();
    }

    private (double Lat, double Lon, string Grid) Point(int grid)
    {
        var g = host.Factory.Services.GetRequiredService<DistrictMap>().Grids[grid];
        return (g.LabelPoint.Y, g.LabelPoint.X, g.Code);
    }

    private async Task<HttpResponseMessage> PostAsync(string path, IEnumerable<KeyValuePair<string, string>> form, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(V2 + path, UriKind.Relative)) { Content = new FormUrlEncodedContent(form) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return await host.Client.SendAsync(request);
    }

    private List<KeyValuePair<string, string>> NoiseForm(string key, int grid, string description = "小区门口商铺夜间高音喇叭，影响休息。")
    {
        var (lat, lon, _) = Point(grid);
        return
        [
            new("api_key", key),
            new("service_code", "noise"),
            new("lat", lat.ToString("R", System.Globalization.CultureInfo.InvariantCulture)),
            new("long", lon.ToString("R", System.Globalization.CultureInfo.InvariantCulture)),
            new("description", description),
            new("attribute[period]", "night"),
            new("attribute[source][]", "business"),
            new("attribute[source][]", "traffic"),
            new("last_name", "王"),
            new("first_name", "小明"),
            new("phone", "13812345678"),
            new("email", "wang@example.cn"),
        ];
    }

    private static async Task<string> ValidXmlAsync(HttpResponseMessage response)
    {
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/xml");
        response.Content.Headers.ContentType.CharSet.Should().Be("utf-8");
        var xml = await response.Content.ReadAsStringAsync();
        xml.Should().StartWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>");
        Open311Schemas.XmlProblems(xml).Should().BeEmpty(xml);
        return xml;
    }

    private static async Task<JsonNode> ValidJsonAsync(HttpResponseMessage response, string schema)
    {
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        var json = await response.Content.ReadAsStringAsync();
        Open311Schemas.JsonProblems(json, schema).Should().BeEmpty(json);
        return JsonNode.Parse(json)!;
    }

    [Fact]
    public async Task Discovery_services_and_definitions_answer_in_both_formats_as_the_specification_writes_them()
    {
        await ValidXmlAsync(await host.Client.GetAsync(new Uri(V2 + "/discovery.xml", UriKind.Relative)));
        var discovery = await ValidJsonAsync(await host.Client.GetAsync(new Uri(V2 + "/discovery.json", UriKind.Relative)), "discovery");
        discovery["endpoints"]![0]!["url"]!.GetValue<string>().Should().EndWith(V2);

        var xml = XDocument.Parse(await ValidXmlAsync(await host.Client.GetAsync(new Uri(V2 + "/services.xml", UriKind.Relative))));
        var json = (await ValidJsonAsync(await host.Client.GetAsync(new Uri(V2 + "/services.json", UriKind.Relative)), "services")).AsArray();
        var codes = json.Select(s => s!["service_code"]!.GetValue<string>()).ToList();
        codes.Should().Contain(["noise", "heating", "road-damage", "gas-leak"]);
        xml.Root!.Elements("service").Select(s => s.Element("service_code")!.Value).Should().Equal(codes, "both formats say the same");
        json.Single(s => s!["service_code"]!.GetValue<string>() == "noise")!["metadata"]!.GetValue<bool>().Should().BeTrue();
        json.Single(s => s!["service_code"]!.GetValue<string>() == "food-safety")!["metadata"]!.GetValue<bool>().Should().BeFalse();
        json.Single(s => s!["service_code"]!.GetValue<string>() == "noise")!["service_name"]!.GetValue<string>().Should().Be("噪声扰民");

        var definition = await ValidJsonAsync(await host.Client.GetAsync(new Uri(V2 + "/services/noise.json", UriKind.Relative)), "service-definition");
        definition["attributes"]!.AsArray().Select(a => (a!["code"]!.GetValue<string>(), a["datatype"]!.GetValue<string>(), a["order"]!.GetValue<int>()))
            .Should().Equal(("period", "singlevaluelist", 1), ("source", "multivaluelist", 2));
        var definitionXml = XDocument.Parse(await ValidXmlAsync(await host.Client.GetAsync(new Uri(V2 + "/services/heating.xml", UriKind.Relative))));
        definitionXml.Root!.Element("attributes")!.Elements("attribute").Select(a => a.Element("datatype")!.Value).Should().Equal("number", "datetime");

        var unknown = await host.Client.GetAsync(new Uri(V2 + "/services/potholes.json", UriKind.Relative));
        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await ValidJsonAsync(unknown, "errors"))[0]!["description"]!.GetValue<string>().Should().Contain("potholes");
        var badFormat = await host.Client.GetAsync(new Uri(V2 + "/services.yaml", UriKind.Relative));
        badFormat.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await ValidXmlAsync(badFormat)).Should().Contain("yaml");
    }

    [Fact]
    public async Task A_posted_request_is_one_appeal_on_the_intake_path_however_often_it_is_posted()
    {
        var key = await IssueKeyAsync("neighbour-app");

        var created = await PostAsync("/requests.json", NoiseForm(key, 30));
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        var answer = await ValidJsonAsync(created, "post-request");
        var id = answer[0]!["service_request_id"]!.GetValue<string>();
        answer[0]!["service_notice"]!.GetValue<string>().Should().StartWith("受理编号 HN-");
        created.Headers.Location!.ToString().Should().Be($"{V2}/requests/{id}.json");

        // The same form again (no key): the form is the key, nothing new is filed.
        var again = await PostAsync("/requests.xml", NoiseForm(key, 30));
        again.StatusCode.Should().Be(HttpStatusCode.OK);
        XDocument.Parse(await ValidXmlAsync(again)).Root!.Element("request")!.Element("service_request_id")!.Value.Should().Be(id);

        // The case: routed like any appeal, the answers in its description, the contact kept for staff only.
        var view = await host.Dispatcher.GetFromJsonAsync<JsonObject>(new Uri($"/api/cases/{id}", UriKind.Relative));
        view!["leadBureau"]!.GetValue<string>().Should().Be("ecology");
        view["description"]!.GetValue<string>().Should().Be("小区门口商铺夜间高音喇叭，影响休息。\n噪声时段：夜间（22:00—次日6:00）\n噪声来源：商业经营、交通运输");
        view["contact"]!["name"]!.GetValue<string>().Should().Be("王小明");
        view["timeline"]![0]!["actor"]!["id"]!.GetValue<string>().Should().Be("open311:neighbour-app");

        // An Idempotency-Key makes a new request; its retry is the same one; the key with other content is refused.
        var keyed = await PostAsync("/requests.json", NoiseForm(key, 30), "fms-report-1001");
        keyed.StatusCode.Should().Be(HttpStatusCode.Created);
        var keyedId = (await ValidJsonAsync(keyed, "post-request"))[0]!["service_request_id"]!.GetValue<string>();
        keyedId.Should().NotBe(id);
        var retried = await PostAsync("/requests.json", NoiseForm(key, 30), "fms-report-1001");
        retried.StatusCode.Should().Be(HttpStatusCode.OK);
        retried.Headers.GetValues("Idempotent-Replayed").Should().Equal("true");
        var reused = await PostAsync("/requests.json", NoiseForm(key, 30, "另一件事：夜间施工噪声很大。"), "fms-report-1001");
        reused.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await ValidJsonAsync(reused, "errors"))[0]!["description"]!.GetValue<string>().Should().StartWith("Idempotency-Key");

        // The token is the client's key: it finds the request again.
        var token = await host.Client.GetAsync(new Uri($"{V2}/tokens/fms-report-1001.json?api_key={key}", UriKind.Relative));
        (await ValidJsonAsync(token, "token"))[0]!["service_request_id"]!.GetValue<string>().Should().Be(keyedId);
        (await host.Client.GetAsync(new Uri($"{V2}/tokens/fms-report-1001.json?api_key={await IssueKeyAsync("other-app")}", UriKind.Relative)))
            .StatusCode.Should().Be(HttpStatusCode.NotFound, "a token belongs to the client that filed under it");
    }

    [Fact]
    public async Task Bad_posts_answer_the_specifications_errors_naming_each_field_and_file_nothing()
    {
        var key = await IssueKeyAsync("strict-app");
        var (lat, lon, _) = Point(31);

        var noKey = await PostAsync("/requests.xml", [new("service_code", "noise")]);
        noKey.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await ValidXmlAsync(noKey)).Should().Contain("api_key");
        var wrongKey = await PostAsync("/requests.json", [new("api_key", "o311_not-a-key"), new("service_code", "noise")]);
        wrongKey.StatusCode.Should().Be(HttpStatusCode.Forbidden);

        var bad = await PostAsync("/requests.json",
        [
            new("api_key", key), new("service_code", "noise"), new("lat", "north"), new("long", lon.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("description", "噪声"), new("attribute[period]", "evening"), new("attribute[colour]", "red"), new("phone", "12345"),
        ]);
        bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var errors = (await ValidJsonAsync(bad, "errors")).AsArray().Select(e => e!["description"]!.GetValue<string>()).ToList();
        errors.Should().Contain(e => e.StartsWith("lat:", StringComparison.Ordinal));
        errors.Should().Contain(e => e.StartsWith("attribute[period]:", StringComparison.Ordinal));
        errors.Should().Contain(e => e.StartsWith("attribute[colour]:", StringComparison.Ordinal));
        errors.Should().Contain(e => e.StartsWith("phone:", StringComparison.Ordinal));
        errors.Should().OnlyContain(e => !e.Contains("12345", StringComparison.Ordinal) || e.StartsWith("phone", StringComparison.Ordinal));

        var unknownService = await PostAsync("/requests.xml",
            [new("api_key", key), new("service_code", "potholes"), new("lat", lat.ToString("R", System.Globalization.CultureInfo.InvariantCulture)),
             new("long", lon.ToString("R", System.Globalization.CultureInfo.InvariantCulture)), new("description", "路面有坑")]);
        unknownService.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ValidXmlAsync(unknownService)).Should().Contain("service_code:");

        var addressOnly = await PostAsync("/requests.json", [new("api_key", key), new("service_code", "sanitation"), new("address_string", "友协大街 1 号"), new("description", "垃圾满溢无人清运")]);
        (await ValidJsonAsync(addressOnly, "errors")).AsArray().Select(e => e!["description"]!.GetValue<string>()).Should().Contain(e => e.StartsWith("address_string:", StringComparison.Ordinal));

        using var json = new StringContent("""{"service_code":"noise"}""", System.Text.Encoding.UTF8, "application/json");
        var notAForm = await host.Client.PostAsync(new Uri(V2 + "/requests.json", UriKind.Relative), json);
        notAForm.StatusCode.Should().Be(HttpStatusCode.BadRequest);

        var page = await host.Client.GetAsync(new Uri($"{V2}/requests.json?api_key={key}", UriKind.Relative));
        (await ValidJsonAsync(page, "requests")).AsArray().Select(r => r!["service_code"]!.GetValue<string>()).Should().NotContain("potholes");
    }

    [Fact]
    public async Task Requests_are_read_with_the_specifications_filters_and_paging_with_the_public_trace_only()
    {
        var key = await IssueKeyAsync("reader-app");
        var (lat, lon, grid) = Point(40);
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var posted = await PostAsync("/requests.json",
            [
                new("api_key", key), new("service_code", "road-damage"), new("attribute[size]", "medium"),
                new("lat", lat.ToString("R", System.Globalization.CultureInfo.InvariantCulture)), new("long", lon.ToString("R", System.Globalization.CultureInfo.InvariantCulture)),
                new("description", $"第 {i + 1} 处路面坑洼，联系电话 13900001111，身份证 230108199001011234。"), new("address_string", "友协大街与新疆大街交口"),
            ]);
            posted.StatusCode.Should().Be(HttpStatusCode.Created);
            ids.Add((await posted.Content.ReadFromJsonAsync<JsonArray>())![0]!["service_request_id"]!.GetValue<string>());
        }

        using var transport = await host.Factory.ClientAsAsync(Roles.Officer, "officer-7", bureau: "transport");
        (await transport.PostAsJsonAsync(new Uri($"/api/cases/{ids[0]}/claim", UriKind.Relative), new { })).StatusCode.Should().Be(HttpStatusCode.OK);
        (await transport.PostAsJsonAsync(new Uri($"/api/cases/{ids[0]}/resolve", UriKind.Relative), new { summary = "已修补路面" })).StatusCode.Should().Be(HttpStatusCode.OK);
        using var urban = await host.Factory.ClientAsAsync(Roles.Officer, "officer-8", bureau: "urban-management");
        (await urban.PostAsJsonAsync(new Uri($"/api/cases/{ids[0]}/claim", UriKind.Relative), new { })).StatusCode.Should().Be(HttpStatusCode.OK);
        (await urban.PostAsJsonAsync(new Uri($"/api/cases/{ids[0]}/reports", UriKind.Relative), new { summary = "已设置警示标志" })).StatusCode.Should().Be(HttpStatusCode.OK);

        var one = await host.Client.GetAsync(new Uri($"{V2}/requests/{ids[0]}.xml?api_key={key}", UriKind.Relative));
        var request = XDocument.Parse(await ValidXmlAsync(one)).Root!.Element("request")!;
        request.Element("status")!.Value.Should().Be("closed");
        request.Element("status_notes")!.Value.Should().NotBeEmpty().And.NotContain("officer-7", "staff appear by unit in the public trace");
        request.Element("agency_responsible")!.Value.Should().Be("区交通运输局");
        request.Element("address_id")!.Value.Should().Be(grid);
        request.Element("description")!.Value.Should().Contain("139****1111").And.Contain("2301**********1234").And.NotContain("13900001111");
        (await one.Content.ReadAsStringAsync()).Should().NotContain("13812345678").And.NotContain("contact");

        var open = await host.Client.GetAsync(new Uri($"{V2}/requests.json?api_key={key}&service_code=road-damage,noise&status=open", UriKind.Relative));
        var openIds = (await ValidJsonAsync(open, "requests")).AsArray().Select(r => r!["service_request_id"]!.GetValue<string>()).ToList();
        openIds.Should().Contain([ids[1], ids[2]]).And.NotContain(ids[0]);

        var byId = await host.Client.GetAsync(new Uri($"{V2}/requests.json?api_key={key}&service_request_id={ids[2]},{ids[0]}&status=open", UriKind.Relative));
        (await ValidJsonAsync(byId, "requests")).AsArray().Select(r => r!["service_request_id"]!.GetValue<string>())
            .Should().BeEquivalentTo([ids[2], ids[0]], "with service_request_id every other parameter is ignored");

        // Paging: a Link header names the next page; following it gives the rest, without repeats.
        var seen = new List<string>();
        var next = $"{V2}/requests.json?api_key={key}&service_code=road-damage&page_size=2";
        while (next is not null)
        {
            var page = await host.Client.GetAsync(new Uri(next, UriKind.Relative));
            seen.AddRange((await ValidJsonAsync(page, "requests")).AsArray().Select(r => r!["service_request_id"]!.GetValue<string>()));
            next = page.Headers.TryGetValues("Link", out var links) ? links.Single().Split('<', '>')[1] : null;
        }

        seen.Should().OnlyHaveUniqueItems().And.Contain(ids);

        var future = await host.Client.GetAsync(new Uri($"{V2}/requests.json?api_key={key}&start_date=2099-01-01T00:00:00Z", UriKind.Relative));
        (await ValidJsonAsync(future, "requests")).AsArray().Should().BeEmpty();
        var badDate = await host.Client.GetAsync(new Uri($"{V2}/requests.json?api_key={key}&start_date=yesterday&status=pending", UriKind.Relative));
        badDate.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ValidJsonAsync(badDate, "errors")).AsArray().Select(e => e!["description"]!.GetValue<string>().Split(':')[0]).Should().BeEquivalentTo("start_date", "status");
        (await host.Client.GetAsync(new Uri($"{V2}/requests.json", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.Forbidden, "requests are not public records here");
    }

    [Fact]
    public async Task Updates_flow_out_as_the_public_trace_and_in_as_the_filers_supplement_once_per_update_id()
    {
        var key = await IssueKeyAsync("fms-bridge");
        var posted = await PostAsync("/requests.json", NoiseForm(key, 50, "工地夜间施工，噪声扰民严重。"));
        var id = (await posted.Content.ReadFromJsonAsync<JsonArray>())![0]!["service_request_id"]!.GetValue<string>();
        using var ecology = await host.Factory.ClientAsAsync(Roles.Officer, "officer-9", bureau: "ecology");
        (await ecology.PostAsJsonAsync(new Uri($"/api/cases/{id}/claim", UriKind.Relative), new { })).StatusCode.Should().Be(HttpStatusCode.OK);

        List<KeyValuePair<string, string>> Update(string updateId, string text) =>
            [new("api_key", key), new("service_request_id", id), new("update_id", updateId), new("description", text), new("status", "OPEN")];
        var first = await PostAsync("/servicerequestupdates.json", Update("9001", "今晚 23 点后仍在施工。"));
        first.StatusCode.Should().Be(HttpStatusCode.OK);
        var updateId = (await ValidJsonAsync(first, "post-update"))[0]!["update_id"]!.GetValue<string>();
        var again = await PostAsync("/servicerequestupdates.xml", Update("9001", "今晚 23 点后仍在施工。"));
        XDocument.Parse(await ValidXmlAsync(again)).Root!.Element("request_update")!.Element("update_id")!.Value.Should().Be(updateId);

        var view = await host.Dispatcher.GetFromJsonAsync<JsonObject>(new Uri($"/api/cases/{id}", UriKind.Relative));
        view!["timeline"]!.AsArray().Count(e => e!["action"]!.GetValue<string>() == "citizen-supplemented").Should().Be(1, "a redelivered update is taken once");

        var stranger = await PostAsync("/servicerequestupdates.json",
            [new("api_key", await IssueKeyAsync("stranger-app")), new("service_request_id", id), new("update_id", "1"), new("description", "冒名补充")]);
        stranger.StatusCode.Should().Be(HttpStatusCode.Forbidden);

        var updates = await host.Client.GetAsync(new Uri($"{V2}/servicerequestupdates.json?api_key={key}", UriKind.Relative));
        var mine = (await ValidJsonAsync(updates, "updates")).AsArray().Where(u => u!["service_request_id"]!.GetValue<string>() == id).ToList();
        mine.Select(u => u!["status"]!.GetValue<string>()).Should().Equal("OPEN", "IN_PROGRESS", "IN_PROGRESS");
        mine.Select(u => u!["update_id"]!.GetValue<string>()).Should().Contain(updateId).And.OnlyHaveUniqueItems();
        mine.Should().OnlyContain(u => !u!["description"]!.GetValue<string>().Contains("officer-9", StringComparison.Ordinal));
        var updatesXml = await host.Client.GetAsync(new Uri($"{V2}/servicerequestupdates.xml?api_key={key}&start_date=2000-01-01T00:00:00Z", UriKind.Relative));
        await ValidXmlAsync(updatesXml);
    }

    [Fact]
    public async Task A_revoked_key_is_refused_at_once_and_each_client_is_held_to_its_rate()
    {
        var key = await IssueKeyAsync("short-lived", perMinute: 3);
        for (var i = 0; i < 3; i++)
        {
            (await host.Client.GetAsync(new Uri($"{V2}/requests.json?api_key={key}", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        var limited = await host.Client.GetAsync(new Uri($"{V2}/requests.json?api_key={key}", UriKind.Relative));
        limited.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        limited.Headers.RetryAfter.Should().NotBeNull();
        await ValidJsonAsync(limited, "errors");

        using var admin = await host.Factory.ClientAsAsync(Roles.Administrator);
        var listed = await admin.GetFromJsonAsync<JsonArray>(new Uri("/api/open311/clients", UriKind.Relative));
        listed!.Select(c => c!["id"]!.GetValue<string>()).Should().Contain("short-lived");
        listed!.ToJsonString().Should().NotContain(key).And.NotContain("keyDigest", "the register never shows a key or its digest");
        (await admin.PostAsJsonAsync(new Uri("/api/open311/clients", UriKind.Relative), new { id = "short-lived", name = "再来一次" })).StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await admin.DeleteAsync(new Uri("/api/open311/clients/short-lived", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NoContent);

        var revoked = await PostAsync("/requests.json", NoiseForm(key, 60));
        revoked.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }
}
