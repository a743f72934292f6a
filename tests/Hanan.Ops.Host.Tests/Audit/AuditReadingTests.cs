using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Hanan.Ops.Domain.Audit;
using Hanan.Ops.Host.Hosting;
using Hanan.Ops.Host.Security;
using Hanan.Ops.Host.Tests.Security;
using Hanan.Ops.Storage.Audit;
using Hanan.Ops.Storage.Tests;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Hanan.Ops.Host.Tests.Audit;

/// <summary>The auditor reads the durable audit log to its end, and exports it.</summary>
public sealed class AuditReadingTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 26, 9, 0, 0, TimeSpan.FromHours(8));

    private static async Task AppendAsync(DistrictHostFactory factory, int count, Func<int, AuditEntry>? entry = null)
    {
        var store = factory.Services.GetRequiredService<IAuditStore>();
        for (var i = 0; i < count; i++)
        {
            await store.AppendAsync(entry?.Invoke(i) ?? new AuditEntry(At.AddSeconds(i), $"officer-{i}", "officer", "case.view", $"case-{i}", "10.0.0.1", AuditOutcome.Success));
        }
    }

    private static async Task<List<(long Sequence, string Action)>> RowsAsync(string connectionString, string where)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT sequence, action FROM audit_log WHERE {where} ORDER BY sequence", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(long, string)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetInt64(0), reader.GetString(1)));
        }

        return rows;
    }

    [Fact]
    public async Task Paging_to_the_end_stops_and_returns_every_record_up_to_the_bound_exactly_once()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var factory = new DistrictHostFactory(StorageMode.PostgreSql, db.ConnectionString);
        using var auditor = await factory.ClientAsAsync(Roles.Auditor, "auditor-pages");
        await AppendAsync(factory, 230);
        var headBefore = await factory.Services.GetRequiredService<IAuditStore>().HeadAsync();

        var seen = new List<long>();
        long? until = null;
        var pages = 0;
        var uri = "/api/audit/records?limit=50";
        while (true)
        {
            pages++;
            pages.Should().BeLessThan(20, "paging must end");
            var page = (await auditor.GetFromJsonAsync<JsonObject>(new Uri(uri, UriKind.Relative)))!;
            seen.AddRange(page["items"]!.AsArray().Select(i => i!["sequence"]!.GetValue<long>()));
            until ??= page["until"]!.GetValue<long>();
            page["until"]!.GetValue<long>().Should().Be(until.Value, "the bound is the first page's");
            if (page["next"] is null)
            {
                break;
            }

            uri = $"/api/audit/records?limit=50&cursor={Uri.EscapeDataString(page["next"]!.GetValue<string>())}";
        }

        var reads = await RowsAsync(db.ConnectionString, "action = 'audit.read'");
        until.Should().BeGreaterThanOrEqualTo(headBefore.Sequence);
        seen.Should().Equal(Enumerable.Range(1, (int)until!.Value).Select(i => (long)i), "every record up to the bound, once, in order");
        pages.Should().Be((int)Math.Ceiling(until.Value / 50.0) + (until.Value % 50 == 0 ? 1 : 0));
        reads.Should().HaveCount(pages).And.OnlyContain(r => r.Sequence > until.Value, "a read's own record is never in the sequence it reads");
    }

    [Fact]
    public async Task A_bad_cursor_or_limit_is_a_problem_naming_the_field()
    {
        await using var factory = new DistrictHostFactory();
        using var auditor = await factory.ClientAsAsync(Roles.Auditor, "auditor-bad");

        foreach (var (query, field) in new[] { ("cursor=abc", "cursor"), ("cursor=9:3", "cursor"), ("limit=0", "limit"), ("after=-1", "after"), ("after=1&cursor=1:2", "after") })
        {
            var response = await auditor.GetAsync(new Uri($"/api/audit/records?{query}", UriKind.Relative));
            response.StatusCode.Should().Be(HttpStatusCode.BadRequest, query);
            (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().ContainsKey(field).Should().BeTrue(query);
        }
    }

    [Fact]
    public async Task The_auditor_exports_the_log_as_ndjson_and_csv_attachments_each_audited_once_with_formulas_defused()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var factory = new DistrictHostFactory(StorageMode.PostgreSql, db.ConnectionString);
        using var auditor = await factory.ClientAsAsync(Roles.Auditor, "auditor-export");
        using var administrator = await factory.ClientAsAsync(Roles.Administrator, "admin-export");
        await AppendAsync(factory, 3, i => new AuditEntry(At.AddSeconds(i), i == 1 ? "@evil" : "officer", "officer", "case.view", "case, \"quoted\"", "10.0.0.1",
            AuditOutcome.Success, i == 1 ? "=HYPERLINK(\"http://example.invalid\")" : "平房区"));
        var head = (await factory.Services.GetRequiredService<IAuditStore>().HeadAsync()).Sequence;

        using var ndjson = await auditor.GetAsync(new Uri("/api/audit/export?format=ndjson", UriKind.Relative));
        var ndjsonText = await ndjson.Content.ReadAsStringAsync();
        using var csv = await auditor.GetAsync(new Uri("/api/audit/export?format=csv&after=1", UriKind.Relative));
        var csvText = Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync());
        using var refused = await administrator.GetAsync(new Uri("/api/audit/export", UriKind.Relative));
        using var badFormat = await auditor.GetAsync(new Uri("/api/audit/export?format=xml", UriKind.Relative));

        ndjson.StatusCode.Should().Be(HttpStatusCode.OK);
        ndjson.Content.Headers.ContentDisposition!.DispositionType.Should().Be("attachment");
        ndjson.Content.Headers.ContentDisposition.FileName.Should().Contain($"audit-log-1-{head}.ndjson");
        var lines = ndjsonText.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
        lines.Select(l => l["sequence"]!.GetValue<long>()).Should().Equal(Enumerable.Range(1, (int)head).Select(i => (long)i), "up to the head at the request, not its own record");
        lines.Should().Contain(l => l["detail"]!.GetValue<string>() == "=HYPERLINK(\"http://example.invalid\")", "NDJSON is exact");
        lines.Should().OnlyContain(l => l["keyId"]!.GetValue<string>() == "test-1");

        csv.StatusCode.Should().Be(HttpStatusCode.OK);
        csv.Content.Headers.ContentType!.MediaType.Should().Be("text/csv");
        csvText.Should().StartWith("\uFEFFsequence,at,actor,role,action,target,source,outcome,detail,previousHash,hash,keyId\r\n");
        csvText.Should().Contain(",'@evil,").And.Contain(",\"'=HYPERLINK(\"\"http://example.invalid\"\")\",").And.Contain("\"case, \"\"quoted\"\"\"").And.Contain("平房区");
        csvText.Should().NotContain(",=").And.NotContain(",@");
        csvText.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(1 + (int)head, "the header and records 2 up to the head then, the NDJSON export's record the last");

        refused.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        badFormat.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await badFormat.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().ContainsKey("format").Should().BeTrue();
        var exports = await RowsAsync(db.ConnectionString, "action = 'audit.export'");
        exports.Should().HaveCount(2, "each export is audited once").And.OnlyContain(e => e.Sequence > head);
    }
}
