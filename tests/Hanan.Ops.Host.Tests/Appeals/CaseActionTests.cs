using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hanan.Ops.Host.Security;
using Hanan.Ops.Host.Tests.Security;
using Hanan.Ops.Storage.Tests;

namespace Hanan.Ops.Host.Tests.Appeals;

public sealed class CaseActionTests(EmbeddedHost host) : IClassFixture<EmbeddedHost>, IAsyncLifetime
{
    private HttpClient _citizen = null!;
    private HttpClient _officer = null!;

    public async Task InitializeAsync()
    {
        _citizen = await host.Factory.ClientAsAsync(Roles.Citizen, "citizen-9");
        _officer = await host.Factory.ClientAsAsync(Roles.Officer, "officer-1");
    }

    public Task DisposeAsync()
    {
        _citizen.Dispose();
        _officer.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Filed by the signed-in citizen, so that they may reply and rate.</summary>
    private async Task<string> FileAsync(string category = "sanitation", int gridIndex = 33) =>
        (await FileAppeal.Async(host.Factory, _citizen, category, gridIndex))["caseId"]!.GetValue<string>();

    /// <summary>An action as the role that performs it: officers, the filing citizen, or the command centre.</summary>
    private Task<HttpResponseMessage> Post(string caseId, string action, object body) =>
        ClientFor(action).PostAsJsonAsync(new Uri($"/api/cases/{caseId}/{action}", UriKind.Relative), body);

    private HttpClient ClientFor(string action) => action switch
    {
        "rating" or "replies" => _citizen,
        "reroute" or "merge" or "hot" => host.Dispatcher,
        _ => _officer,
    };

    [Fact]
    public async Task Concurrent_claims_over_HTTP_have_one_winner_and_the_others_get_409_naming_the_winner()
    {
        var id = await FileAsync();

        var officers = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => host.Factory.ClientAsAsync(Roles.Officer, $"officer-{i}")));
        var responses = await Task.WhenAll(officers.Select(o => o.PostAsJsonAsync(new Uri($"/api/cases/{id}/claim", UriKind.Relative), new { bureauId = "urban-management" })));

        responses.Count(r => r.StatusCode == HttpStatusCode.OK).Should().Be(1);
        var winner = (await responses.Single(r => r.StatusCode == HttpStatusCode.OK).Content.ReadFromJsonAsync<JsonObject>())!
            ["assignments"]!.AsArray().Single(a => a!["bureauId"]!.GetValue<string>() == "urban-management")!["claimedBy"]!.GetValue<string>();
        foreach (var lost in responses.Where(r => r.StatusCode != HttpStatusCode.OK))
        {
            lost.StatusCode.Should().Be(HttpStatusCode.Conflict);
            lost.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
            var problem = await lost.Content.ReadFromJsonAsync<JsonObject>();
            problem!["claimedBy"]!.GetValue<string>().Should().Be(winner);
        }
    }

    [Fact]
    public async Task A_case_goes_from_claim_to_resolution_to_a_rating_and_every_step_is_traced()
    {
        // Its own category and a distant grid: the other tests' nearby sanitation appeals would (rightly) make a hot cluster.
        var id = await FileAsync("food-safety", gridIndex: 400);

        using var market = await host.Factory.ClientAsAsync(Roles.Officer, "officer-1", bureau: "market-regulation");
        async Task<HttpResponseMessage> Act(string action, object body) =>
            await market.PostAsJsonAsync(new Uri($"/api/cases/{id}/{action}", UriKind.Relative), body);
        (await Act("claim", new { })).StatusCode.Should().Be(HttpStatusCode.OK);
        (await Act("notes", new { text = "已联系物业清理", @public = true })).StatusCode.Should().Be(HttpStatusCode.OK);
        (await Act("resolve", new { summary = "杂物已清理完毕" })).StatusCode.Should().Be(HttpStatusCode.OK);
        var rated = await Post(id, "rating", new { level = 5, comment = "处理及时" });

        rated.StatusCode.Should().Be(HttpStatusCode.OK);
        // The citizen's answer is the citizen's view: their progress, staff by unit.
        var seen = (await rated.Content.ReadFromJsonAsync<JsonObject>())!;
        seen["status"]!.GetValue<string>().Should().Be("Closed");
        seen["timeline"]!.AsArray().Select(e => e!["action"]!.GetValue<string>())
            .Should().Equal("filed", "claimed", "progress", "lead-resolved", "resolved", "rated");
        seen["timeline"]!.AsArray().Select(e => e!["who"]!.GetValue<string>())
            .Should().Equal("诉求人", "区市场监督管理局 经办人", "区市场监督管理局 经办人", "区市场监督管理局 经办人", "区市场监督管理局 经办人", "诉求人");
        var view = await host.Dispatcher.GetFromJsonAsync<JsonObject>(new Uri($"/api/cases/{id}", UriKind.Relative));
        view!["timeline"]!.AsArray().Select(e => e!["action"]!.GetValue<string>())
            .Should().Equal("filed", "claimed", "progress", "lead-resolved", "resolved", "rated");
        view["timeline"]!.AsArray().Should().OnlyContain(e => e!["at"] != null && e["actor"]!["role"] != null && e["statusAfter"] != null);
        view["timeline"]!.AsArray().Select(e => e!["channel"]!.GetValue<string>()).Should().Equal("citizen", "api", "api", "api", "api", "api");
        view["timeline"]!.AsArray().Select(e => e!["actor"]!["id"]!.GetValue<string>())
            .Should().Equal(["citizen-9", "officer-1", "officer-1", "officer-1", "officer-1", "citizen-9"], "the acting person comes from the token");
    }

    [Theory]
    [InlineData("""{"level": 4, "comment": ""}""")]
    [InlineData("""{"level": 4, "comment": "   "}""")]
    [InlineData("""{"level": 4}""")]
    public async Task An_empty_or_blank_comment_is_a_rating_without_a_comment(string body)
    {
        var id = await FileAsync("food-safety", gridIndex: 410);
        using var market = await host.Factory.ClientAsAsync(Roles.Officer, "officer-2", bureau: "market-regulation");
        (await market.PostAsJsonAsync(new Uri($"/api/cases/{id}/claim", UriKind.Relative), new { })).StatusCode.Should().Be(HttpStatusCode.OK);
        (await market.PostAsJsonAsync(new Uri($"/api/cases/{id}/resolve", UriKind.Relative), new { summary = "已处理完毕" })).StatusCode.Should().Be(HttpStatusCode.OK);

        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        var rated = await ClientFor("rating").PostAsync(new Uri($"/api/cases/{id}/rating", UriKind.Relative), content);

        rated.StatusCode.Should().Be(HttpStatusCode.OK);
        var view = await host.Dispatcher.GetFromJsonAsync<JsonObject>(new Uri($"/api/cases/{id}", UriKind.Relative));
        var entry = view!["timeline"]!.AsArray().Single(e => e!["action"]!.GetValue<string>() == "rated")!;
        entry["description"]!.GetValue<string>().Should().StartWith("诉求人评价：").And.NotContain("，", "a blank comment is no comment");
    }

    [Fact]
    public async Task An_illegal_transition_is_a_409_with_the_reason()
    {
        var id = await FileAsync();

        var response = await Post(id, "resolve", new { bureauId = "urban-management", officerId = "officer-1", summary = "未签收就办结" });

        response.StatusCode.Should().Be(HttpStatusCode.Conflict);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        problem!["reason"]!.GetValue<string>().Should().NotBeNullOrEmpty();
        problem["detail"]!.GetValue<string>().Should().NotBeNullOrEmpty();
    }

    public static TheoryData<string, string, string> BadActions => new()
    {
        { "claim", """{"bureauId": "no-such-bureau", "officerId": "officer-1"}""", "bureauId" },
        { "transfer", """{"toOfficerId": "<script>"}""", "toOfficerId" },
        { "return", """{"bureauId": "urban-management", "officerId": "officer-1", "reason": "   "}""", "reason" },
        { "extension-requests", """{"bureauId": "urban-management", "officerId": "officer-1", "reason": "需要协调", "extra": "forever"}""", "extra" },
        { "rating", """{"citizenId": "citizen-1", "level": 9}""", "level" },
        { "rating", """{"citizenId": "citizen-1", "level": "great"}""", "level" },
        { "reroute", """{"dispatcherId": "d-1", "leadBureau": "supervision"}""", "leadBureau" },
        { "merge", """{"dispatcherId": "d-1"}""", "masterId" },
        { "merge", """{"dispatcherId": "d-1", "masterId": "00000000-0000-0000-0000-000000000009"}""", "masterId" },
        { "reroute", """{"dispatcherId": "d-1", "leadBureau": "transport", "coHandlers": [null]}""", "coHandlers" },
        { "claim", "null", "body" },
        { "notes", "", "body" },
    };

    [Theory]
    [MemberData(nameof(BadActions))]
    public async Task Bad_input_to_an_action_is_a_400_naming_the_field(string action, string body, string field)
    {
        var id = await FileAsync();
        if (action == "rating")
        {
            await Post(id, "claim", new { bureauId = "urban-management", officerId = "officer-1" });
            await Post(id, "resolve", new { bureauId = "urban-management", officerId = "officer-1", summary = "已处理" });
        }

        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        var response = await ClientFor(action).PostAsync(new Uri($"/api/cases/{id}/{action}", UriKind.Relative), content);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        problem.RootElement.GetProperty("errors").TryGetProperty(field, out _).Should().BeTrue($"the problem must name '{field}'");
    }

    [Fact]
    public async Task An_action_on_an_unknown_case_is_404()
    {
        var response = await Post(Guid.NewGuid().ToString(), "claim", new { bureauId = "urban-management", officerId = "officer-1" });

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_claimed_case_leaves_the_bureau_queue_and_the_list_filters_find_it()
    {
        var id = await FileAsync();
        var queue = new Uri("/api/bureaus/urban-management/queue?limit=500", UriKind.Relative);
        await Eventually.HoldsAsync(async () => (await Ids(queue)).Contains(id), TimeSpan.FromSeconds(10), "the new case is in the bureau's queue");

        await Post(id, "claim", new { bureauId = "urban-management", officerId = "officer-3" });

        await Eventually.HoldsAsync(async () => !(await Ids(queue)).Contains(id), TimeSpan.FromSeconds(10), "the claimed case left the queue");
        (await Ids(new Uri("/api/cases?status=InProgress&bureau=urban-management&category=sanitation&limit=500", UriKind.Relative)))
            .Should().Contain(id);
        (await Ids(new Uri("/api/cases?status=Closed&limit=500", UriKind.Relative))).Should().NotContain(id);
    }

    [Theory]
    [InlineData("status=Sleeping", "status")]
    [InlineData("bureau=nobody", "bureau")]
    [InlineData("limit=0", "limit")]
    [InlineData("after=not-a-cursor", "after")]
    [InlineData("hot=maybe", "hot")]
    [InlineData("from=2026-02-01&to=2026-01-01", "to")]
    [InlineData("grid=%00", "grid")]
    [InlineData("status=,,", "status")]
    public async Task Bad_list_filters_are_a_400_naming_the_parameter(string query, string field)
    {
        var response = await host.Dispatcher.GetAsync(new Uri("/api/cases?" + query, UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).Should().Contain($"\"{field}\"");
    }

    private async Task<List<string>> Ids(Uri uri)
    {
        var page = await host.Dispatcher.GetFromJsonAsync<JsonObject>(uri);
        return [.. page!["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>())];
    }
}
