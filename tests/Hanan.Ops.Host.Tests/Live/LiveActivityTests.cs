using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Hanan.Ops.Host.Security;
using Hanan.Ops.Host.Tests.Security;
using Microsoft.Extensions.DependencyInjection;

namespace Hanan.Ops.Host.Tests.Live;

public sealed class LiveActivityTests(EmbeddedHost host) : IClassFixture<EmbeddedHost>
{
    [Fact]
    public async Task A_filed_appeal_reaches_the_supervision_monitor_and_its_bureau_over_SignalR()
    {
        var f = host.Factory;
        await using var supervision = await LiveClient.ConnectAsync(f.BaseAddress, await f.TokenAsync(Roles.Supervision));
        await supervision.Connection.InvokeAsync("JoinSupervision");
        await using var bureau = await LiveClient.ConnectAsync(f.BaseAddress, await f.TokenAsync(Roles.Officer, bureau: "ecology"));
        await bureau.Connection.InvokeAsync("JoinBureau", "ecology");
        var grid = host.Factory.Services.GetRequiredService<Hanan.Ops.Domain.Geography.DistrictMap>().Grids[21];
        await using var street = await LiveClient.ConnectAsync(f.BaseAddress, await f.TokenAsync(Roles.Dispatcher));
        await street.Connection.InvokeAsync("JoinStreet", grid.StreetCode);
        await using var gridWorker = await LiveClient.ConnectAsync(f.BaseAddress, await f.TokenAsync(Roles.GridWorker, grids: [grid.Code]));
        await gridWorker.Connection.InvokeAsync("JoinGrid", grid.Code);
        await using var otherBureau = await LiveClient.ConnectAsync(f.BaseAddress, await f.TokenAsync(Roles.Officer, bureau: "education"));
        await otherBureau.Connection.InvokeAsync("JoinBureau", "education");

        var receipt = await File(host, "noise");

        var seen = await supervision.NextAsync(m => m["number"]!.GetValue<string>() == receipt, TimeSpan.FromSeconds(10), "supervision sees the new case");
        seen["action"]!.GetValue<string>().Should().Be("filed");
        seen["leadBureau"]!.GetValue<string>().Should().Be("ecology");
        seen.ContainsKey("contact").Should().BeFalse("broadcast views carry no contact details");
        await bureau.NextAsync(m => m["number"]!.GetValue<string>() == receipt, TimeSpan.FromSeconds(10), "the lead bureau's queue sees it");
        await street.NextAsync(m => m["number"]!.GetValue<string>() == receipt, TimeSpan.FromSeconds(10), "the street office sees it");
        await gridWorker.NextAsync(m => m["number"]!.GetValue<string>() == receipt, TimeSpan.FromSeconds(10), "the grid worker sees it");
        var wrong = () => otherBureau.NextAsync(m => m["number"]!.GetValue<string>() == receipt, TimeSpan.FromSeconds(1), "an unrelated bureau");
        await wrong.Should().ThrowAsync<TimeoutException>("a bureau sees only the cases assigned to it");
    }

    [Fact]
    public async Task A_bad_group_id_is_refused_by_the_hub()
    {
        await using var client = await LiveClient.ConnectAsync(host.Factory.BaseAddress, await host.Factory.TokenAsync(Roles.Dispatcher));

        var join = () => client.Connection.InvokeAsync("JoinBureau", "<script>");

        await join.Should().ThrowAsync<HubException>();
    }

    private static async Task<string> File(EmbeddedHost host, string category) =>
        (await Appeals.FileAppeal.Async(host.Factory, host.Client, category, description: "夜间施工噪声扰民，持续到凌晨两点。"))["caseNumber"]!.GetValue<string>();
}
