using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hanan.Ops.Domain.Audit;
using Hanan.Ops.Host.Audit;
using Hanan.Ops.Host.Hosting;
using Hanan.Ops.Host.Security;
using Hanan.Ops.Host.Tests.Security;
using Hanan.Ops.Storage.Audit;
using Hanan.Ops.Storage.Tests;
using Hanan.Ops.Storage.Tests.Audit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Hanan.Ops.Host.Tests.Audit;

/// <summary>A durable host anchors its audit log outside the database, and refuses to run in Production without an audit key.</summary>
public sealed class AuditAnchoringTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hanan-anchoring-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task The_host_anchors_at_its_interval_and_at_shutdown_and_the_auditor_is_told_of_a_truncation_after_an_anchor()
    {
        var anchors = Path.Combine(_folder, "anchors.log");
        await using var db = await TestDatabase.CreateAsync();
        var factory = new DistrictHostFactory(StorageMode.PostgreSql, db.ConnectionString, settings: new Dictionary<string, string?>
        {
            ["Hanan:Audit:AnchorPath"] = anchors,
            ["Hanan:Audit:AnchorInterval"] = "00:00:01",
        });
        await using (factory)
        {
            using var auditor = await factory.ClientAsAsync(Roles.Auditor, "auditor-anchors");
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (!File.Exists(anchors) || (await File.ReadAllLinesAsync(anchors)).Length == 0)
            {
                DateTime.UtcNow.Should().BeBefore(deadline, "the host anchors within its interval");
                await Task.Delay(200);
            }

            var intact = (await auditor.GetFromJsonAsync<JsonObject>(new Uri("/api/audit/verify", UriKind.Relative)))!;
            intact["isIntact"]!.GetValue<bool>().Should().BeTrue(intact.ToJsonString());
            intact["anchorsChecked"]!.GetValue<int>().Should().BeGreaterThanOrEqualTo(1);

            var lines = await File.ReadAllLinesAsync(anchors);
            var (line, anchor) = lines.Select((text, i) => (Number: i + 1, Anchor: AuditAnchors.TryParse(text, out var a) ? a : null))
                .Where(l => l.Anchor is not null).MaxBy(l => l.Anchor!.Sequence);
            await using (var connection = new NpgsqlConnection(db.ConnectionString))
            {
                await connection.OpenAsync();
                await using var truncate = new NpgsqlCommand(
                    $"SET session_replication_role = replica; DELETE FROM audit_log WHERE sequence >= {anchor!.Sequence - 1}", connection);
                await truncate.ExecuteNonQueryAsync();
            }

            var truncated = (await auditor.GetFromJsonAsync<JsonObject>(new Uri("/api/audit/verify", UriKind.Relative)))!;

            truncated["isIntact"]!.GetValue<bool>().Should().BeFalse();
            truncated["findings"]!.AsArray().Should().Contain(f =>
                f!["kind"]!.GetValue<string>() == "Truncated" && f["sequence"]!.GetValue<long>() == anchor.Sequence && f["anchor"]!.GetValue<string>() == $"anchors.log:{line}",
                truncated.ToJsonString());
        }

        var afterShutdown = (await File.ReadAllLinesAsync(anchors))[^1];
        AuditAnchors.TryParse(afterShutdown, out var last).Should().BeTrue();
        var head = await Sql(db.ConnectionString, "SELECT max(sequence) FROM audit_log");
        last.Sequence.Should().Be(head, "the host anchors its head once more as it stops");
        AuditAnchors.Check(last, TestAuditKeys.Ring).Should().BeTrue();
    }

    [Fact]
    public void A_durable_host_in_production_without_an_audit_key_refuses_to_start_and_elsewhere_keys_with_a_key_of_its_own()
    {
        var production = () => Build("Production", keyed: false);

        production.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain("Hanan:Audit:Keys").And.Contain("Hanan:Audit:KeyFile");
        Build("Development", keyed: false).GetRequiredService<AuditKeyRing>().IsEphemeral.Should().BeTrue();
        var keyed = Build("Production", keyed: true).GetRequiredService<AuditKeyRing>();
        keyed.IsEphemeral.Should().BeFalse();
        keyed.Current.KeyId.Should().Be(TestAuditKeys.KeyId);
    }

    [Fact]
    public async Task A_host_keying_with_a_key_of_its_own_writes_no_anchor_nobody_could_verify()
    {
        var anchors = Path.Combine(_folder, "ephemeral.anchors");
        var store = new InMemoryAuditStore();
        await store.AppendAsync(new AuditEntry(DateTimeOffset.UnixEpoch, "a", "auditor", "audit.read", null, null, AuditOutcome.Success));
        await using var services = Build("Development", keyed: false, ("Hanan:Audit:AnchorPath", anchors), ("Hanan:Audit:AnchorInterval", "00:00:01"));
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UnixEpoch.AddDays(20000));
        var anchoring = ActivatorUtilities.CreateInstance<AuditAnchoring>(services, (IAuditStore)store, (TimeProvider)clock);

        // Three intervals pass, then the host stops (which anchors too, when anchoring is on); stopping waits for the ticks' work.
        await anchoring.StartAsync(CancellationToken.None);
        for (var i = 0; i < 3; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Yield();
        }

        await anchoring.StopAsync(CancellationToken.None);

        File.Exists(anchors).Should().BeFalse();
    }

    [Fact]
    public void A_malformed_audit_key_stops_the_host_naming_the_key_but_not_its_secret()
    {
        var shortKey = Convert.ToBase64String(new byte[16]);

        var start = () => Build("Development", keyed: false, ("Hanan:Audit:Keys:k9", shortKey));

        start.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain("'k9'").And.Contain("32").And.NotContain(shortKey);
    }

    private static ServiceProvider Build(string environment, bool keyed, params (string Key, string Value)[] more)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = environment });
        var settings = new Dictionary<string, string?>
        {
            ["Hanan:Storage:Mode"] = "PostgreSql",
            ["Hanan:Storage:ConnectionString"] = "Host=127.0.0.1;Database=unused",
        };
        if (keyed)
        {
            settings["Hanan:Audit:Keys:" + TestAuditKeys.KeyId] = TestAuditKeys.Secret;
        }

        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddLogging();
        builder.AddAudit();
        return builder.Services.BuildServiceProvider();
    }

    private static async Task<long> Sql(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
