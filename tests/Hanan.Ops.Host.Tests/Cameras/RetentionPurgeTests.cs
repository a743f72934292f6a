using Hanan.Ops.Domain.Cameras;
using Hanan.Ops.Storage.Cameras;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static Hanan.Ops.Host.Tests.Cameras.CameraEvents;

namespace Hanan.Ops.Host.Tests.Cameras;

public sealed class RetentionPurgeTests
{
    [Fact]
    public async Task The_purge_runs_on_the_district_clock_and_deletes_reads_older_than_30_days_and_faces_older_than_7()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.FromHours(8)));
        await using var factory = new DistrictHostFactory(clock: clock);
        using var client = factory.CreateRealClient();
        var store = factory.Services.GetRequiredService<ISightingStore>();
        var camera = Network(factory).Cameras[2];
        var plate = NewPlate();
        var start = clock.GetUtcNow();
        await PostAsync(client, Plate(camera, start.AddMinutes(-5), plate),
            new { type = "face", cameraId = camera.Id.Value, at = start.AddMinutes(-5), confidence = 0.9, featureId = "F-purge" });

        // Eight days on: the face is past its 7 days, the read is not past its 30.
        clock.Advance(TimeSpan.FromDays(8));
        await PostAsync(client, Plate(camera, clock.GetUtcNow().AddMinutes(-1), plate));
        await Storage.Tests.Eventually.HoldsAsync(
            async () => (await store.FacesAsync(null, null, DateTimeOffset.MinValue, clock.GetUtcNow(), 10)).Count == 0, TimeSpan.FromSeconds(10), "the face is purged");
        (await store.ReadsOfPlateAsync(plate, DateTimeOffset.MinValue, clock.GetUtcNow())).Should().HaveCount(2);

        // Thirty days after the first read: only the second remains.
        clock.Advance(TimeSpan.FromDays(22).Add(TimeSpan.FromHours(1)));
        await Storage.Tests.Eventually.HoldsAsync(
            async () => (await store.ReadsOfPlateAsync(plate, DateTimeOffset.MinValue, clock.GetUtcNow())).Count == 1, TimeSpan.FromSeconds(10), "the old read is purged");
        (await store.ReadsOfPlateAsync(plate, DateTimeOffset.MinValue, clock.GetUtcNow())).Single().At.Should().BeAfter(start.AddDays(7));
    }
}
