using Hanan.Ops.Domain.Cameras;

namespace Hanan.Ops.Host.Tests.Frigate;

public sealed class FrigateCameraMapStartupTests
{
    [Fact]
    public async Task A_camera_map_naming_a_camera_off_the_network_stops_the_host_with_the_fault_by_JSON_path()
    {
        var file = Path.Combine(Path.GetTempPath(), $"frigate-cameras-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, """{ "cameras": { "driveway_cam": "23010800001320000002", "elsewhere_cam": "23010800001320999999" } }""");
        try
        {
            await using var factory = new DistrictHostFactory(settings: new Dictionary<string, string?> { ["Hanan:Frigate:CameraMap"] = file });

            var start = () => factory.Services;

            var refused = start.Should().Throw<Exception>().Which;
            var map = refused as FrigateCameraMapException ?? refused.InnerException as FrigateCameraMapException
                ?? (refused as AggregateException)?.InnerExceptions.OfType<FrigateCameraMapException>().FirstOrDefault();
            map.Should().NotBeNull(refused.ToString());
            map!.Errors.Should().Equal("cameras.elsewhere_cam: 23010800001320999999 is not a camera of the district's network.");
        }
        finally
        {
            File.Delete(file);
        }
    }
}
