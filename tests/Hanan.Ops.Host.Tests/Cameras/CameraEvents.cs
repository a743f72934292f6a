using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hanan.Ops.Domain.Cameras.Simulation;
using Hanan.Ops.Host.Security;
using Hanan.Ops.Host.Tests.Security;
using Microsoft.Extensions.DependencyInjection;

namespace Hanan.Ops.Host.Tests.Cameras;

/// <summary>Posts recognition events over HTTP, signs in as who really calls, and picks cameras of the host's network.</summary>
internal static class CameraEvents
{
    /// <summary>The edge analytics box's police service account (边缘分析盒): ingest and heartbeats.</summary>
    public const string EdgeBox = "edge-box-01";

    /// <summary>An officer of the public security sub-bureau (公安分局) at a police screen.</summary>
    public const string Officer = "police-officer-7";

    /// <summary>A client signed in as the edge box.</summary>
    public static Task<HttpClient> EdgeBoxAsync(DistrictHostFactory factory) => factory.ClientAsAsync(Roles.Police, EdgeBox);

    /// <summary>A client signed in as a police officer.</summary>
    public static Task<HttpClient> PoliceAsync(DistrictHostFactory factory) => factory.ClientAsAsync(Roles.Police, Officer);

    public static CameraNetwork Network(DistrictHostFactory factory) => factory.Services.GetRequiredService<CameraNetwork>();

    /// <summary>Two cameras as far apart along the roads as the network allows.</summary>
    public static (CameraSite A, CameraSite B) FarApart(DistrictHostFactory factory)
    {
        var network = Network(factory);
        var a = network.Cameras[0];
        return (a, network.Cameras.MaxBy(c => network.RoadMeters(a.Node, c.Node))!);
    }

    /// <summary>
    /// A drive from camera 10 to the nearest unvisited camera along the roads, <paramref name="cameras"/> cameras long
    /// (one minute per hop is a plausible speed: no clone alert).
    /// </summary>
    public static List<CameraSite> Route(DistrictHostFactory factory, int cameras)
    {
        var network = Network(factory);
        var start = network.Cameras[10];
        var route = new List<CameraSite> { start };
        var visited = new HashSet<int> { start.Node };
        while (route.Count < cameras)
        {
            var next = network.Cameras.Where(c => !visited.Contains(c.Node))
                .MinBy(c => network.RoadMeters(route[^1].Node, c.Node))!;
            visited.Add(next.Node);
            route.Add(next);
        }

        return route;
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
