using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json.Nodes;
using Hanan.Ops.Domain.Audit;
using Hanan.Ops.Host.Live;
using Hanan.Ops.Host.Security;
using Hanan.Ops.Storage.Audit;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Hanan.Ops.Host.Tests.Security;

/// <summary>
/// One person, one role: a correctly signed token with several roles, or without a subject, is refused with 401 and a
/// problem, and the refusal is audited with its reason. The tokens are forged with the host's own signing key.
/// </summary>
public sealed class TokenShapeTests(EmbeddedHost host) : IClassFixture<EmbeddedHost>
{
    private static readonly Uri Me = new("/api/auth/me", UriKind.Relative);

    private string Forge(params (string Type, string Value)[] claims) =>
        host.Factory.Services.GetRequiredService<TokenIssuer>().Issue(claims.Select(c => new Claim(c.Type, c.Value))).Token;

    private async Task<HttpResponseMessage> GetAsync(Uri uri, string token)
    {
        using var client = host.Factory.CreateRealClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.GetAsync(uri);
    }

    public static TheoryData<string, string[]> Refused => new()
    {
        { "two roles", [HananClaims.Subject, "dispatcher-7", HananClaims.Role, Roles.Dispatcher, HananClaims.Role, Roles.Police] },
        { "the same role twice", [HananClaims.Subject, "dispatcher-7", HananClaims.Role, Roles.Dispatcher, HananClaims.Role, Roles.Dispatcher] },
        { "a role and an unknown role", [HananClaims.Subject, "dispatcher-7", HananClaims.Role, "superuser", HananClaims.Role, Roles.Dispatcher] },
        { "no sub", [HananClaims.Role, Roles.Dispatcher, HananClaims.Name, "dispatcher-7"] },
        { "an empty sub", [HananClaims.Subject, "", HananClaims.Role, Roles.Dispatcher] },
        { "a blank sub", [HananClaims.Subject, "  ", HananClaims.Role, Roles.Dispatcher] },
        { "two subs", [HananClaims.Subject, "dispatcher-7", HananClaims.Subject, "dispatcher-8", HananClaims.Role, Roles.Dispatcher] },
    };

    private static (string, string)[] Pairs(string[] flat) => [.. flat.Chunk(2).Select(p => (p[0], p[1]))];

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task A_signed_token_of_the_wrong_shape_is_refused_with_401_and_a_problem(string shape, string[] claims)
    {
        var token = Forge(Pairs(claims));

        using var me = await GetAsync(Me, token);
        using var cases = await GetAsync(new Uri("/api/cases", UriKind.Relative), token);

        me.StatusCode.Should().Be(HttpStatusCode.Unauthorized, $"a token with {shape} is refused");
        me.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");
        me.Headers.WwwAuthenticate.ToString().Should().Contain("Bearer").And.Contain("invalid_token");
        cases.StatusCode.Should().Be(HttpStatusCode.Unauthorized, $"a token with {shape} opens no endpoint");
    }

    [Fact]
    public async Task A_token_of_one_sub_and_one_role_forged_the_same_way_is_accepted()
    {
        using var me = await GetAsync(Me, Forge((HananClaims.Subject, "dispatcher-7"), (HananClaims.Role, Roles.Dispatcher)));

        me.StatusCode.Should().Be(HttpStatusCode.OK, "the forging itself is sound: only the shape is refused");
        (await me.Content.ReadFromJsonAsync<JsonObject>())!["role"]!.GetValue<string>().Should().Be(Roles.Dispatcher);
    }

    [Fact]
    public async Task A_refused_token_is_audited_with_the_reason()
    {
        var path = "/api/cases?refusal=" + Guid.NewGuid().ToString("N");

        using var response = await GetAsync(new Uri(path, UriKind.Relative),
            Forge((HananClaims.Subject, "police-3"), (HananClaims.Role, Roles.Police), (HananClaims.Role, Roles.Dispatcher)));

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        var records = await host.Factory.Services.GetRequiredService<IAuditStore>().ReadAsync(0, 100_000);
        records.Select(r => r.Entry).Should().Contain(e => e.Action == "access.denied" && e.Outcome == AuditOutcome.Denied
            && e.Target == "GET /api/cases" && e.Detail == "token refused: the token carries more than one role");
    }

    [Fact]
    public async Task A_token_with_two_roles_cannot_open_the_hub()
    {
        var token = Forge((HananClaims.Subject, "leader-2"), (HananClaims.Role, Roles.Leader), (HananClaims.Role, Roles.Police));
        await using var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(host.Factory.BaseAddress, DistrictHub.Path), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();

        var start = () => connection.StartAsync();

        (await start.Should().ThrowAsync<HttpRequestException>()).Which.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task With_an_identity_provider_the_same_rules_refuse_the_providers_tokens()
    {
        // The provider's metadata is fetched only when a token arrives; the hook is what is checked here.
        await using var factory = new DistrictHostFactory(settings: new Dictionary<string, string?>
        {
            ["Hanan:Security:Authority"] = "http://127.0.0.1:9/realms/pingfang",
            ["Hanan:Security:RequireHttpsMetadata"] = "false",
        });
        var options = factory.Services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(JwtBearerDefaults.AuthenticationScheme);
        options.Authority.Should().Be("http://127.0.0.1:9/realms/pingfang");
        var scheme = new AuthenticationScheme(JwtBearerDefaults.AuthenticationScheme, null, typeof(JwtBearerHandler));

        async Task<AuthenticateResult?> Validated(params (string, string)[] claims)
        {
            var context = new TokenValidatedContext(new DefaultHttpContext(), scheme, options)
            {
                Principal = new ClaimsPrincipal(new ClaimsIdentity(claims.Select(c => new Claim(c.Item1, c.Item2)), "oidc")),
            };
            await options.Events.TokenValidated(context);
            return context.Result;
        }

        (await Validated((HananClaims.Subject, "u-1"), (HananClaims.Role, Roles.Leader), (HananClaims.Role, Roles.Police)))!.Failure!.Message
            .Should().Be("the token carries more than one role");
        (await Validated((HananClaims.Role, Roles.Leader)))!.Failure!.Message.Should().Be("the token carries no sub");
        (await Validated((HananClaims.Subject, "u-1"), (HananClaims.Role, Roles.Leader))).Should().BeNull("a token of the right shape goes on");
    }
}
