using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hanan.Ops.Domain.Geography;
using Hanan.Ops.Host.Security;
using Hanan.Ops.Host.Tests.Security;
using Microsoft.Extensions.DependencyInjection;

namespace Hanan.Ops.Host.Tests.Appeals;

/// <summary>
/// The staff channels (hotline, grid worker, camera alert) file only for signed-in staff of the channel: nobody signed
/// in is asked to sign in (401 with the bearer challenge), a signed-in person of another role is refused (403).
/// </summary>
public sealed class FilingChannelTests(EmbeddedHost host) : IClassFixture<EmbeddedHost>
{
    private static readonly Uri Appeals = new("/api/appeals", UriKind.Relative);

    private JsonObject Appeal(string channel)
    {
        var point = host.Factory.Services.GetRequiredService<DistrictMap>().Grids[17].LabelPoint;
        return new JsonObject
        {
            ["category"] = "sanitation",
            ["description"] = "小区东门垃圾三天没有清运。",
            ["latitude"] = point.Y,
            ["longitude"] = point.X,
            ["channel"] = channel,
            ["idempotencyKey"] = Guid.NewGuid().ToString(),
        };
    }

    [Theory]
    [InlineData("hotline")]
    [InlineData("grid-worker")]
    [InlineData("camera-alert")]
    public async Task Filing_through_a_staff_channel_without_a_token_is_401_with_the_bearer_challenge(string channel)
    {
        using var response = await host.Client.PostAsJsonAsync(Appeals, Appeal(channel));

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.Select(h => h.Scheme).Should().Contain("Bearer");
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");
    }

    [Theory]
    [InlineData("hotline", Roles.Citizen)]
    [InlineData("hotline", Roles.GridWorker)]
    [InlineData("grid-worker", Roles.Officer)]
    [InlineData("camera-alert", Roles.Leader)]
    public async Task Filing_through_a_staff_channel_with_another_roles_token_is_403(string channel, string role)
    {
        using var client = await host.Factory.ClientAsAsync(role);

        using var response = await client.PostAsJsonAsync(Appeals, Appeal(channel));

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        response.Headers.WwwAuthenticate.Should().BeEmpty();
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");
    }

    [Theory]
    [InlineData("hotline", Roles.Dispatcher)]
    [InlineData("grid-worker", Roles.GridWorker)]
    [InlineData("camera-alert", Roles.Police)]
    [InlineData("citizen", null)]
    public async Task The_channels_own_staff_and_the_public_for_the_citizen_channel_file(string channel, string? role)
    {
        using var client = role is null ? host.Factory.CreateRealClient() : await host.Factory.ClientAsAsync(role);

        using var response = await client.PostAsJsonAsync(Appeals, Appeal(channel));

        response.StatusCode.Should().Be(HttpStatusCode.Created);
    }
}
