using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hanan.Ops.Domain.Cameras.Simulation;
using Microsoft.Extensions.DependencyInjection;

namespace Hanan.Ops.Host.Tests.Cameras;

/// <summary>Posts recognition events over HTTP and picks cameras of the host's network.</summary>
internal static class CameraEvents
{
    public static CameraNetwork Network(DistrictHostFactory factory) => factory.Services.GetRequiredService<CameraNetwork>();

    /// <summary>Two cameras as far apart along the roads as the network allows.</summary>
    public static (CameraSite A, CameraSite B) FarApart(DistrictHostFactory factory)
    {
        var network = Network(factory);
        var a = network.Cameras[0];
        return (a, network.Cameras.MaxBy(c => network.RoadMeters(a.Node, c.Node))!);
    }

    public static object Plate(CameraSite camera, DateTimeOffset at, string plate, double confidence = 0.95, string? eventId = null) =>
        new { type = "plate", eventId, cameraId = camera.Id.Value, at, plate, colour = "blue", confidence, vehicleType = "car", direction = "east", snapshotRef = "snap/" + Guid.NewGuid().ToString("N") };

    public static async Task<JsonObject> PostAsync(HttpClient client, params object[] events)
    {
        var response = await client.PostAsJsonAsync(new Uri("/api/cameras/events", UriKind.Relative), new { events });
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    /// <summary>A plate no other test uses: 黑A plus five random digits/letters that keeps the last two digits.</summary>
    public static string NewPlate(string lastTwo = "45")
    {
        const string chars = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";
        var bytes = Guid.NewGuid().ToByteArray();
        return "黑A" + string.Concat(bytes.Take(3).Select(b => chars[b % chars.Length])) + lastTwo;
    }
}
