using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Hanan.Ops.Domain.Geography;
using Hanan.Ops.Host.Security;
using Hanan.Ops.Host.Tests.Security;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;

namespace Hanan.Ops.Host.Tests.Appeals;

/// <summary>Case lists and the 三率 tables exported as .xlsx and CSV, read back; scoped like the list, masked, audited.</summary>
public sealed class CaseExportTests(EmbeddedHost host) : IClassFixture<EmbeddedHost>
{
    private async Task<string> FileAsync(string category, int grid, string description)
    {
        var point = host.Factory.Services.GetRequiredService<DistrictMap>().Grids[grid].LabelPoint;
        var response = await host.Client.PostAsJsonAsync(new Uri("/api/appeals", UriKind.Relative),
            new { category, description, latitude = point.Y, longitude = point.X, idempotencyKey = Guid.NewGuid().ToString() });
        response.StatusCode.Should().Be(HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["caseNumber"]!.GetValue<string>();
    }

    private static async Task<List<IDictionary<string, object?>>> ReadXlsxAsync(HttpResponseMessage response)
    {
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        await using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        return [.. stream.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>()];
    }

    [Fact]
    public async Task The_case_list_exports_to_xlsx_with_names_masked_numbers_and_the_lists_filters()
    {
        var map = host.Factory.Services.GetRequiredService<DistrictMap>();
        var grid = map.Grids[90];
        var number = await FileAsync("food-safety", 90, "超市出售过期牛奶，联系电话13700001234，身份证230108199001011234。");
        await FileAsync("food-safety", 91, "餐馆后厨卫生条件很差，有老鼠出没。");
        await FileAsync("sanitation", 92, "小区垃圾桶三天没有清运，气味很大。");

        var rows = await ReadXlsxAsync(await host.Dispatcher.GetAsync(new Uri("/api/cases/export.xlsx?category=food-safety", UriKind.Relative)));

        rows.Should().HaveCountGreaterThanOrEqualTo(2).And.OnlyContain(r => (string)r["类别"]! == "食品安全");
        var row = rows.Single(r => (string)r["受理编号"]! == number);
        row["状态"].Should().Be("待签收");
        row["主办单位"].Should().Be("区市场监督管理局");
        row["网格"].Should().Be(grid.Name);
        row["街道"].Should().Be(map.FindStreet(grid.StreetCode)!.Name);
        row["社区"].Should().Be(map.FindCommunity(grid.CommunityCode)!.Name);
        row["是否超期"].Should().Be("否");
        ((string)row["诉求内容"]!).Should().Contain("137****1234").And.Contain("2301**********1234").And.NotContain("13700001234");
        row.Keys.Should().NotContain(k => k.Contains("联系", StringComparison.Ordinal), "contacts are never exported");
    }

    [Fact]
    public async Task The_CSV_opens_in_Excel_as_UTF_8_and_quotes_what_needs_quoting()
    {
        var number = await FileAsync("noise", 93, "楼上装修，\"电钻\"声很大, 从早到晚。");

        var response = await host.Dispatcher.GetAsync(new Uri("/api/cases/export.csv?category=noise", UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.ToString().Should().Be("text/csv; charset=utf-8");
        response.Content.Headers.ContentDisposition!.FileNameStar.Should().StartWith("案件清单-").And.EndWith(".csv");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        bytes.Take(3).Should().Equal(0xEF, 0xBB, 0xBF);
        var lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n");
        lines[0].Should().StartWith("受理编号,状态,类别,主办单位");
        lines.Single(l => l.StartsWith(number, StringComparison.Ordinal)).Should().EndWith("\"楼上装修，\"\"电钻\"\"声很大, 从早到晚。\"");
    }

    [Fact]
    public async Task An_officer_exports_the_own_bureaus_cases_only_and_each_export_is_audited()
    {
        await FileAsync("food-safety", 94, "菜市场摊位销售来源不明的猪肉。");
        await FileAsync("sanitation", 95, "道路两侧落叶堆积无人清扫。");
        using var officer = await host.Factory.ClientAsAsync(Roles.Officer, "officer-x1", bureau: "market-regulation");

        var rows = await ReadXlsxAsync(await officer.GetAsync(new Uri("/api/cases/export.xlsx", UriKind.Relative)));
        rows.Should().NotBeEmpty().And.OnlyContain(r => (string)r["主办单位"]! == "区市场监督管理局" || ((string?)r["协办单位"] ?? "").Contains("区市场监督管理局"));
        (await officer.GetAsync(new Uri("/api/cases/export.xlsx?bureau=urban-management", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await officer.GetAsync(new Uri("/api/cases/export.pdf", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await host.Client.GetAsync(new Uri("/api/cases/export.xlsx", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        using var auditor = await host.Factory.ClientAsAsync(Roles.Auditor);
        var records = await Security.DataScopeTests.AuditRecordsAsync(auditor);
        records.Should().Contain(r => r["entry"]!["action"]!.GetValue<string>() == "cases.export" && r["entry"]!["actor"]!.GetValue<string>() == "officer-x1");
    }

    [Fact]
    public async Task The_figures_export_with_the_rank_and_rates_of_the_ranking()
    {
        await FileAsync("heating", 96, "暖气片不热，室温只有十五度。");
        using var leader = await host.Factory.ClientAsAsync(Roles.Leader);
        var ranking = await leader.GetFromJsonAsync<JsonObject>(new Uri("/api/stats?grouping=bureau", UriKind.Relative));

        var rows = await ReadXlsxAsync(await leader.GetAsync(new Uri("/api/stats/export.xlsx?grouping=bureau", UriKind.Relative)));

        rows.Select(r => (string)r["名称"]!).Should().Equal(ranking!["rows"]!.AsArray().Select(r => r!["name"]!.GetValue<string>()));
        rows.Select(r => Convert.ToInt32(r["排名"], System.Globalization.CultureInfo.InvariantCulture)).Should().BeInAscendingOrder();
        rows.Single(r => (string)r["代码"]! == "heating")["案件数"].Should().NotBeNull();
        (await leader.GetAsync(new Uri("/api/stats/export.xlsx?grouping=planet", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }
}
