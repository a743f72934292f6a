using Hanan.Ops.Domain.Geography;
using Microsoft.Extensions.DependencyInjection;

using Hanan.Ops.Host.Tests.Security;

namespace Hanan.Ops.Host.Tests.Live;

public sealed class WallPictureTests(EmbeddedHost host) : IClassFixture<EmbeddedHost>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private string Grid(int index) => host.Factory.Services.GetRequiredService<DistrictMap>().Grids[index].Code;

    private Task<System.Text.Json.Nodes.JsonObject> File(string category, int gridIndex = 21) =>
        Appeals.FileAppeal.Async(host.Factory, host.Client, category, gridIndex, "小区门口路灯不亮，夜间出行不便。");

    [Fact]
    public async Task Filed_appeals_reach_the_wall_as_numbered_deltas_that_add_up()
    {
        await using var wall = await WallPictureClient.JoinAsync(host.Factory.BaseAddress, await host.Factory.TokenAsync(Hanan.Ops.Host.Security.Roles.Dispatcher));
        var grid = Grid(21);
        var (open, filed, gridOpen) = (wall.Open, wall.District["filedToday"]!.GetValue<int>(), wall.Counts(grid, "open"));
        var (heatOpen, heatHour) = (wall.Heat(grid, "road-damage", "open"), wall.Heat(grid, "road-damage", "1h"));

        for (var i = 0; i < 3; i++)
        {
            await File("road-damage");
        }

        await wall.UntilAsync(w => w.Open == open + 3, Patience, "three more open cases");
        wall.District["filedToday"]!.GetValue<int>().Should().Be(filed + 3);
        wall.Counts(grid, "open").Should().Be(gridOpen + 3);
        wall.Counts(grid, "filedToday").Should().BeGreaterThanOrEqualTo(3);
        wall.Heat(grid, "road-damage", "open").Should().Be(heatOpen + 3);
        wall.Heat(grid, "road-damage", "1h").Should().Be(heatHour + 3);
        wall.Applied.Should().NotBeEmpty();
        wall.Applied.Select(a => a.Sequence).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();

        // A fresh snapshot agrees with snapshot + deltas once the grain has published everything.
        await Task.Delay(TimeSpan.FromSeconds(1));
        await using var late = await WallPictureClient.JoinAsync(host.Factory.BaseAddress, await host.Factory.TokenAsync(Hanan.Ops.Host.Security.Roles.Dispatcher));
        await wall.UntilAsync(w => w.Sequence >= late.SnapshotSequence, Patience, "the late snapshot's sequence");
        late.Shape().Should().Be(wall.Shape());
    }

    [Fact]
    public async Task A_burst_of_appeals_is_coalesced_into_a_few_deltas_half_a_second_apart()
    {
        await using var wall = await WallPictureClient.JoinAsync(host.Factory.BaseAddress, await host.Factory.TokenAsync(Hanan.Ops.Host.Security.Roles.Dispatcher));
        var open = wall.Open;

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => File("noise", 10 + (i % 5))));
        await wall.UntilAsync(w => w.Open == open + 20, Patience, "twenty more open cases");

        wall.Applied.Count.Should().BeInRange(1, 8, "20 appeals in a burst make a handful of deltas, not one each");
        foreach (var (previous, next) in wall.Applied.Zip(wall.Applied.Skip(1)))
        {
            (next.Arrived - previous.Arrived).Should().BeGreaterThan(TimeSpan.FromMilliseconds(350),
                $"deltas {previous.Sequence} and {next.Sequence} are at most two per second");
        }
    }

    [Fact]
    public async Task A_wall_joining_mid_burst_misses_nothing_between_snapshot_and_deltas()
    {
        await using var early = await WallPictureClient.JoinAsync(host.Factory.BaseAddress, await host.Factory.TokenAsync(Hanan.Ops.Host.Security.Roles.Dispatcher));
        var open = early.Open;

        var filing = Task.Run(async () =>
        {
            for (var i = 0; i < 12; i++)
            {
                await File("sanitation", 30 + (i % 4));
                await Task.Delay(100);
            }
        });
        await Task.Delay(600);
        await using var late = await WallPictureClient.JoinAsync(host.Factory.BaseAddress, await host.Factory.TokenAsync(Hanan.Ops.Host.Security.Roles.Dispatcher));
        await filing;

        await early.UntilAsync(w => w.Open == open + 12, Patience, "the early wall sees all twelve");
        await late.UntilAsync(w => w.Open == open + 12, Patience, "the late wall sees all twelve");
        late.SnapshotSequence.Should().BeGreaterThan(early.SnapshotSequence, "the late wall joined after deltas were published");
        late.Applied.Should().NotBeEmpty("appeals were still being filed after the late wall joined");
        late.Applied[0].Sequence.Should().Be(late.SnapshotSequence + 1);
        await early.UntilAsync(w => w.Sequence >= late.Sequence, Patience, "the same sequence on both walls");
        await late.UntilAsync(w => w.Sequence >= early.Sequence, Patience, "the same sequence on both walls");
        late.Shape().Should().Be(early.Shape());
    }
}
