using Hanan.Ops.Host.Security;
using Hanan.Ops.Contracts.Cameras;
using Hanan.Ops.Domain.Cameras;
using Hanan.Ops.Domain.Cameras.Simulation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hanan.Ops.Host.Cameras;

/// <summary>Ingest of recognition events, and the cameras' status (no personal data).</summary>
public static class CameraEndpoints
{
    public static IEndpointRouteBuilder MapCameraEndpoints(this IEndpointRouteBuilder app)
    {
        var cameras = app.MapGroup("/api/cameras").WithTags("Cameras");
        // Ingest and heartbeats come from the edge boxes and checkpoint systems, which sign in with police service
        // accounts; the camera list (positions and status, no plates) is for the wall and the police.
        cameras.MapPost("/events", Ingest)
            .RequireAuthorization(Policies.CameraIngest)
            .WithName("IngestCameraEvents")
            .WithSummary("A batch of plate reads and face events (过车与人脸记录)")
            .WithDescription("Answers 200 with a result per index: accepted, duplicate (already stored) or rejected with the fields at fault. A bad event never rejects the others. Every accepted event is stored before the answer.");
        cameras.MapGet("/", List)
            .RequireAuthorization(Policies.CameraView)
            .WithName("ListCameras")
            .WithSummary("The 152 cameras with position, intersection, grid, online status and live counters");
        cameras.MapGet("/{cameraId}", Get)
            .RequireAuthorization(Policies.CameraView)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetCamera")
            .WithSummary("One camera's status");
        cameras.MapPost("/{cameraId}/heartbeat", Heartbeat)
            .RequireAuthorization(Policies.CameraIngest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("CameraHeartbeat")
            .WithSummary("A camera's heartbeat; a camera silent for Hanan:Cameras:HeartbeatTimeout goes offline and raises an alert");
        return app;
    }

    internal static async Task<Results<Ok<CameraEventBatchResult>, ValidationProblem>> Ingest(CameraEventBatch? batch, CameraIngest ingest, CancellationToken cancellationToken)
    {
        if (CheckBatch(batch?.Events?.Count) is { } problem)
        {
            return problem;
        }

        return TypedResults.Ok(await ingest.IngestAsync(batch!.Events!, cancellationToken));
    }

    internal static async Task<Ok<IReadOnlyList<CameraStatus>>> List(CameraNetwork network, IGrainFactory grains) =>
        TypedResults.Ok<IReadOnlyList<CameraStatus>>(await Task.WhenAll(network.Cameras.Select(c => grains.GetGrain<ICameraGrain>(c.Id.Value).GetStatus())));

    internal static async Task<Results<Ok<CameraStatus>, ValidationProblem, ProblemHttpResult>> Get(
        string cameraId, CameraNetwork network, IGrainFactory grains) =>
        await WithCamera(cameraId, network, id => grains.GetGrain<ICameraGrain>(id).GetStatus());

    internal static async Task<Results<Ok<CameraStatus>, ValidationProblem, ProblemHttpResult>> Heartbeat(
        string cameraId, CameraNetwork network, IGrainFactory grains) =>
        await WithCamera(cameraId, network, id => grains.GetGrain<ICameraGrain>(id).Heartbeat());

    private static async Task<Results<Ok<CameraStatus>, ValidationProblem, ProblemHttpResult>> WithCamera(
        string cameraId, CameraNetwork network, Func<string, Task<CameraStatus>> call)
    {
        if (!CameraId.TryParseCamera(cameraId, out var id, out var error))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["cameraId"] = [error!] }, title: "Not a camera ID.");
        }

        if (network.Find(id!.Value) is null)
        {
            return TypedResults.Problem(
                title: "No such camera.", statusCode: StatusCodes.Status404NotFound, detail: $"{id.Value} is not a camera of the district's network.");
        }

        return TypedResults.Ok(await call(id.Value));
    }

    internal static ValidationProblem? CheckBatch(int? count, string field = "events") =>
        count is null or 0
            ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = ["At least one event is required."] }, title: "The batch is empty.")
            : count > CameraIngest.MaxBatch
                ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [$"At most {CameraIngest.MaxBatch} events per batch."] }, title: "The batch is too large.")
                : null;
}
