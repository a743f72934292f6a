using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Hanan.Ops.Host.Tests.Appeals;

/// <summary>What the officer console and the citizen web read besides cases: bureau names and the district clock.</summary>
public sealed class DeskEndpointsTests(EmbeddedHost host) : IClassFixture<EmbeddedHost>
{
    [Fact]
    public async Task Bureaus_are_listed_with_their_Chinese_names()
    {
        var bureaus = (await host.Client.GetFromJsonAsync<JsonArray>(new Uri("/api/bureaus", UriKind.Relative)))!;

        var urban = bureaus.Single(b => b!["id"]!.GetValue<string>() == "urban-management")!;
        urban["name"]!.GetValue<string>().Should().Be("区城市管理和行政执法局");
        urban["kind"]!.GetValue<string>().Should().Be("Bureau");
        bureaus.Select(b => b!["id"]!.GetValue<string>()).Should().Contain(["supervision", "heating"]).And.OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task The_clock_is_the_district_clock_not_the_machine_clock()
    {
        host.Factory.Clock.Advance(TimeSpan.FromMinutes(7));
        var expected = host.Factory.Clock.GetUtcNow();

        var clock = await host.Client.GetFromJsonAsync<JsonObject>(new Uri("/api/clock", UriKind.Relative));

        var now = DateTimeOffset.Parse(clock!["now"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        now.Should().Be(expected);
        now.Offset.Should().Be(TimeSpan.FromHours(8));
    }
}
