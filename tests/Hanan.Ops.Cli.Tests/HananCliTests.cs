using System.Text.RegularExpressions;
using Hanan.Ops.Contracts.Roster;
using Hanan.Ops.Domain.Audit;
using Hanan.Ops.Domain.Geography.Layers;
using Hanan.Ops.Domain.Identity;
using Hanan.Ops.Domain.Privacy;
using Hanan.Ops.Storage.Audit;
using Hanan.Ops.Storage.Grid;
using Hanan.Ops.Storage.Roster;
using Hanan.Ops.Storage.Tests;
using Hanan.Ops.Storage.Tests.Audit;
using Npgsql;

namespace Hanan.Ops.Cli.Tests;

public sealed class HananCliTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hanan-cli-").FullName;
    private TestDatabase? _database;

    private string Connection => _database!.ConnectionString;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync()
    {
        await _database!.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Theory]
    [InlineData("no-such-command")]
    [InlineData("import-layer", "layer.geojson")]
    [InlineData("export")]
    [InlineData("consolidate", "--no-save")]
    [InlineData("consolidate", "--demo", "--no-save", "--sliver-share", "1.5")]
    public async Task Bad_usage_exits_with_code_2(params string[] args)
    {
        var (code, output) = await CliRun.RunAsync(args);

        code.Should().Be(ExitCodes.BadUsage);
        output.Should().Contain("error:");
    }

    [Fact]
    public async Task A_database_command_without_a_connection_string_is_bad_usage_and_the_environment_supplies_one()
    {
        var (code, output) = await CliRun.RunAsync("migrate");

        code.Should().Be(ExitCodes.BadUsage);
        output.Should().Contain("HANAN_PG");

        var (viaEnvironment, _) = await CliRun.RunAsync(new Dictionary<string, string> { ["HANAN_PG"] = Connection }, "migrate");
        viaEnvironment.Should().Be(ExitCodes.Ok);
    }

    [Fact]
    public async Task Audit_verify_exits_0_on_an_intact_log_and_1_naming_the_record_once_a_row_is_altered()
    {
        (await CliRun.RunAsync("migrate", "--connection", Connection)).ExitCode.Should().Be(ExitCodes.Ok);
        var keyFile = await WriteKeyFileAsync();
        await WriteAuditAsync(3);

        var (intact, intactOutput) = await CliRun.RunAsync("audit", "verify", "--connection", Connection, "--key-file", keyFile);
        intact.Should().Be(ExitCodes.Ok);
        intactOutput.Should().Contain("intact: 3 records");

        await using (var connection = new NpgsqlConnection(Connection))
        {
            await connection.OpenAsync();
            // As the owner, with triggers off: the way someone with database access would try to rewrite history.
            await using var tamper = new NpgsqlCommand(
                "SET session_replication_role = replica; UPDATE audit_log SET target = 'case-x' WHERE sequence = 2", connection);
            await tamper.ExecuteNonQueryAsync();
        }

        var (broken, brokenOutput) = await CliRun.RunAsync(
            new Dictionary<string, string> { ["HANAN_PG"] = Connection, ["HANAN_AUDIT_KEY_FILE"] = keyFile }, "audit", "verify");
        broken.Should().Be(ExitCodes.Problems);
        brokenOutput.Should().Contain("TAMPERED: 1 findings").And.Contain("Altered record 2:");
    }

    [Fact]
    public async Task Audit_verify_names_a_truncation_after_an_anchor_and_reads_the_keys_as_the_host_does()
    {
        (await CliRun.RunAsync("migrate", "--connection", Connection)).ExitCode.Should().Be(ExitCodes.Ok);
        await WriteAuditAsync(4);
        var anchors = Path.Combine(_folder, "anchors");
        Directory.CreateDirectory(anchors);
        await AuditAnchorFile.AppendAsync(anchors + Path.DirectorySeparatorChar, "ops-1",
            AuditAnchors.Line(new ChainHead(4, (await ReadAuditAsync())[3].Hash), DateTimeOffset.UnixEpoch.AddDays(20010), "ops-1", TestAuditKeys.Ring.Current));
        var environment = new Dictionary<string, string>
        {
            ["HANAN_PG"] = Connection,
            ["Hanan__Audit__CurrentKeyId"] = TestAuditKeys.KeyId,
            ["Hanan__Audit__Keys__" + TestAuditKeys.KeyId] = TestAuditKeys.Secret,
            ["Hanan__Audit__AnchorPath"] = anchors,
        };
        (await CliRun.RunAsync(environment, "audit", "verify")).ExitCode.Should().Be(ExitCodes.Ok);

        await using (var connection = new NpgsqlConnection(Connection))
        {
            await connection.OpenAsync();
            await using var tamper = new NpgsqlCommand("SET session_replication_role = replica; DELETE FROM audit_log WHERE sequence >= 3", connection);
            await tamper.ExecuteNonQueryAsync();
        }

        var (code, output) = await CliRun.RunAsync(environment, "audit", "verify");

        code.Should().Be(ExitCodes.Problems);
        output.Should().Contain("Truncated record 4 anchor ops-1.anchors:1");
    }

    [Fact]
    public async Task Audit_verify_without_a_key_or_with_a_missing_anchor_path_is_bad_usage_and_without_a_database_a_failure()
    {
        (await CliRun.RunAsync("migrate", "--connection", Connection)).ExitCode.Should().Be(ExitCodes.Ok);
        var keyFile = await WriteKeyFileAsync();

        var (noKey, noKeyOutput) = await CliRun.RunAsync("audit", "verify", "--connection", Connection);
        var (noAnchors, noAnchorsOutput) = await CliRun.RunAsync("audit", "verify", "--connection", Connection, "--key-file", keyFile, "--anchors", Path.Combine(_folder, "nowhere"));
        var unreachable = new Npgsql.NpgsqlConnectionStringBuilder(Connection) { Port = FreePort(), Timeout = 2 }.ConnectionString;
        var (noDatabase, _) = await CliRun.RunAsync("audit", "verify", "--connection", unreachable, "--key-file", keyFile);

        noKey.Should().Be(ExitCodes.BadUsage);
        noKeyOutput.Should().Contain("no audit key");
        noAnchors.Should().Be(ExitCodes.BadUsage);
        noAnchorsOutput.Should().Contain("no anchor file or directory");
        noDatabase.Should().Be(ExitCodes.Failed);
    }

    [Fact]
    public async Task Audit_export_writes_the_log_up_to_its_head_and_records_the_export()
    {
        (await CliRun.RunAsync("migrate", "--connection", Connection)).ExitCode.Should().Be(ExitCodes.Ok);
        var keyFile = await WriteKeyFileAsync();
        await WriteAuditAsync(3);
        var ndjson = Path.Combine(_folder, "audit.ndjson");
        var csv = Path.Combine(_folder, "audit.csv");

        var (code, output) = await CliRun.RunAsync("audit", "export", "--connection", Connection, "--key-file", keyFile, "--out", ndjson);
        var (csvCode, _) = await CliRun.RunAsync("audit", "export", "--connection", Connection, "--key-file", keyFile, "--out", csv, "--format", "csv", "--after", "1", "--until", "2");
        var (badFormat, _) = await CliRun.RunAsync("audit", "export", "--connection", Connection, "--key-file", keyFile, "--out", csv, "--format", "xml");

        code.Should().Be(ExitCodes.Ok, output);
        (await File.ReadAllLinesAsync(ndjson)).Should().HaveCount(3, "the head when the export started, not its own record");
        csvCode.Should().Be(ExitCodes.Ok);
        (await File.ReadAllLinesAsync(csv)).Should().HaveCount(2).And.Subject.Last().Should().StartWith("2,");
        badFormat.Should().Be(ExitCodes.BadUsage);
        var records = await ReadAuditAsync();
        records.Where(r => r.Entry.Action == "audit.export").Select(r => r.Sequence).Should().Equal(4, 5);
        records[3].Entry.Role.Should().Be("operator");
        (await CliRun.RunAsync("audit", "verify", "--connection", Connection, "--key-file", keyFile)).ExitCode.Should().Be(ExitCodes.Ok);
    }

    private async Task<string> WriteKeyFileAsync()
    {
        var keyFile = Path.Combine(_folder, "audit.keys");
        await File.WriteAllTextAsync(keyFile, $"# audit keys\n{TestAuditKeys.KeyId} {TestAuditKeys.Secret}\n");
        return keyFile;
    }

    private async Task WriteAuditAsync(int count)
    {
        await using var store = new PostgresAuditStore(Connection, TestAuditKeys.Ring);
        for (var i = 0; i < count; i++)
        {
            await store.AppendAsync(new AuditEntry(
                DateTimeOffset.UnixEpoch.AddDays(20000 + i), "officer-1", "officer", "case.view", $"case-{i}", "127.0.0.1", AuditOutcome.Success));
        }
    }

    private async Task<IReadOnlyList<AuditRecord>> ReadAuditAsync()
    {
        await using var store = new PostgresAuditStore(Connection, TestAuditKeys.Ring);
        return await store.ReadAsync(0, 100);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Fact]
    public async Task A_bad_layer_file_is_rejected_with_the_location_of_the_fault_and_nothing_is_stored()
    {
        (await CliRun.RunAsync("migrate", "--connection", Connection)).ExitCode.Should().Be(ExitCodes.Ok);
        var file = Path.Combine(_folder, "police.geojson");
        await File.WriteAllTextAsync(file, """
            {"type":"FeatureCollection","features":[
             {"type":"Feature","properties":{"code":"GA-1"},"geometry":{"type":"Polygon","coordinates":[[[126.60,45.60],[126.61,45.60],[126.61,45.61],[126.60,45.60]]]}},
             {"type":"Feature","properties":{"code":"GA-2"},"geometry":{"type":"Polygon","coordinates":[[[126.62,45.60],[126.63,45.60],[126.63,45.61],[126.62,45.615]]]}}
            ]}
            """);

        var (code, output) = await CliRun.RunAsync("import-layer", file, "--department", "police", "--connection", Connection);

        code.Should().Be(ExitCodes.Problems);
        output.Should().Contain("UnclosedRing").And.Contain("feature 1 (code GA-2)").And.Contain("126.62, 45.615").And.Contain("nothing was imported");
        (await new GridLayerStore(Connection).ListLayersAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task An_unknown_department_is_refused_and_a_layer_is_checked_without_a_database()
    {
        var good = Path.Combine(_folder, "good.geojson");
        var swapped = Path.Combine(_folder, "swapped.geojson");
        await File.WriteAllTextAsync(good, """
            {"type":"FeatureCollection","features":[
             {"type":"Feature","properties":{"code":"GA-1"},"geometry":{"type":"Polygon","coordinates":[[[126.60,45.60],[126.61,45.60],[126.61,45.61],[126.60,45.61],[126.60,45.60]]]}}
            ]}
            """);
        await File.WriteAllTextAsync(swapped, """
            {"type":"FeatureCollection","features":[
             {"type":"Feature","properties":{"code":"GA-1"},"geometry":{"type":"Polygon","coordinates":[[[45.60,126.60],[45.60,126.61],[45.61,126.61],[45.61,126.60],[45.60,126.60]]]}}
            ]}
            """);
        var noDatabase = new Dictionary<string, string> { ["HANAN_PG"] = "", ["Hanan__Storage__ConnectionString"] = "" };

        var (unknown, unknownOutput) = await CliRun.RunAsync(noDatabase, "import-layer", good, "--department", "fire-brigade", "--check");
        var (valid, validOutput) = await CliRun.RunAsync(noDatabase, "import-layer", good, "--department", "police", "--check");
        var (axes, axesOutput) = await CliRun.RunAsync(noDatabase, "import-layer", swapped, "--department", "police", "--check");
        var (needsDatabase, _) = await CliRun.RunAsync(noDatabase, "import-layer", good, "--department", "police");

        unknown.Should().Be(ExitCodes.BadUsage);
        unknownOutput.Should().Contain("unknown department 'fire-brigade'").And.Contain("police (公安)");
        valid.Should().Be(ExitCodes.Ok, validOutput);
        validOutput.Should().Contain("valid").And.Contain("nothing was stored");
        axes.Should().Be(ExitCodes.Problems);
        axesOutput.Should().Contain("SwappedAxes").And.Contain("swapped");
        needsDatabase.Should().Be(ExitCodes.BadUsage, "without --check the layer is stored, which needs the database");
    }

    [Fact]
    public async Task Consolidate_validate_export_and_reimport_the_demo_district()
    {
        (await CliRun.RunAsync("migrate", "-c", Connection)).ExitCode.Should().Be(ExitCodes.Ok);
        var svg = Path.Combine(_folder, "map.svg");

        var (consolidated, summary) = await CliRun.RunAsync("consolidate", "--demo", "--svg", svg, "-c", Connection);

        consolidated.Should().Be(ExitCodes.Ok, summary);
        var store = new GridLayerStore(Connection);
        var unified = await store.ReadUnifiedAsync();
        unified.Should().HaveCountGreaterThan(400);
        summary.Should().Contain("unified grids").And.Contain("平房农垦").And.Contain("城管 urban-management");
        await using (var connection = new Npgsql.NpgsqlConnection(Connection))
        {
            await connection.OpenAsync();
            await using var count = new Npgsql.NpgsqlCommand("SELECT count(*) FROM grid_crosswalk_sliver", connection);
            ((long)(await count.ExecuteScalarAsync())!).Should().BeGreaterThan(0, "the demo layers are drawn metres apart");
        }

        summary.Should().Contain("crosswalk slivers dropped").And.Contain("crosswalk slivers dropped, under 100 m² or 1.0 %").And.Contain("more (stored in grid_crosswalk_sliver");
        var picture = await File.ReadAllTextAsync(svg);
        picture.Should().StartWith("<svg");
        Regex.Count(picture, "<path fill=\"#").Should().Be(unified.Count, "every unified grid is drawn with its tooltip");

        var (valid, report) = await CliRun.RunAsync("validate", "-c", Connection);
        valid.Should().Be(ExitCodes.Ok, report);
        report.Should().Contain("no problems").And.Contain("not checked (no --households)");

        var workers = Path.Combine(_folder, "workers.json");
        var unstaffed = unified[7].Code;
        await File.WriteAllTextAsync(workers, "{" + string.Join(",", unified.Where(g => g.Code != unstaffed).Select(g => $"\"{g.Code}\":[\"W-{g.Code[^6..]}\"]")) + "}");
        var (staffing, staffingReport) = await CliRun.RunAsync("validate", "--workers", workers, "-c", Connection);
        staffing.Should().Be(ExitCodes.Problems);
        staffingReport.Should().Contain(unstaffed).And.Contain("no worker");

        // Without --workers, the stored grid-worker roster is the assignment: an uncovered grid is reported.
        var phone = CitizenIdProtector.Development.Seal(MobilePhoneNumber.Parse("13800000001"));
        await using (var roster = new PostgresGridWorkerRoster(Connection))
        {
            var stored = await roster.SeedAsync([.. unified.Where(g => g.Code != unstaffed)
                .Select(g => new GridWorkerRecord("wg" + g.Code, "测试", phone, "138****0001", [g.Code], true, DateTimeOffset.UnixEpoch))]);
            stored.Should().BeTrue();
        }

        var (rostered, rosterReport) = await CliRun.RunAsync("validate", "-c", Connection);
        rostered.Should().Be(ExitCodes.Problems, rosterReport);
        rosterReport.Should().Contain("roster: " + (unified.Count - 1) + " grid workers").And.Contain(unstaffed).And.Contain("no worker");
        Regex.Count(rosterReport, "no worker").Should().Be(1, "only the one grid nobody serves is reported");

        var (civil, civilReport) = await CliRun.RunAsync("validate", "--department", "civil-affairs", "-c", Connection);
        civil.Should().Be(ExitCodes.Problems, "the demo civil affairs layer has gaps and sticks out of the district");
        civilReport.Should().Contain("gap");

        var geojson = Path.Combine(_folder, "unified.geojson");
        var csv = Path.Combine(_folder, "crosswalk.csv");
        (await CliRun.RunAsync("export", "--out", geojson, "--crosswalk", csv, "-c", Connection)).ExitCode.Should().Be(ExitCodes.Ok);
        var exported = GeoJsonLayerReader.Read(await File.ReadAllBytesAsync(geojson), new Department("unified", "统一网格"));
        exported.Errors.Should().BeEmpty();
        exported.Layer!.Grids.Select(g => g.Code).Should().Equal(unified.Select(g => g.Code));
        (await File.ReadAllLinesAsync(csv)).Should().HaveCount((await store.ReadCrosswalkAsync()).Count + 1);

        var police = Path.Combine(_folder, "police.geojson");
        (await CliRun.RunAsync("export", "--department", "police", "--out", police, "-c", Connection)).ExitCode.Should().Be(ExitCodes.Ok);
        var (reimported, importOutput) = await CliRun.RunAsync("import-layer", police, "--department", "police", "-c", Connection);
        reimported.Should().Be(ExitCodes.Ok, importOutput);
        (await store.ListLayersAsync()).Single(l => l.Department.Code == "police").Source.Should().Be("police.geojson");
    }
}
