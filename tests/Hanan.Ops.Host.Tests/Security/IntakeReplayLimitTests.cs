using System.Net;
using System.Net.Http.Json;
using Hanan.Ops.Domain.Geography;
using Microsoft.Extensions.DependencyInjection;

namespace Hanan.Ops.Host.Tests.Security;

/// <summary>
/// A client that follows the retry advice (same idempotency key, same content) is never locked out by its retries: a
/// replay of a stored appeal costs no permit of the per-phone or per-address limits. Fresh keys, and a reused key with
/// other content, still count.
/// </summary>
public sealed class IntakeReplayLimitTests
{
    private static readonly Uri Appeals = new("/api/appeals", UriKind.Relative);

    private static object Appeal(DistrictHostFactory factory, string key, string? phone, string description = "路灯不亮。")
    {
        var point = factory.Services.GetRequiredService<DistrictMap>().Grids[41].LabelPoint;
        return new
        {
            category = "road-damage",
            description,
            latitude = point.Y,
            longitude = point.X,
            idempotencyKey = key,
            contact = phone is null ? null : new { name = "李先生", phone },
        };
    }

    [Fact]
    public async Task Replaying_a_stored_appeal_does_not_count_against_the_per_phone_limit()
    {
        await using var factory = new DistrictHostFactory(settings: new Dictionary<string, string?> { ["Hanan:Security:Limits:IntakePerPhonePerHour"] = "2" });
        using var client = factory.CreateRealClient();
        const string phone = "13712340001";
        var first = Appeal(factory, Guid.NewGuid().ToString(), phone);

        (await client.PostAsJsonAsync(Appeals, first)).StatusCode.Should().Be(HttpStatusCode.Created);
        var replays = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++)
        {
            replays.Add((await client.PostAsJsonAsync(Appeals, first)).StatusCode);
        }

        replays.Should().AllBeEquivalentTo(HttpStatusCode.OK, "each replay of the stored appeal is answered 200 and costs nothing");
        (await client.PostAsJsonAsync(Appeals, Appeal(factory, Guid.NewGuid().ToString(), phone))).StatusCode
            .Should().Be(HttpStatusCode.Created, "the second appeal of the phone is within the limit of 2");
        var third = await client.PostAsJsonAsync(Appeals, Appeal(factory, Guid.NewGuid().ToString(), phone));
        third.StatusCode.Should().Be(HttpStatusCode.TooManyRequests, "a fresh key is a new appeal and counts");
        third.Headers.RetryAfter.Should().NotBeNull();
    }

    [Fact]
    public async Task A_reused_key_with_other_content_still_counts_against_the_per_phone_limit()
    {
        await using var factory = new DistrictHostFactory(settings: new Dictionary<string, string?> { ["Hanan:Security:Limits:IntakePerPhonePerHour"] = "2" });
        using var client = factory.CreateRealClient();
        const string phone = "13712340002";
        var key = Guid.NewGuid().ToString();

        (await client.PostAsJsonAsync(Appeals, Appeal(factory, key, phone))).StatusCode.Should().Be(HttpStatusCode.Created);
        (await client.PostAsJsonAsync(Appeals, Appeal(factory, key, phone, "另一件事。"))).StatusCode.Should().Be(HttpStatusCode.Conflict);

        (await client.PostAsJsonAsync(Appeals, Appeal(factory, key, phone, "又一件事。"))).StatusCode
            .Should().Be(HttpStatusCode.TooManyRequests, "the 409 took the second permit: only a replay of the same content is free");
    }

    [Fact]
    public async Task Replaying_a_stored_appeal_does_not_count_against_the_per_address_limit()
    {
        await using var factory = new DistrictHostFactory(settings: new Dictionary<string, string?> { ["Hanan:Security:Limits:IntakePerAddressPerMinute"] = "3" });
        using var client = factory.CreateRealClient();
        var first = Appeal(factory, Guid.NewGuid().ToString(), phone: null);

        (await client.PostAsJsonAsync(Appeals, first)).StatusCode.Should().Be(HttpStatusCode.Created);
        var replays = new List<HttpStatusCode>();
        for (var i = 0; i < 10; i++)
        {
            replays.Add((await client.PostAsJsonAsync(Appeals, first)).StatusCode);
        }

        replays.Should().AllBeEquivalentTo(HttpStatusCode.OK);
        (await client.PostAsJsonAsync(Appeals, Appeal(factory, Guid.NewGuid().ToString(), null))).StatusCode.Should().Be(HttpStatusCode.Created);
        (await client.PostAsJsonAsync(Appeals, Appeal(factory, Guid.NewGuid().ToString(), null))).StatusCode.Should().Be(HttpStatusCode.Created);
        (await client.PostAsJsonAsync(Appeals, Appeal(factory, Guid.NewGuid().ToString(), null))).StatusCode
            .Should().Be(HttpStatusCode.TooManyRequests, "three new appeals used the address's three permits");
    }
}
