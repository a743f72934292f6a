using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json.Nodes;
using Hanan.Ops.Host.Security;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Hanan.Ops.Host.Tests.Security;

public sealed class SignInTests
{
    private static readonly Uri DevSignIn = new("/api/auth/dev-sign-in", UriKind.Relative);
    private static readonly Uri Me = new("/api/auth/me", UriKind.Relative);

    [Fact]
    public async Task A_demo_user_signs_in_and_the_token_carries_role_bureau_and_session_timeout()
    {
        await using var factory = new DistrictHostFactory(settings: new Dictionary<string, string?> { ["Hanan:Security:SessionTimeout"] = "00:20:00" });
        using var client = factory.CreateRealClient();

        var response = await client.PostAsJsonAsync(DevSignIn, new { user = "officer-3", role = "officer", bureau = "ecology", password = SignIn.Password });

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        body["tokenType"]!.GetValue<string>().Should().Be("Bearer");
        body["expiresIn"]!.GetValue<int>().Should().Be(1200);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body["accessToken"]!.GetValue<string>());
        var me = await client.GetFromJsonAsync<JsonObject>(Me);
        me!["id"]!.GetValue<string>().Should().Be("officer-3");
        me["role"]!.GetValue<string>().Should().Be("officer");
        me["bureau"]!.GetValue<string>().Should().Be("ecology");
    }

    [Theory]
    [InlineData("""{"user": "x", "role": "emperor", "password": "pingfang-demo"}""", "role")]
    [InlineData("""{"user": "x", "role": "officer", "password": "pingfang-demo"}""", "bureau")]
    [InlineData("""{"user": "x", "role": "officer", "bureau": "nowhere", "password": "pingfang-demo"}""", "bureau")]
    [InlineData("""{"user": "x", "role": "grid-worker", "grids": ["999"], "password": "pingfang-demo"}""", "grids")]
    [InlineData("""{"user": "<x>", "role": "leader", "password": "pingfang-demo"}""", "user")]
    [InlineData("""{"user": 5}""", "user")]
    public async Task A_bad_sign_in_request_is_a_400_naming_the_field(string body, string field)
    {
        await using var factory = new DistrictHostFactory();
        using var client = factory.CreateRealClient();

        var response = await client.PostAsync(DevSignIn, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().ContainsKey(field).Should().BeTrue();
    }

    [Fact]
    public async Task Repeated_wrong_passwords_lock_sign_in_with_429_and_Retry_After()
    {
        await using var factory = new DistrictHostFactory(settings: new Dictionary<string, string?> { ["Hanan:Security:Lockout:MaxFailures"] = "3" });
        using var client = factory.CreateRealClient();
        var wrong = new { user = "leader-1", role = "leader", password = "guess" };

        var failures = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            failures.Add((await client.PostAsJsonAsync(DevSignIn, wrong)).StatusCode);
        }

        var locked = await client.PostAsJsonAsync(DevSignIn, new { user = "leader-1", role = "leader", password = SignIn.Password });

        failures.Should().AllBeEquivalentTo(HttpStatusCode.Unauthorized);
        locked.StatusCode.Should().Be(HttpStatusCode.TooManyRequests, "even the right password waits out the lockout");
        locked.Headers.RetryAfter!.Delta.Should().BePositive();
        locked.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }

    [Fact]
    public async Task The_development_sign_in_does_not_exist_in_Production()
    {
        // Production refuses the published development ID keys (base data): the host gets throw-away ones.
        await using var factory = new DistrictHostFactory(settings: new Dictionary<string, string?>
        {
            ["environment"] = "Production",
            ["Hanan:Privacy:IdEncryptionKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            ["Hanan:Privacy:IdLookupKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
        });
        using var client = factory.CreateRealClient();

        var response = await client.PostAsJsonAsync(DevSignIn, new { user = "administrator-1", role = "administrator", password = SignIn.Password });

        response.StatusCode.Should().BeOneOf(HttpStatusCode.NotFound, HttpStatusCode.Unauthorized);
        response.IsSuccessStatusCode.Should().BeFalse();
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_refused()
    {
        await using var factory = new DistrictHostFactory();
        using var client = factory.CreateRealClient();
        var forged = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "hanan-ops-local",
            Audience = "hanan-ops",
            Subject = new ClaimsIdentity([new Claim("sub", "mallory"), new Claim("role", Roles.Auditor)]),
            Expires = DateTime.UtcNow.AddMinutes(5),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(new byte[32]), SecurityAlgorithms.HmacSha256),
        });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", forged);

        (await client.GetAsync(new Uri("/api/audit/verify", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_token_past_the_session_timeout_is_refused()
    {
        await using var factory = new DistrictHostFactory(settings: new Dictionary<string, string?>
        {
            ["Hanan:Security:SessionTimeout"] = "00:00:01",
            ["Hanan:Security:ClockSkew"] = "00:00:00",
        });
        using var client = await factory.ClientAsAsync(Roles.Leader);

        await Task.Delay(TimeSpan.FromSeconds(2.5));

        (await client.GetAsync(Me)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }
}
