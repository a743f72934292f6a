using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hanan.Ops.Domain.Geography;
using Hanan.Ops.Host.Security;
using Hanan.Ops.Host.Tests.Security;
using Hanan.Ops.Storage.Tests;
using Microsoft.Extensions.DependencyInjection;

namespace Hanan.Ops.Host.Tests.Delivery;

/// <summary>
/// Cases reach bureaus' own systems (Open311 for ecology, a signed webhook for transport) as well as their screens:
/// through failures, late answers and a day of downtime, each once under its idempotency key, with the state on the
/// row for the supervision screen; and the bureau's system posts progress back into the trace. The retries run on the
/// district's test clock.
/// </summary>
public sealed class DeliveryTests : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private BureauSystem _bureau = null!;
    private DistrictHostFactory _factory = null!;
    private HttpClient _supervision = null!;

    public async Task InitializeAsync()
    {
        _bureau = await BureauSystem.StartAsync();
        _factory = new DistrictHostFactory(settings: new Dictionary<string, string?>
        {
            ["Hanan:Delivery:Bureaus:ecology:Mode"] = "open311",
            ["Hanan:Delivery:Bureaus:ecology:Url"] = new Uri(_bureau.BaseAddress, "/open311/v2").ToString(),
            ["Hanan:Delivery:Bureaus:ecology:ApiKey"] = "key-the-bureau-issued",
            ["Hanan:Delivery:Bureaus:ecology:ServiceCodes:noise"] = "ZS-01",
            ["Hanan:Delivery:Bureaus:transport:Mode"] = "webhook",
            ["Hanan:Delivery:Bureaus:transport:Url"] = new Uri(_bureau.BaseAddress, "/hook").ToString(),
            ["Hanan:Delivery:Bureaus:transport:Secret"] = BureauSystem.WebhookSecret,
            ["Hanan:Delivery:Poll"] = "00:00:00.100",
            ["Hanan:Delivery:Timeout"] = "00:00:01",
            ["Hanan:Delivery:Lease"] = "00:00:10",
            ["Hanan:Delivery:FirstRetry"] = "00:00:30",
            ["Hanan:Delivery:MaxRetry"] = "01:00:00",
        });
        _supervision = await _factory.ClientAsAsync(Roles.Supervision);
    }

    /// <summary>After <see cref="DisposeAsync"/>, a no-op (both are idempotent).</summary>
    public void Dispose() => _factory?.Dispose();

    public async Task DisposeAsync()
    {
        _supervision.Dispose();
        await _factory.DisposeAsync();
        await _bureau.DisposeAsync();
    }

    private async Task<string> FileAsync(string category, int grid, string description)
    {
        var point = _factory.Services.GetRequiredService<DistrictMap>().Grids[grid].LabelPoint;
        using var client = _factory.CreateRealClient();
        var response = await client.PostAsJsonAsync(new Uri("/api/appeals", UriKind.Relative),
            new { category, description, latitude = point.Y, longitude = point.X, idempotencyKey = Guid.NewGuid().ToString() });
        response.StatusCode.Should().Be(HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["caseId"]!.GetValue<string>();
    }

    private async Task<JsonObject?> RowAsync(string caseId, string bureau) =>
        (await _supervision.GetFromJsonAsync<JsonArray>(new Uri($"/api/deliveries?caseId={caseId}", UriKind.Relative)))!
            .Select(r => r!.AsObject()).SingleOrDefault(r => r["bureauId"]!.GetValue<string>() == bureau);

    private async Task<JsonObject> RowWhenAsync(string caseId, string bureau, Func<JsonObject, bool> condition, string what)
    {
        JsonObject? row = null;
        await Eventually.HoldsAsync(async () => (row = await RowAsync(caseId, bureau)) is { } r && condition(r), Wait, what);
        return row!;
    }

    [Fact]
    public async Task A_case_reaches_the_bureaus_Open311_system_once_through_a_failure_and_a_late_answer()
    {
        _bureau.Script(BureauSystem.Answer.Fail, BureauSystem.Answer.Slow);
        var id = await FileAsync("noise", 70, "广场舞音响声音过大，每晚持续到十点以后。");

        var failed = await RowWhenAsync(id, "ecology", r => r["attempts"]!.GetValue<int>() == 1, "the first attempt fails");
        failed["lastError"]!.GetValue<string>().Should().Be("HTTP 500: database unavailable");
        failed["sentAt"].Should().BeNull();
        var failing = await _supervision.GetFromJsonAsync<JsonArray>(new Uri("/api/deliveries", UriKind.Relative));
        failing!.Select(r => r!["caseId"]!.GetValue<string>()).Should().Contain(id, "the supervision screen lists the failing deliveries");
        failing!.Single(r => r!["caseId"]!.GetValue<string>() == id)!["bureauName"]!.GetValue<string>().Should().Be("平房生态环境分局");

        _factory.Clock.Advance(TimeSpan.FromSeconds(30));
        var late = await RowWhenAsync(id, "ecology", r => r["attempts"]!.GetValue<int>() == 2, "the second attempt times out");
        late["lastError"]!.GetValue<string>().Should().Be("no answer within 1 s");

        _factory.Clock.Advance(TimeSpan.FromSeconds(60));
        var sent = await RowWhenAsync(id, "ecology", r => r["sentAt"] is not null, "the third attempt is taken");
        sent["attempts"]!.GetValue<int>().Should().Be(3);
        sent["remoteId"]!.GetValue<string>().Should().Be("W-1", "the late answer had been taken: the same key gave the same record");
        sent["lastError"].Should().BeNull();

        var calls = _bureau.Calls.Where(c => c.Path == "/open311/v2/requests.json").ToList();
        calls.Should().HaveCount(3);
        calls.Select(c => c.Key).Distinct().Should().ContainSingle().Which.Should().Be($"hanan-{Guid.Parse(id):N}-ecology");
        _bureau.Records.Should().ContainSingle("one case, once, however often it was sent");
        var form = System.Web.HttpUtility.ParseQueryString(calls[0].Body);
        form["service_code"].Should().Be("ZS-01", "the bureau system's own code for the category");
        form["api_key"].Should().Be("key-the-bureau-issued");
        form["description"].Should().StartWith("【平房区 HN-");

        _factory.Clock.Advance(TimeSpan.FromHours(2));
        await Task.Delay(500);
        _bureau.Calls.Count(c => c.Path == "/open311/v2/requests.json").Should().Be(3, "a delivered case is never sent again");
    }

    [Fact]
    public async Task A_bureau_system_down_for_a_day_receives_its_signed_case_when_it_is_back()
    {
        _bureau.Down = true;
        var id = await FileAsync("road-damage", 71, "主干道出现大面积坑洼，车辆经过颠簸严重。");
        await RowWhenAsync(id, "transport", r => r["attempts"]!.GetValue<int>() == 1, "the first attempt fails");

        for (var hour = 1; hour <= 24; hour++)
        {
            _factory.Clock.Advance(TimeSpan.FromHours(1));
            var attempts = hour + 1;
            await RowWhenAsync(id, "transport", r => r["attempts"]!.GetValue<int>() == attempts, $"attempt {attempts} after {hour} h");
        }

        (await RowAsync(id, "transport"))!["lastError"]!.GetValue<string>().Should().Be("HTTP 503");
        _bureau.Down = false;
        _factory.Clock.Advance(TimeSpan.FromHours(1));
        var sent = await RowWhenAsync(id, "transport", r => r["sentAt"] is not null, "delivered once the system is back");
        sent["attempts"]!.GetValue<int>().Should().Be(26);

        var hooks = _bureau.Calls.Where(c => c.Path == "/hook").ToList();
        hooks.Should().OnlyContain(c => c.SignatureValid, "every message is signed with the bureau's secret");
        hooks.Select(c => c.Key).Distinct().Should().ContainSingle();
        var message = JsonNode.Parse(hooks[^1].Body)!;
        message["event"]!.GetValue<string>().Should().Be("case.assigned");
        message["caseId"]!.GetValue<string>().Should().Be(id);
        message["role"]!.GetValue<string>().Should().Be("lead");
        message.ToJsonString().Should().NotContain("contact", "the contact stays in the district's system");
    }

    [Fact]
    public async Task The_bureaus_system_posts_progress_and_resolution_back_into_the_trace_once_per_update()
    {
        using var admin = await _factory.ClientAsAsync(Roles.Administrator);
        var issued = await admin.PostAsJsonAsync(new Uri("/api/open311/clients", UriKind.Relative), new { id = "eco-system", name = "生态环境分局业务系统", bureauId = "ecology" });
        issued.StatusCode.Should().Be(HttpStatusCode.Created);
        var key = (await issued.Content.ReadFromJsonAsync<JsonObject>())!["apiKey"]!.GetValue<string>();

        var id = await FileAsync("noise", 72, "夜间施工噪声扰民，凌晨一点仍在作业。");
        var remote = (await RowWhenAsync(id, "ecology", r => r["sentAt"] is not null, "delivered"))["remoteId"]!.GetValue<string>();
        using var client = _factory.CreateRealClient();
        async Task<HttpResponseMessage> UpdateAsync(string updateId, string status, string text) =>
            await client.PostAsync(new Uri("/open311/v2/servicerequestupdates.json", UriKind.Relative), new FormUrlEncodedContent(
                [new("api_key", key), new("service_request_id", remote), new("update_id", updateId), new("status", status), new("description", text)]));

        (await UpdateAsync("u-1", "IN_PROGRESS", "执法人员已到场，责令停工。")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await UpdateAsync("u-1", "IN_PROGRESS", "执法人员已到场，责令停工。")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await UpdateAsync("u-2", "FIXED", "施工单位已整改，夜间不再作业。")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await UpdateAsync("u-2", "FIXED", "施工单位已整改，夜间不再作业。")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await UpdateAsync("u-3", "SOMETHING", "？")).StatusCode.Should().Be(HttpStatusCode.BadRequest);

        var view = await _supervision.GetFromJsonAsync<JsonObject>(new Uri($"/api/cases/{id}", UriKind.Relative));
        var trace = view!["timeline"]!.AsArray().Where(e => e!["actor"]!["id"]!.GetValue<string>() == "open311:eco-system")
            .Select(e => e!["action"]!.GetValue<string>()).ToList();
        trace.Should().Equal("claimed", "progress", "lead-resolved");
        view["assignments"]!.AsArray().Single(a => a!["bureauId"]!.GetValue<string>() == "ecology")!["claimedBy"]!.GetValue<string>()
            .Should().Be("open311:eco-system");

        var other = await FileAsync("road-damage", 73, "人行道地砖松动，老人容易绊倒。");
        var refused = await client.PostAsync(new Uri("/open311/v2/servicerequestupdates.json", UriKind.Relative), new FormUrlEncodedContent(
            [new("api_key", key), new("service_request_id", other), new("update_id", "u-9"), new("status", "FIXED"), new("description", "越权")]));
        refused.StatusCode.Should().Be(HttpStatusCode.Forbidden, "a bureau's system acts only on its bureau's cases");
    }
}
