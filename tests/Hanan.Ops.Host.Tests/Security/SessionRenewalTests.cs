using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json.Nodes;
using Hanan.Ops.Host.Security;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Hanan.Ops.Host.Tests.Security;

/// <summary>
/// POST /api/auth/renew: a fresh token with the same claims and the original sign-in time, until the maximum session
/// length. Tokens from an earlier sign-in are minted with the tests' signing key and an issuer on a fake clock.
/// </summary>
public sealed class SessionRenewalTests(EmbeddedHost host) : IClassFixture<EmbeddedHost>
{
    private static readonly Uri Renew = new("/api/auth/renew", UriKind.Relative);

    [Fact]
    public async Task A_signed_in_officer_renews_and_the_new_token_keeps_role_bureau_and_sign_in_time()
    {
        var first = await host.Factory.TokenAsync(Roles.Officer, "officer-renew", "ecology");
        using var client = Bearer(first);

        var response = await client.PostAsync(Renew, null);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        var renewed = body["accessToken"]!.GetValue<string>();
        body["user"]!["bureau"]!.GetValue<string>().Should().Be("ecology");
        var (old, fresh) = (new JsonWebToken(first), new JsonWebToken(renewed));
        fresh.GetClaim("auth_time").Value.Should().Be(old.GetClaim("auth_time").Value, "renewal never moves the sign-in time");
        fresh.GetClaim("sub").Value.Should().Be("officer-renew");
        fresh.GetClaim("role").Value.Should().Be(Roles.Officer);
        fresh.GetClaim("bureau").Value.Should().Be("ecology");
        fresh.ValidTo.Should().BeOnOrAfter(old.ValidTo);

        using var renewedClient = Bearer(renewed);
        var me = await renewedClient.GetFromJsonAsync<JsonObject>(new Uri("/api/auth/me", UriKind.Relative));
        me!["bureau"]!.GetValue<string>().Should().Be("ecology");
    }

    [Fact]
    public async Task Renewal_within_the_maximum_session_length_works_and_after_it_is_refused()
    {
        var now = TimeProvider.System.GetUtcNow();
        using var sixDays = Bearer(Mint(signedInAt: now.AddDays(-6), issuedAt: now));
        using var eightDays = Bearer(Mint(signedInAt: now.AddDays(-7).AddMinutes(-5), issuedAt: now));

        var inside = await sixDays.PostAsync(Renew, null);
        var outside = await eightDays.PostAsync(Renew, null);

        inside.StatusCode.Should().Be(HttpStatusCode.OK);
        outside.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        outside.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await outside.Content.ReadFromJsonAsync<JsonObject>())!["reason"]!.GetValue<string>().Should().Be("SessionTooOld");
    }

    [Fact]
    public async Task An_expired_token_cannot_be_renewed()
    {
        var now = TimeProvider.System.GetUtcNow();
        using var expired = Bearer(Mint(signedInAt: now.AddHours(-2), issuedAt: now.AddHours(-2)));

        var response = await expired.PostAsync(Renew, null);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_maximum_session_length_is_configurable()
    {
        await using var factory = new DistrictHostFactory(settings: new Dictionary<string, string?> { ["Hanan:Security:MaxSessionLength"] = "02:00:00" });
        var now = TimeProvider.System.GetUtcNow();
        using var client = factory.CreateRealClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Mint(now.AddHours(-3), now));

        var response = await client.PostAsync(Renew, null);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task With_an_identity_provider_the_host_neither_renews_nor_signs_in()
    {
        await using var factory = new DistrictHostFactory(settings: new Dictionary<string, string?>
        {
            ["Hanan:Security:Authority"] = "https://sso.pingfang.example/realms/pingfang",
        });
        using var client = factory.CreateRealClient();

        var routes = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => e.RoutePattern.RawText).ToList();

        routes.Should().Contain("/api/auth/me").And.NotContain("/api/auth/renew", "refreshing is the identity provider's business")
            .And.NotContain("/api/auth/dev-sign-in", "the host would issue tokens it does not accept");
        (await client.PostAsync(Renew, null)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    /// <summary>A dispatcher's token as the host would have issued it at <paramref name="issuedAt"/> (30 minutes' lifetime).</summary>
    private static string Mint(DateTimeOffset signedInAt, DateTimeOffset issuedAt)
    {
        var issuer = new TokenIssuer(new SecurityOptions { SigningKey = DistrictHostFactory.TestSigningKey }, new FakeTimeProvider(issuedAt));
        return issuer.Issue([
            new Claim(HananClaims.Subject, "dispatcher-old"), new Claim(HananClaims.Role, Roles.Dispatcher),
            SessionRenewal.SignedInAt(signedInAt),
        ]).Token;
    }

    private HttpClient Bearer(string token)
    {
        var client = host.Factory.CreateRealClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
