using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hanan.Ops.Host.Tests.Appeals;
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
        var client = host.Client;
        await using var supervision = await LiveClient.ConnectAsync(host.Factory.BaseAddress);
        await supervision.Connection.InvokeAsync("JoinSupervision");
        var receipt = await FileAppeal.Async(host.Factory, client, "sanitation", 17, "楼道装修垃圾堆放多日");
        var id = receipt["caseId"]!.GetValue<string>();
        var officer = new { bureauId = receipt["leadBureau"]!.GetValue<string>(), officerId = "officer-9" };
        async Task Act(string action, object body) =>
            (await client.PostAsJsonAsync(new Uri($"/api/cases/{id}/{action}", UriKind.Relative), body)).EnsureSuccessStatusCode();
        await Act("claim", officer);
        await Act("questions", new { officer.bureauId, officer.officerId, question = "请问何时方便上门？" });
        await Act("replies", new { citizenId = "citizen-1", text = reply });
        await Act("resolve", new { officer.bureauId, officer.officerId, summary = "已责令停工整改" });
        await Act("rating", new { citizenId = "citizen-1", level = 5, comment });

        var replied = await supervision.NextAsync(m => m["caseId"]!.GetValue<string>() == id && m["action"]!.GetValue<string>() == "citizen-replied",
            TimeSpan.FromSeconds(15), "the reply as an event");
        var rated = await supervision.NextAsync(m => m["caseId"]!.GetValue<string>() == id && m["action"]!.GetValue<string>() == "rated",
            TimeSpan.FromSeconds(15), "the rating as an event");

        replied["description"]!.GetValue<string>().Should().NotContain(reply).And.Be("诉求人已补充信息");
        rated["description"]!.GetValue<string>().Should().NotContain(comment).And.Be("诉求人已评价");
        replied.ToJsonString().Should().NotContain("三楼").And.NotContain("装修");
        rated.ToJsonString().Should().NotContain("王师傅");

        // The case itself keeps them, for those allowed to read it.
        var timeline = (await client.GetFromJsonAsync<JsonObject>(new Uri($"/api/cases/{id}", UriKind.Relative)))!["timeline"]!.AsArray();
        timeline.Select(e => e!["description"]!.GetValue<string>()).Should().Contain(d => d.Contains(reply)).And.Contain(d => d.Contains(comment));
    }
}
