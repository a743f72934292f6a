using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Hanan.Ops.Host.Security;
using Hanan.Ops.Host.Tests.Security;

namespace Hanan.Ops.Host.Tests.Hosting;

/// <summary>
/// Every answer carries nosniff and a referrer policy; every answer under /api and /hubs (personal data can be in any
/// of them) is never stored; the API reference page runs under a CSP that admits exactly its own inline script.
/// </summary>
public sealed partial class SecurityHeadersTests(EmbeddedHost host) : IClassFixture<EmbeddedHost>
{
    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = content };
        return await client.SendAsync(request);
    }

    private static void ShouldCarryTheCommonHeaders(HttpResponseMessage response, string what)
    {
        response.Headers.GetValues("X-Content-Type-Options").Should().Equal(["nosniff"], $"{what} ({(int)response.StatusCode}) is not sniffed");
        response.Headers.GetValues("Referrer-Policy").Should().Equal(["no-referrer"], $"{what} ({(int)response.StatusCode}) sends no referrer");
    }

    private static void ShouldNotBeStored(HttpResponseMessage response, string what) =>
        response.Headers.CacheControl?.NoStore.Should().BeTrue($"{what} ({(int)response.StatusCode}) may hold personal data and is never stored");

    [Fact]
    public async Task Every_kind_of_API_answer_carries_nosniff_a_referrer_policy_and_no_store()
    {
        using var dispatcher = await host.Factory.ClientAsAsync(Roles.Dispatcher);
        using var citizen = await host.Factory.ClientAsAsync(Roles.Citizen);
        var caseId = (await Appeals.FileAppeal.Async(host.Factory, host.Client, "sanitation"))["caseId"]!.GetValue<Guid>();
        var answers = new List<(string What, HttpResponseMessage Response, HttpStatusCode Expected)>
        {
            ("the category catalogue", await SendAsync(host.Client, HttpMethod.Get, "/api/appeals/categories"), HttpStatusCode.OK),
            ("a case with its contact", await SendAsync(dispatcher, HttpMethod.Get, $"/api/cases/{caseId}"), HttpStatusCode.OK),
            ("a case nobody signed in asks for", await SendAsync(host.Client, HttpMethod.Get, $"/api/cases/{caseId}"), HttpStatusCode.Unauthorized),
            ("the audit log asked by a dispatcher", await SendAsync(dispatcher, HttpMethod.Get, "/api/audit/records"), HttpStatusCode.Forbidden),
            ("an unknown case", await SendAsync(dispatcher, HttpMethod.Get, $"/api/cases/{Guid.NewGuid()}"), HttpStatusCode.NotFound),
            ("an unknown API path", await SendAsync(dispatcher, HttpMethod.Get, "/api/no-such-thing"), HttpStatusCode.NotFound),
            ("an invalid appeal", await SendAsync(host.Client, HttpMethod.Post, "/api/appeals", JsonContent.Create(new { category = "emperor" })), HttpStatusCode.BadRequest),
            ("an unknown charset", await SendAsync(host.Client, HttpMethod.Post, "/api/appeals",
                new StringContent("{}", new MediaTypeHeaderValue("application/json") { CharSet = "klingon" })), HttpStatusCode.UnsupportedMediaType),
            ("a citizen's own binding", await SendAsync(citizen, HttpMethod.Get, "/api/me/binding"), HttpStatusCode.NotFound),
            ("the hub's negotiation", await SendAsync(dispatcher, HttpMethod.Post, "/hubs/district/negotiate?negotiateVersion=1"), HttpStatusCode.OK),
            ("the hub's negotiation for nobody", await SendAsync(host.Client, HttpMethod.Post, "/hubs/district/negotiate?negotiateVersion=1"), HttpStatusCode.Unauthorized),
        };

        foreach (var (what, response, expected) in answers)
        {
            using (response)
            {
                response.StatusCode.Should().Be(expected, what);
                ShouldCarryTheCommonHeaders(response, what);
                ShouldNotBeStored(response, what);
            }
        }
    }

    [Theory]
    [InlineData("/index.html", HttpStatusCode.OK)]
    [InlineData("/assets/no-such-file.js", HttpStatusCode.Unauthorized)]
    [InlineData("/health/ready", HttpStatusCode.OK)]
    [InlineData("/openapi/v1.json", HttpStatusCode.OK)]
    [InlineData("/openapi/v2.json", HttpStatusCode.Unauthorized)]
    [InlineData("/api-reference/scalar.js", HttpStatusCode.OK)]
    public async Task Screens_documents_and_probes_carry_nosniff_and_a_referrer_policy(string path, HttpStatusCode expected)
    {
        using var response = await SendAsync(host.Client, HttpMethod.Get, path);

        response.StatusCode.Should().Be(expected);
        ShouldCarryTheCommonHeaders(response, path);
    }

    [Fact]
    public async Task The_API_reference_admits_its_own_inline_script_by_hash_and_nothing_else_inline()
    {
        using var response = await SendAsync(host.Client, HttpMethod.Get, "/api-reference/");
        var html = await response.Content.ReadAsStringAsync();

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        ShouldCarryTheCommonHeaders(response, "the API reference");
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        var inline = InlineScript().Matches(html).Select(m => m.Groups[1].Value).ToList();
        inline.Should().NotBeEmpty("Scalar starts with an inline module script");
        var hashes = inline.Select(s => $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(s)))}'").ToList();
        var scriptSrc = Directive(csp, "script-src");
        scriptSrc.Should().BeEquivalentTo(["'self'", .. hashes], "only the host's scripts and the page's own inline script run");
        Directive(csp, "object-src").Should().Equal("'none'");
        Directive(csp, "frame-ancestors").Should().Equal("'none'");
        Directive(csp, "connect-src").Should().Equal("'self'");
    }

    [Fact]
    public async Task The_API_references_redirect_and_scripts_carry_the_policy_without_inline_hashes()
    {
        using var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.Factory.BaseAddress };
        using var redirect = await SendAsync(noRedirects, HttpMethod.Get, "/api-reference");
        using var script = await SendAsync(host.Client, HttpMethod.Get, "/api-reference/scalar.aspnetcore.js");

        redirect.StatusCode.Should().Be(HttpStatusCode.Found);
        foreach (var response in new[] { redirect, script })
        {
            var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
            Directive(csp, "script-src").Should().Equal("'self'");
            csp.Should().NotContain("{inline-scripts}");
        }
    }

    private static string[] Directive(string csp, string name) =>
        csp.Split(';', StringSplitOptions.TrimEntries).Single(d => d.StartsWith(name + " ", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..];

    [GeneratedRegex(@"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex InlineScript();
}
