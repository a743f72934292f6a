using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hanan.Ops.Host.Security;
using Hanan.Ops.Host.Tests.Security;

namespace Hanan.Ops.Host.Tests.Appeals;

/// <summary>
/// The receipt's tracking link (查询码) for a filer who is not signed in: it opens the citizen's view, lets the filer
/// rate, refuses a wrong token exactly like an unknown case, expires after the rating period, and is audited on use.
/// Its own host: the test moves the district clock past the rating period.
/// </summary>
public sealed class TrackingLinkTests : IAsyncLifetime
{
    private readonly EmbeddedHost _host = new();

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    private static HttpRequestMessage Track(string id, string? token, string path = "", object? body = null)
    {
        var request = new HttpRequestMessage(body is null ? HttpMethod.Get : HttpMethod.Post, new Uri($"/api/track/{id}{path}", UriKind.Relative));
        if (token is not null)
        {
            request.Headers.Add("X-Tracking-Token", token);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return request;
    }

    [Fact]
    public async Task An_anonymous_filer_follows_and_rates_through_the_receipts_link_until_the_rating_period_is_over()
    {
        var f = _host.Factory;
        var receipt = await FileAppeal.Async(f, _host.Client, "sanitation", 21);
        var id = receipt["caseId"]!.GetValue<string>();
        var link = receipt["trackingUrl"]!.GetValue<string>();
        link.Should().StartWith($"/track.html#{id}.");
        var token = link[(link.IndexOf('#', StringComparison.Ordinal) + id.Length + 2)..];
        token.Length.Should().BeGreaterThanOrEqualTo(32, "192 random bits, base64url");

        // Without a token the case API itself is closed to the anonymous filer; the link opens the citizen's view.
        (await _host.Client.GetAsync(new Uri($"/api/cases/{id}", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        var opened = await _host.Client.SendAsync(Track(id, token));
        opened.StatusCode.Should().Be(HttpStatusCode.OK);
        var view = (await opened.Content.ReadFromJsonAsync<JsonObject>())!;
        view["number"]!.GetValue<string>().Should().Be(receipt["caseNumber"]!.GetValue<string>());
        view.ContainsKey("assignments").Should().BeFalse("the link shows the citizen's view");

        var wrong = await _host.Client.SendAsync(Track(id, token[..^2] + (token[^2..] == "AA" ? "BB" : "AA")));
        var none = await _host.Client.SendAsync(Track(id, null));
        var otherCase = await _host.Client.SendAsync(Track(Guid.NewGuid().ToString(), token));
        wrong.StatusCode.Should().Be(HttpStatusCode.NotFound);
        none.StatusCode.Should().Be(HttpStatusCode.NotFound);
        otherCase.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await wrong.Content.ReadAsStringAsync()).Should().NotContain(receipt["caseNumber"]!.GetValue<string>());

        // Handled and resolved by the bureau; the filer rates through the link.
        using var officer = await f.ClientAsAsync(Roles.Officer, "officer-track", bureau: "urban-management");
        (await officer.PostAsJsonAsync(new Uri($"/api/cases/{id}/claim", UriKind.Relative), new { })).StatusCode.Should().Be(HttpStatusCode.OK);
        (await officer.PostAsJsonAsync(new Uri($"/api/cases/{id}/resolve", UriKind.Relative), new { summary = "已清运" })).StatusCode.Should().Be(HttpStatusCode.OK);
        var resolved = (await (await _host.Client.SendAsync(Track(id, token))).Content.ReadFromJsonAsync<JsonObject>())!;
        resolved["mayRate"]!.GetValue<bool>().Should().BeTrue();
        var expiresAt = resolved["linkExpiresAt"]!.GetValue<DateTimeOffset>();

        var badLevel = await _host.Client.SendAsync(Track(id, token, "/rating", new { comment = "很好" }));
        var wrongRating = await _host.Client.SendAsync(Track(id, "not-the-token", "/rating", new { level = 1 }));
        var rated = await _host.Client.SendAsync(Track(id, token, "/rating", new { level = 5, comment = "处理及时" }));

        badLevel.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await badLevel.Content.ReadAsStringAsync()).Should().Contain("level");
        wrongRating.StatusCode.Should().Be(HttpStatusCode.NotFound);
        rated.StatusCode.Should().Be(HttpStatusCode.OK);
        (await rated.Content.ReadFromJsonAsync<JsonObject>())!["rating"]!.GetValue<int>().Should().Be(5);
        (await (await _host.Client.SendAsync(Track(id, token))).Content.ReadFromJsonAsync<JsonObject>())!["status"]!.GetValue<string>().Should().Be("Closed");

        // Past the rating period the link is gone.
        f.Clock.SetUtcNow(expiresAt.AddMinutes(1));
        var expired = await _host.Client.SendAsync(Track(id, token));
        expired.StatusCode.Should().Be(HttpStatusCode.Gone);
        expired.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");

        using var auditor = await f.ClientAsAsync(Roles.Auditor, "auditor-track");
        var records = await DataScopeTests.AuditRecordsAsync(auditor);
        var uses = records.Where(r => r["entry"]!["target"]?.GetValue<string>() == id && r["entry"]!["action"]!.GetValue<string>().StartsWith("case.track", StringComparison.Ordinal))
            .Select(r => (r["entry"]!["action"]!.GetValue<string>(), r["entry"]!["outcome"]!.GetValue<string>())).ToList();
        uses.Should().Contain(("case.track", "Success")).And.Contain(("case.track", "Denied")).And.Contain(("case.track.rate", "Success"))
            .And.Contain(("case.track.rate", "Denied"));
        records.Should().Contain(r => r["entry"]!["action"]!.GetValue<string>() == "case.rated" && r["entry"]!["actor"]!.GetValue<string>() == "tracking-link");
        records.Select(r => r.ToJsonString()).Should().NotContain(r => r.Contains(token, StringComparison.Ordinal), "the token is a credential: never in the audit log");
    }

    [Fact]
    public async Task Filing_again_with_the_same_key_returns_the_same_link_and_other_content_none()
    {
        var body = new
        {
            category = "sanitation",
            description = "小区门口垃圾堆积。",
            latitude = 45.6,
            longitude = 126.64,
            idempotencyKey = Guid.NewGuid().ToString(),
        };
        var point = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Hanan.Ops.Domain.Geography.DistrictMap>(_host.Factory.Services).Grids[21].LabelPoint;
        body = body with { latitude = point.Y, longitude = point.X };
        var first = await _host.Client.PostAsJsonAsync(new Uri("/api/appeals", UriKind.Relative), body);
        var again = await _host.Client.PostAsJsonAsync(new Uri("/api/appeals", UriKind.Relative), body);
        var otherContent = await _host.Client.PostAsJsonAsync(new Uri("/api/appeals", UriKind.Relative), body with { description = "另一件事。" });

        first.StatusCode.Should().Be(HttpStatusCode.Created);
        first.Headers.Location!.ToString().Should().NotContain("#").And.NotContain("track", "the token stays out of headers");
        again.StatusCode.Should().Be(HttpStatusCode.OK);
        (await again.Content.ReadFromJsonAsync<JsonObject>())!["trackingUrl"]!.GetValue<string>()
            .Should().Be((await first.Content.ReadFromJsonAsync<JsonObject>())!["trackingUrl"]!.GetValue<string>());
        otherContent.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await otherContent.Content.ReadAsStringAsync()).Should().NotContain("track.html");
    }
}
