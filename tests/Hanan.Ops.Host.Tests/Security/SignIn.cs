using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hanan.Ops.Domain.Geography;
using Hanan.Ops.Host.Security;
using Microsoft.Extensions.DependencyInjection;

namespace Hanan.Ops.Host.Tests.Security;

/// <summary>Signs in through the real development sign-in, as a demo user of a role.</summary>
public static class SignIn
{
    /// <summary>The demo password (Hanan:Security:DevSignIn:Password's default).</summary>
    public const string Password = "pingfang-demo";

    /// <summary>The bureau officers and bureau heads get unless a test names one.</summary>
    public const string DefaultBureau = "urban-management";

    /// <summary>A bearer token. Officers and bureau heads default to <see cref="DefaultBureau"/>, grid workers to grid 21.</summary>
    public static async Task<string> TokenAsync(this DistrictHostFactory factory, string role, string? user = null, string? bureau = null,
        IReadOnlyList<string>? grids = null)
    {
        using var http = factory.CreateRealClient();
        bureau ??= Roles.IsBureauScoped(role) ? DefaultBureau : null;
        grids ??= role == Roles.GridWorker ? [factory.Services.GetRequiredService<DistrictMap>().Grids[21].Code] : null;
        using var response = await http.PostAsJsonAsync(new Uri("/api/auth/dev-sign-in", UriKind.Relative),
            new { user = user ?? role + "-1", role, bureau, grids, password = Password });
        response.IsSuccessStatusCode.Should().BeTrue($"signing in as {role} works ({(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()})");
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!.GetValue<string>();
    }

    /// <summary>An HTTP client that sends the role's token.</summary>
    public static async Task<HttpClient> ClientAsAsync(this DistrictHostFactory factory, string role, string? user = null, string? bureau = null,
        IReadOnlyList<string>? grids = null)
    {
        var client = factory.CreateRealClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await factory.TokenAsync(role, user, bureau, grids));
        return client;
    }
}
