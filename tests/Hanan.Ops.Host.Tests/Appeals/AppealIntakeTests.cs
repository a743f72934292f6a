using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hanan.Ops.Domain.Geography;
using Microsoft.Extensions.DependencyInjection;

namespace Hanan.Ops.Host.Tests.Appeals;

public sealed class AppealIntakeTests(EmbeddedHost host) : IClassFixture<EmbeddedHost>
{
    private static readonly Uri Appeals = new("/api/appeals", UriKind.Relative);

    private Grid SomeGrid => host.Factory.Services.GetRequiredService<DistrictMap>().Grids[17];

    private JsonObject ValidAppeal(string? key = null)
    {
        var point = SomeGrid.LabelPoint;
        return new JsonObject
        {
            ["category"] = "sanitation",
            ["description"] = "小区东门垃圾三天没有清运，气味很大。",
            ["latitude"] = point.Y,
            ["longitude"] = point.X,
            ["contact"] = new JsonObject { ["name"] = "王女士", ["phone"] = "13812345678" },
            ["channel"] = "citizen",
            ["idempotencyKey"] = key ?? Guid.NewGuid().ToString(),
        };
    }

    [Fact]
    public async Task A_valid_appeal_is_stored_and_acknowledged_with_a_case_number_and_tracking_link()
    {
        var response = await host.Client.PostAsJsonAsync(Appeals, ValidAppeal());
        var receipt = await response.Content.ReadFromJsonAsync<JsonObject>();

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        receipt!["caseNumber"]!.GetValue<string>().Should().MatchRegex(@"^HN-\d{4}-\d{6}$");
        receipt["gridCode"]!.GetValue<string>().Should().Be(SomeGrid.Code);
        receipt["leadBureau"]!.GetValue<string>().Should().Be("urban-management");
        response.Headers.Location.Should().NotBeNull();

        var stored = await host.Dispatcher.GetFromJsonAsync<JsonObject>(response.Headers.Location!.ToString());
        stored!["number"]!.GetValue<string>().Should().Be(receipt["caseNumber"]!.GetValue<string>());
        stored["timeline"]!.AsArray().Should().ContainSingle();
        stored["contact"]!["phone"]!.GetValue<string>().Should().Be("138****5678", "phone numbers are masked in answers");
    }

    [Fact]
    public async Task A_retry_with_the_same_idempotency_key_returns_the_same_case()
    {
        var appeal = ValidAppeal();
        var first = await host.Client.PostAsJsonAsync(Appeals, appeal);
        var second = await host.Client.PostAsJsonAsync(Appeals, appeal);

        first.StatusCode.Should().Be(HttpStatusCode.Created);
        second.StatusCode.Should().Be(HttpStatusCode.OK);
        second.Headers.GetValues("Idempotent-Replayed").Should().Equal("true");
        var a = await first.Content.ReadFromJsonAsync<JsonObject>();
        var b = await second.Content.ReadFromJsonAsync<JsonObject>();
        b!["caseId"]!.GetValue<string>().Should().Be(a!["caseId"]!.GetValue<string>());
        b["caseNumber"]!.GetValue<string>().Should().Be(a["caseNumber"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_idempotency_key_may_come_in_the_header()
    {
        var appeal = ValidAppeal();
        var key = appeal["idempotencyKey"]!.GetValue<string>();
        appeal.Remove("idempotencyKey");
        using var request = new HttpRequestMessage(HttpMethod.Post, Appeals) { Content = JsonContent.Create(appeal) };
        request.Headers.Add("Idempotency-Key", key);

        var response = await host.Client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_key_reused_for_a_different_appeal_is_a_conflict_naming_the_key()
    {
        var appeal = ValidAppeal();
        (await host.Client.PostAsJsonAsync(Appeals, appeal)).StatusCode.Should().Be(HttpStatusCode.Created);
        appeal["description"] = "另一件事";

        var response = await host.Client.PostAsJsonAsync(Appeals, appeal);

        response.StatusCode.Should().Be(HttpStatusCode.Conflict);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        problem!["errors"]!["idempotencyKey"].Should().NotBeNull();
    }

    public static TheoryData<string, string, string?> InvalidAppeals => new()
    {
        { "category", "category", "no-such-category" },
        { "category", "category", null },
        { "description", "description", null },
        { "description", "description", new string('长', 4001) },
        { "latitude", "latitude", "91" },
        { "location", "latitude", "39.9" },      // Beijing: outside the district
        { "contact.phone", "contact.phone", "12345" },
        { "channel", "channel", "telegram" },
        { "idempotencyKey", "idempotencyKey", "short" },
        { "idempotencyKey", "idempotencyKey", null },
        { "gridCode", "gridCode", "230108999999999" },
        { "photoRefs", "photoRefs", "<script>" },
    };

    [Theory]
    [MemberData(nameof(InvalidAppeals))]
    public async Task An_invalid_appeal_gets_a_problem_naming_the_field_and_nothing_is_stored(string field, string member, string? value)
    {
        var appeal = ValidAppeal();
        var key = appeal["idempotencyKey"]!.GetValue<string>();
        switch (member)
        {
            case "latitude":
                appeal["latitude"] = double.Parse(value!, System.Globalization.CultureInfo.InvariantCulture);
                break;
            case "contact.phone":
                appeal["contact"]!["phone"] = value;
                break;
            case "gridCode":
                appeal["gridCode"] = value;
                appeal.Remove("latitude");
                appeal.Remove("longitude");
                break;
            case "photoRefs":
                appeal["photoRefs"] = new JsonArray(value);
                break;
            default:
                appeal[member] = value;
                break;
        }

        var response = await host.Client.PostAsJsonAsync(Appeals, appeal);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        problem.RootElement.GetProperty("errors").TryGetProperty(field, out _).Should().BeTrue($"the problem must name '{field}'");

        if (key is { Length: >= 8 } && member != "idempotencyKey")
        {
            var id = Hanan.Ops.Domain.Appeals.CaseIdentity.FromIdempotencyKey(key);
            (await host.Dispatcher.GetAsync(new Uri($"/api/cases/{id}", UriKind.Relative))).StatusCode
                .Should().Be(HttpStatusCode.NotFound, "a refused appeal leaves nothing behind");
        }
    }

    [Theory]
    [InlineData("{\"category\": \"sanitation\", \"latitude\": \"north\"}", "latitude")]
    [InlineData("{\"category\": \"sanitation\", \"contact\": {\"phone\": 13812345678}}", "contact.phone")]
    [InlineData("{\"category\": \"sanitation\", \"description\": ", "description")]
    [InlineData("not json at all", "body")]
    public async Task A_body_that_cannot_be_read_gets_a_problem_naming_the_field(string body, string field)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");

        var response = await host.Client.PostAsync(Appeals, content);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        problem.RootElement.GetProperty("errors").TryGetProperty(field, out _).Should().BeTrue($"the problem must name '{field}'");
    }

    [Fact]
    public async Task The_category_catalogue_lists_bureaus_and_limits()
    {
        var categories = await host.Client.GetFromJsonAsync<JsonArray>(new Uri("/api/appeals/categories", UriKind.Relative));

        categories!.Should().Contain(c => c!["code"]!.GetValue<string>() == "heating"
            && c["leadBureau"]!.GetValue<string>() == "heating"
            && c["feedbackLimit"]!.GetValue<string>() == "24h");
    }
}
