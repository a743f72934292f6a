using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hanan.Ops.Domain.Geography;
using Hanan.Ops.Host.Security;
using Microsoft.Extensions.DependencyInjection;

namespace Hanan.Ops.Host.Tests.Security;

/// <summary>Hostile input: intake rates per client address and per phone, and the body size limit, each answered with a problem.</summary>
public sealed class RequestLimitTests
{
    private static readonly Uri Appeals = new("/api/appeals", UriKind.Relative);

    private static object Appeal(DistrictHostFactory factory, string? phone = null, string channel = "citizen")
    {
        var point = factory.Services.GetRequiredService<DistrictMap>().Grids[40].LabelPoint;
        return new
        {
            category = "road-damage",
            description = "路灯不亮。",
            latitude = point.Y,
            longitude = point.X,
            idempotencyKey = Guid.NewGuid().ToString(),
            channel,
            contact = phone is null ? null : new { name = "李先生", phone },
        };
    }

    [Fact]
    public async Task Public_intake_is_limited_per_client_address_but_not_for_signed_in_staff()
    {
        await using var factory = new DistrictHostFactory(settings: new Dictionary<string, string?> { ["Hanan:Security:Limits:IntakePerAddressPerMinute"] = "3" });
        using var client = factory.CreateRealClient();
        using var hotline = await factory.ClientAsAsync(Roles.Dispatcher);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            statuses.Add((await client.PostAsJsonAsync(Appeals, Appeal(factory))).StatusCode);
        }

        var refused = await client.PostAsJsonAsync(Appeals, Appeal(factory));
        var staff = await hotline.PostAsJsonAsync(Appeals, Appeal(factory, channel: "hotline"));

        statuses.Should().AllBeEquivalentTo(HttpStatusCode.Created);
        refused.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        refused.Headers.RetryAfter!.Delta.Should().BePositive();
        refused.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        staff.StatusCode.Should().Be(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Intake_is_limited_per_contact_phone()
    {
        await using var factory = new DistrictHostFactory(settings: new Dictionary<string, string?> { ["Hanan:Security:Limits:IntakePerPhonePerHour"] = "2" });
        using var client = factory.CreateRealClient();

        (await client.PostAsJsonAsync(Appeals, Appeal(factory, "13712345678"))).StatusCode.Should().Be(HttpStatusCode.Created);
        (await client.PostAsJsonAsync(Appeals, Appeal(factory, "13712345678"))).StatusCode.Should().Be(HttpStatusCode.Created);
        var third = await client.PostAsJsonAsync(Appeals, Appeal(factory, "13712345678"));
        var otherPhone = await client.PostAsJsonAsync(Appeals, Appeal(factory, "13787654321"));

        third.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        third.Headers.RetryAfter.Should().NotBeNull();
        (await third.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().ContainsKey("contact.phone").Should().BeTrue();
        otherPhone.StatusCode.Should().Be(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_body_over_the_size_limit_is_a_413_problem()
    {
        await using var factory = new DistrictHostFactory(settings: new Dictionary<string, string?> { ["Hanan:Security:Limits:MaxRequestBodyBytes"] = "4096" });
        using var client = factory.CreateRealClient();
        var huge = "{\"category\":\"noise\",\"description\":\"" + new string('噪', 20_000) + "\"}";

        var response = await client.PostAsync(Appeals, new StringContent(huge, System.Text.Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }
}
