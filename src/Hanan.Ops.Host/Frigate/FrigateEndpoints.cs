using System.Text.Json;
using Hanan.Ops.Host.Cameras;
using Hanan.Ops.Host.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hanan.Ops.Host.Frigate;

/// <summary>Frigate's messages over HTTP, for a bridge that forwards them from the broker (the host also subscribes itself).</summary>
public static class FrigateEndpoints
{
    public static IEndpointRouteBuilder MapFrigateEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/cameras/frigate", Ingest)
            .WithTags("Cameras")
            .RequireAuthorization(Policies.CameraIngest)
            .Accepts<JsonElement>("application/json")
            .WithName("IngestFrigateEvents")
            .WithSummary("Frigate 0.16 messages as it publishes them: tracked_object_update (lpr, face) and events, one object or an array")
            .WithDescription("A single message answers 200 with its result, or 400 naming the message's own field at fault. An array answers 200 with a result per index (accepted, duplicate, rejected with the fields at fault, or ignored: a message with no plate or face). Every accepted recognition is stored before the answer.");
        return app;
    }

    internal static async Task<Results<Ok<FrigateBatchResult>, ValidationProblem>> Ingest(HttpRequest request, FrigateIngest ingest, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, default, cancellationToken);
        }
        catch (JsonException ex)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [$"The body is not JSON: {Where(ex)}"] },
                title: "The Frigate message could not be read.");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array))
            {
                return TypedResults.ValidationProblem(
                    new Dictionary<string, string[]> { ["body"] = ["A Frigate message (a JSON object) or an array of them is expected."] },
                    title: "The Frigate message could not be read.");
            }

            var single = root.ValueKind == JsonValueKind.Object;
            if (!single && CameraEndpoints.CheckBatch(root.GetArrayLength(), "body") is { } problem)
            {
                return problem;
            }

            var result = await ingest.IngestAsync(single ? [root] : [.. root.EnumerateArray()], cancellationToken);
            if (single && result.Results[0] is { Status: "rejected", Errors: { } errors })
            {
                return TypedResults.ValidationProblem(errors, title: "The Frigate message was refused.");
            }

            return TypedResults.Ok(result);
        }
    }

    /// <summary>The parser's own account of where the JSON broke (line and byte), without its exception type.</summary>
    private static string Where(JsonException ex) =>
        ex.LineNumber is { } line
            ? $"{ex.Message.Split(" Path:", 2)[0].Split(" LineNumber:", 2)[0]} (line {line + 1}, byte {(ex.BytePositionInLine ?? 0) + 1}{(string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "" : ", at " + ex.Path)})"
            : ex.Message;
}
