using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hanan.Ops.Host.Security;
using Hanan.Ops.Host.Tests.Appeals;
using Hanan.Ops.Host.Tests.Security;
using Microsoft.AspNetCore.SignalR.Client;

namespace Hanan.Ops.Host.Tests.Live;

/// <summary>What the broadcast views (wall, supervision, bureaus, streets, grids) receive: never the citizen's own words.</summary>
public sealed class SupervisionBroadcastTests(EmbeddedHost host) : IClassFixture<EmbeddedHost>
{
    [Fact]
    public async Task A_citizens_reply_and_rating_comment_reach_the_screens_as_events_without_their_words()
    {
        const string reply = "我家住三楼，下午两点后有人";
        const string comment = "修得很快，谢谢王师傅";
        using var citizen = await host.Factory.ClientAsAsync(Roles.Citizen, "citizen-broadcast");
        await using var supervision = await LiveClient.ConnectAsync(host.Factory.BaseAddress, await host.Factory.TokenAsync(Roles.Supervision));
        await supervision.Connection.InvokeAsync("JoinSupervision");
        var receipt = await FileAppeal.Async(host.Factory, citizen, "sanitation", 17, "楼道装修垃圾堆放多日");
        var id = receipt["caseId"]!.GetValue<string>();
        var bureauId = receipt["leadBureau"]!.GetValue<string>();
        using var officer = await host.Factory.ClientAsAsync(Roles.Officer, "officer-9", bureauId);
        async Task Act(HttpClient who, string action, object body) =>
            (await who.PostAsJsonAsync(new Uri($"/api/cases/{id}/{action}", UriKind.Relative), body)).EnsureSuccessStatusCode();
        await Act(officer, "claim", new { bureauId });
        await Act(officer, "questions", new { bureauId, question = "请问何时方便上门？" });
        await Act(citizen, "replies", new { text = reply });
        await Act(officer, "resolve", new { bureauId, summary = "已责令停工整改" });
        await Act(citizen, "rating", new { level = 5, comment });

        var replied = await supervision.NextAsync(m => m["caseId"]!.GetValue<string>() == id && m["action"]!.GetValue<string>() == "citizen-replied",
            TimeSpan.FromSeconds(15), "the reply as an event");
        var rated = await supervision.NextAsync(m => m["caseId"]!.GetValue<string>() == id && m["action"]!.GetValue<string>() == "rated",
            TimeSpan.FromSeconds(15), "the rating as an event");

        replied["description"]!.GetValue<string>().Should().NotContain(reply).And.Be("诉求人已补充信息");
        rated["description"]!.GetValue<string>().Should().NotContain(comment).And.Be("诉求人已评价");
        replied.ToJsonString().Should().NotContain("三楼").And.NotContain("装修");
        rated.ToJsonString().Should().NotContain("王师傅");

        // The case itself keeps them, for those allowed to read it.
        var timeline = (await citizen.GetFromJsonAsync<JsonObject>(new Uri($"/api/cases/{id}", UriKind.Relative)))!["timeline"]!.AsArray();
        timeline.Select(e => e!["description"]!.GetValue<string>()).Should().Contain(d => d.Contains(reply)).And.Contain(d => d.Contains(comment));
    }
}
