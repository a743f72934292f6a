using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hanan.Ops.Domain.Geography;
using Microsoft.Extensions.DependencyInjection;

namespace Hanan.Ops.Host.Tests.Appeals;

/// <summary>Files a valid appeal through the real HTTP API and returns the receipt.</summary>
internal static class FileAppeal
{
    public static async Task<JsonObject> Async(DistrictHostFactory factory, HttpClient client, string category, int gridIndex = 21,
        string description = "楼道堆放杂物，存在消防隐患。")
    {
        var point = factory.Services.GetRequiredService<DistrictMap>().Grids[gridIndex].LabelPoint;
        var response = await client.PostAsJsonAsync(new Uri("/api/appeals", UriKind.Relative), new
        {
            category,
            description,
            latitude = point.Y,
            longitude = point.X,
            idempotencyKey = Guid.NewGuid().ToString(),
        });
        response.StatusCode.Should().Be(HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }
}
