using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hanan.Ops.Contracts.Roster;
using Hanan.Ops.Domain.Geography;
using Microsoft.Extensions.DependencyInjection;

namespace Hanan.Ops.Host.Tests.Roster;

/// <summary>
/// A roster that leaves a grid without an active worker (as an imported or hand-edited roster may: the API itself
/// refuses such a change) is reported by the roster endpoint. Its own host, since it breaks the demo roster's coverage.
/// </summary>
public sealed class UncoveredGridTests(EmbeddedHost host) : IClassFixture<EmbeddedHost>
{
    [Fact]
    public async Task A_grid_whose_only_worker_is_inactive_is_reported_as_uncovered()
    {
        var roster = host.Factory.Services.GetRequiredService<IGridWorkerRoster>();
        var snapshot = await roster.ReadAsync();
        var grid = host.Factory.Services.GetRequiredService<DistrictMap>().Grids[5].Code;
        var only = snapshot.Workers.Single(w => w.Grids.Contains(grid));
        only.Grids.Should().ContainSingle("an urban grid has one demo worker of its own");
        (await roster.SaveAsync(only with { Active = false }, snapshot.Version)).Should().NotBeNull();

        var all = await host.Dispatcher.GetFromJsonAsync<JsonObject>(new Uri("/api/grid-workers/", UriKind.Relative));
        var one = await host.Dispatcher.GetFromJsonAsync<JsonObject>(new Uri($"/api/grid-workers/?grid={grid}", UriKind.Relative));
        var workers = await host.Dispatcher.GetFromJsonAsync<JsonArray>(new Uri($"/api/grids/{grid}/workers", UriKind.Relative));

        all!["uncoveredGrids"]!.AsArray().Select(g => g!.GetValue<string>()).Should().Equal(grid);
        one!["uncoveredGrids"]!.AsArray().Select(g => g!.GetValue<string>()).Should().Equal(grid);
        one["workers"]!.AsArray().Should().ContainSingle().Which!["active"]!.GetValue<bool>().Should().BeFalse();
        workers!.Should().ContainSingle().Which!["id"]!.GetValue<string>().Should().Be(only.Id);
    }
}
