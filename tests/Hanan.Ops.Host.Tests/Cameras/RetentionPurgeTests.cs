using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hanan.Ops.Host.Security;
using Hanan.Ops.Host.Tests.Security;
using Hanan.Ops.Storage.Cameras;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static Hanan.Ops.Host.Tests.Cameras.CameraEvents;

namespace Hanan.Ops.Host.Tests.Cameras;

public sealed class RetentionPurgeTests
{
    [Fact]
    public async Task The_purge_runs_on_the_district_clock_deletes_reads_older_than_30_days_and_faces_older_than_7_and_is_audited()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.FromHours(8)));
        await using var factory = new DistrictHostFactory(clock: clock);
        using var box = await EdgeBoxAsync(factory);
        var store = factory.Services.GetRequiredService<ISightingStore>();
        var camera = Network(factory).Cameras[2];
        var plate = NewPlate();
        var start = clock.GetUtcNow();
        await PostAsync(box, Plate(camera, start.AddMinutes(-5), plate),
            new { type = "face", cameraId = camera.Id.Value, at = start.AddMinutes(-5), confidence = 0.9, featureId = "F-purge" });

        // Eight days on: the face is past its 7 days, the read is not past its 30.
        clock.Advance(TimeSpan.FromDays(8));
        await PostAsync(box, Plate(camera, clock.GetUtcNow().AddMinutes(-1), plate));
        await Storage.Tests.Eventually.HoldsAsync(
            async () => (await store.FacesAsync(null, null, DateTimeOffset.MinValue, clock.GetUtcNow(), 10)).Count == 0, TimeSpan.FromSeconds(10), "the face is purged");
        (await store.ReadsOfPlateAsync(plate, DateTimeOffset.MinValue, clock.GetUtcNow())).Should().HaveCount(2);

        // Thirty days after the first read: only the second remains.
        clock.Advance(TimeSpan.FromDays(22).Add(TimeSpan.FromHours(1)));
        await Storage.Tests.Eventually.HoldsAsync(
            async () => (await store.ReadsOfPlateAsync(plate, DateTimeOffset.MinValue, clock.GetUtcNow())).Count == 1, TimeSpan.FromSeconds(10), "the old read is purged");
        (await store.ReadsOfPlateAsync(plate, DateTimeOffset.MinValue, clock.GetUtcNow())).Single().At.Should().BeAfter(start.AddDays(7));

        // Each purge is itself in the audit log, as the system, with what it deleted; the log still verifies.
        using var auditor = await factory.ClientAsAsync(Roles.Auditor, "auditor-retention");
        List<JsonNode> purges = [];
        await Storage.Tests.Eventually.HoldsAsync(async () =>
        {
            purges = [.. (await DataScopeTests.AuditRecordsAsync(auditor)).Select(r => r["entry"]!).Where(e => e["action"]!.GetValue<string>() == "camera.retention-purge")];
            return purges.Any(e => e["detail"]!.GetValue<string>().StartsWith("deleted 1 plate reads", StringComparison.Ordinal));
        }, TimeSpan.FromSeconds(10), "the second purge is audited");
        purges.Should().OnlyContain(e => e["actor"]!.GetValue<string>() == "system" && e["role"]!.GetValue<string>() == "system"
            && e["outcome"]!.GetValue<string>() == "Success");
        purges.Select(e => e["detail"]!.GetValue<string>()).Should().ContainSingle(d => d.StartsWith("deleted 0 plate reads", StringComparison.Ordinal) && d.Contains(" and 1 face events before", StringComparison.Ordinal))
            .Which.Should().Contain("(7 days)").And.Contain("(30 days)");
        var verification = await auditor.GetFromJsonAsync<JsonObject>(new Uri("/api/audit/verify", UriKind.Relative));
        verification!["isIntact"]!.GetValue<bool>().Should().BeTrue();
    }
}
