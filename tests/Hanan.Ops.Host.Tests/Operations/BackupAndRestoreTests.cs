using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hanan.Ops.Domain.Population;
using Hanan.Ops.Host.Hosting;
using Hanan.Ops.Host.Security;
using Hanan.Ops.Host.Tests.Appeals;
using Hanan.Ops.Host.Tests.Security;
using Hanan.Ops.Storage.Residents;
using Hanan.Ops.Storage.Tests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Hanan.Ops.Host.Tests.Operations;

/// <summary>
/// docs/operations.md, "Backup and restore", run end to end: a durable host with an audit key and anchors works, stops;
/// <c>pg_dump --format=custom</c>; <c>createdb</c>, PostGIS, <c>pg_restore --no-owner</c>, the silo list cleared; a new
/// host on the restored database finds everything and the audit log verifies against the anchors written before.
/// </summary>
public sealed class BackupAndRestoreTests : IDisposable
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    private readonly string _folder = Directory.CreateTempSubdirectory("hanan-backup-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_restored_dump_brings_back_cases_deadlines_read_models_residents_and_an_audit_log_that_verifies_against_its_anchors()
    {
        await using var source = await TestDatabase.CreateAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 9, 0, 0, Beijing));
        var settings = new Dictionary<string, string?>
        {
            ["Hanan:Audit:AnchorPath"] = Path.Combine(_folder, "anchors") + "/",
            ["Hanan:Escalation:ReminderPeriod"] = "00:00:01",
        };

        // 1. The district at work: cases filed, claimed, resolved; residents registered and visited; audit records.
        string open, claimed, resolved;
        DateTimeOffset warningAt;
        JsonObject[] before;
        JsonArray listed;
        Resident visited;
        long auditHead;
        await using (var first = new DistrictHostFactory(StorageMode.PostgreSql, source.ConnectionString, clock, settings: settings))
        {
            using var citizen = await first.ClientAsAsync(Roles.Citizen, "citizen-backup");
            using var officer = await first.ClientAsAsync(Roles.Officer, "officer-backup", bureau: "urban-management");
            using var dispatcher = await first.ClientAsAsync(Roles.Dispatcher, "dispatcher-backup");
            open = await FileAsync(first, citizen, 11);
            claimed = await FileAsync(first, citizen, 12);
            resolved = await FileAsync(first, citizen, 13);
            (await Act(officer, claimed, "claim", new { })).Should().Be(HttpStatusCode.OK);
            (await Act(officer, resolved, "claim", new { })).Should().Be(HttpStatusCode.OK);
            (await Act(officer, resolved, "resolve", new { summary = "杂物已清理完毕" })).Should().Be(HttpStatusCode.OK);
            warningAt = (await dispatcher.GetFromJsonAsync<JsonObject>(CaseUri(open)))!["deadlines"]!["resolveWarningAt"]!.GetValue<DateTimeOffset>();

            // Residents registered as `hanan seed` stores them (ID and phone sealed), then one visited through the API.
            var population = first.Services.GetRequiredService<DemoPopulation>();
            var household = population.Households().First();
            var seeder = first.Services.GetRequiredService<DemoPopulationSeeder>();
            await first.Services.GetRequiredService<Contracts.Residents.IResidentReadModel>().UpsertResidentsAsync(
                [.. household.Members.Select(m => seeder.Seal(m, household, clock.GetUtcNow()))]);
            visited = household.Members[0];
            using var worker = await first.ClientAsAsync(Roles.GridWorker, "worker-backup", grids: [visited.GridCode]);
            (await worker.PostAsJsonAsync(new Uri($"/api/residents/{visited.Id}/visits", UriKind.Relative), new { notes = "走访入户", phone = "13912345678" }))
                .StatusCode.Should().Be(HttpStatusCode.OK);

            before = [.. await Task.WhenAll(new[] { open, claimed, resolved }.Select(async id => (await dispatcher.GetFromJsonAsync<JsonObject>(CaseUri(id)))!))];
            await Eventually.HoldsAsync(async () => (await ListAsync(dispatcher)).Count == 3, TimeSpan.FromSeconds(30), "the case list shows the three cases");
            listed = await ListAsync(dispatcher);
            using var auditor = await first.ClientAsAsync(Roles.Auditor, "auditor-backup");
            var verified = (await auditor.GetFromJsonAsync<JsonObject>(new Uri("/api/audit/verify", UriKind.Relative)))!;
            verified["isIntact"]!.GetValue<bool>().Should().BeTrue(verified.ToJsonString());
        }

        // The host anchored its head as it stopped; that is the newest record.
        auditHead = await ScalarAsync(source.ConnectionString, "SELECT max(sequence) FROM audit_log");
        var deadlines = await ScalarAsync(source.ConnectionString, "SELECT count(*) FROM case_deadline");
        deadlines.Should().BeGreaterThan(0);

        // 2. Backup, restore into a new database, clear the silo list (every host is stopped).
        var dump = Path.Combine(_folder, "hanan.dump");
        await PgAsync("pg_dump", "--format=custom", $"--file={dump}", $"--dbname={source.Name}");
        var restoredName = $"hanan_test_{Guid.NewGuid():N}";
        await PgAsync("createdb", restoredName);
        await using var restored = TestDatabase.Adopt(restoredName);
        await PgAsync("psql", "--dbname", restoredName, "-v", "ON_ERROR_STOP=1", "-c", "CREATE EXTENSION IF NOT EXISTS postgis");
        await PgAsync("pg_restore", "--no-owner", $"--dbname={restoredName}", dump);
        await PgAsync("psql", "--dbname", restoredName, "-v", "ON_ERROR_STOP=1", "-c", "DELETE FROM orleans_membership");

        (await ScalarAsync(restored.ConnectionString, "SELECT count(*) FROM case_deadline")).Should().Be(deadlines, "pending deadlines are restored");

        // 3. Time passes the open case's warning while the district is down; a host starts on the restored database.
        clock.SetUtcNow(warningAt + TimeSpan.FromMinutes(1));
        await using var second = new DistrictHostFactory(StorageMode.PostgreSql, restored.ConnectionString, clock, settings: settings);
        using var dispatcher2 = await second.ClientAsAsync(Roles.Dispatcher, "dispatcher-backup");

        // Cases with their timelines as stored; each goes on from where it stood with the steps that fell due while the
        // district was down (the open ones' warning, the resolved one's closing without a rating), each once.
        foreach (var (id, was, due) in new[] { (open, before[0], "warning"), (claimed, before[1], "warning"), (resolved, before[2], "closed-unrated") })
        {
            await Eventually.HoldsAsync(async () => Timeline((await dispatcher2.GetFromJsonAsync<JsonObject>(CaseUri(id)))!).Contains(due),
                TimeSpan.FromSeconds(60), $"the restored deadline of {id} fires on the restored host ({due})");
            var after = Timeline((await dispatcher2.GetFromJsonAsync<JsonObject>(CaseUri(id)))!);
            after.Take(Timeline(was).Count).Should().Equal(Timeline(was), "the stored timeline is restored");
            after.Skip(Timeline(was).Count).Should().OnlyHaveUniqueItems("a step that fell due is applied once");
        }

        // The read model: the case list has the same cases, and follows the steps applied since.
        var listedAfter = await ListAsync(dispatcher2);
        listedAfter.Select(i => i!["id"]!.GetValue<string>()).Should().BeEquivalentTo(listed.Select(i => i!["id"]!.GetValue<string>()));
        await Eventually.HoldsAsync(async () => (await ListAsync(dispatcher2)).Single(i => i!["id"]!.GetValue<string>() == resolved)!["status"]!.GetValue<string>() == "Closed",
            TimeSpan.FromSeconds(30), "the list row follows the case closed after the restore");

        // Residents: the registered household, the visit's phone and the history.
        using var worker2 = await second.ClientAsAsync(Roles.GridWorker, "worker-backup", grids: [visited.GridCode]);
        var resident = (await worker2.GetFromJsonAsync<JsonObject>(new Uri($"/api/residents/{visited.Id}", UriKind.Relative)))!;
        resident["name"]!.GetValue<string>().Should().Be(visited.Name);
        resident.ToJsonString().Should().Contain("139****5678");
        var history = (await worker2.GetFromJsonAsync<JsonArray>(new Uri($"/api/residents/{visited.Id}/history", UriKind.Relative)))!;
        history.Should().ContainSingle();

        // The audit chain verifies with the key, and the anchors written before the backup still match it.
        using var auditor2 = await second.ClientAsAsync(Roles.Auditor, "auditor-backup");
        var verification = (await auditor2.GetFromJsonAsync<JsonObject>(new Uri("/api/audit/verify", UriKind.Relative)))!;
        verification["isIntact"]!.GetValue<bool>().Should().BeTrue(verification.ToJsonString());
        verification["anchorsChecked"]!.GetValue<int>().Should().BeGreaterThanOrEqualTo(1);
        verification["lastSequence"]!.GetValue<long>().Should().BeGreaterThan(auditHead, "the restored log goes on from where it stood");
    }

    private static Uri CaseUri(string id) => new($"/api/cases/{id}", UriKind.Relative);

    private static async Task<string> FileAsync(DistrictHostFactory host, HttpClient citizen, int grid) =>
        (await FileAppeal.Async(host, citizen, "sanitation", grid))["caseId"]!.GetValue<string>();

    private static async Task<HttpStatusCode> Act(HttpClient client, string caseId, string action, object body) =>
        (await client.PostAsJsonAsync(new Uri($"/api/cases/{caseId}/{action}", UriKind.Relative), body)).StatusCode;

    private static List<string> Timeline(JsonObject view) => [.. view["timeline"]!.AsArray().Select(e => e!["action"]!.GetValue<string>())];

    private static async Task<JsonArray> ListAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonObject>(new Uri("/api/cases?limit=500", UriKind.Relative)))!["items"]!.AsArray();

    private static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Runs a PostgreSQL client program (Debian's, on PATH or in /usr/lib/postgresql/15/bin) against the test server.</summary>
    private static async Task PgAsync(string program, params string[] arguments)
    {
        var server = new NpgsqlConnectionStringBuilder(TestDatabase.ServerConnectionString);
        var packaged = Path.Combine("/usr/lib/postgresql/15/bin", program);
        var start = new ProcessStartInfo(File.Exists(packaged) ? packaged : program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "--host", server.Host!, "--port", server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--username", server.Username! }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PGPASSWORD"] = server.Password;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        process.ExitCode.Should().Be(0, $"{program} {string.Join(' ', arguments)} failed: {await errors}{await output}");
    }
}
