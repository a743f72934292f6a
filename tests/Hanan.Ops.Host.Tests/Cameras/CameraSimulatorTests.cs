using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hanan.Ops.Host.Security;
using Hanan.Ops.Host.Tests.Security;
using Hanan.Ops.Storage.Cameras;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Hanan.Ops.Host.Tests.Cameras;

public sealed class CameraSimulatorTests
{
    [Fact]
    public async Task The_simulator_installs_its_fences_and_watchlist_and_delivers_the_day_up_to_the_district_clock()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 8, 0, 0, TimeSpan.FromHours(8)));
        var settings = new Dictionary<string, string?>
        {
            ["Hanan:Cameras:Simulator:Enabled"] = "true",
            ["Hanan:Cameras:Simulator:Trips"] = "600",
            ["Hanan:Cameras:Simulator:Tick"] = "00:00:00.100",
        };
        await using var factory = new DistrictHostFactory(clock: clock, settings: settings);
        using var client = await factory.ClientAsAsync(Roles.Dispatcher);
        using var police = await factory.ClientAsAsync(Roles.Police);
        var store = factory.Services.GetRequiredService<ISightingStore>();
        var dayStart = new DateTimeOffset(2026, 11, 26, 0, 0, 0, TimeSpan.FromHours(8));

        await Storage.Tests.Eventually.HoldsAsync(
            async () => (await client.GetFromJsonAsync<JsonArray>(new Uri("/api/cameras", UriKind.Relative)))!.Count(c => c!["online"]!.GetValue<bool>()) == 152,
            TimeSpan.FromSeconds(30), "every camera sends heartbeats");
        var fences = await client.GetFromJsonAsync<JsonArray>(new Uri("/api/fences", UriKind.Relative));
        fences!.Select(f => f!["id"]!.GetValue<string>()).Should().BeEquivalentTo("gov-compound", "school-zone");
        var watchlist = await police.GetFromJsonAsync<JsonObject>(new Uri("/api/police/watchlist?reason=模拟演示", UriKind.Relative));
        watchlist!["wantedPlates"]!.AsArray().Should().HaveCount(3);

        var network = factory.Services.GetRequiredService<Hanan.Ops.Domain.Cameras.Simulation.CameraNetwork>();
        async Task<int> Delivered() => (await store.PassesNearAsync(
            [.. network.Cameras.Select(c => new Hanan.Ops.Domain.Cameras.PlateSighting(null, c.Id.Value, dayStart.AddHours(12), "", default, 0, 0, 0))],
            TimeSpan.FromHours(12))).Count;
        await Storage.Tests.Eventually.HoldsAsync(async () => await Delivered() > 0, TimeSpan.FromSeconds(30), "the night's and early morning's reads arrive");
        var beforeEight = await Delivered();

        clock.Advance(TimeSpan.FromHours(2));
        await Storage.Tests.Eventually.HoldsAsync(async () => await Delivered() > beforeEight, TimeSpan.FromSeconds(30), "the morning peak arrives as the clock moves");
    }
}
