using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;

namespace Hanan.Ops.Host.Open311;

/// <summary>A GeoReport v2 answer in the format the resource's extension asked for, with its status code.</summary>
public sealed class Open311Result(object root, Open311Format format, int statusCode = StatusCodes.Status200OK)
    : IResult, IStatusCodeHttpResult, IContentTypeHttpResult, IEndpointMetadataProvider
{
    public object Root { get; } = root;

    public Open311Format Format { get; } = format;

    public int StatusCode { get; } = statusCode;

    int? IStatusCodeHttpResult.StatusCode => StatusCode;

    public string ContentType => Open311Document.ContentType(Format);

    /// <summary>Headers to add (Location, Link, Retry-After, Idempotent-Replayed).</summary>
    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    public static Open311Result Error(Open311Format format, int status, string description) =>
        new(Open311Document.Errors([(status, description)]), format, status);

    public static Open311Result Errors(Open311Format format, int status, IEnumerable<string> descriptions) =>
        new(Open311Document.Errors(descriptions.Select(d => (status, d))), format, status);

    public Open311Result With(string header, string value)
    {
        Headers[header] = value;
        return this;
    }

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var body = Open311Document.Write(Root, Format);
        httpContext.Response.StatusCode = StatusCode;
        httpContext.Response.ContentType = ContentType;
        foreach (var (name, value) in Headers)
        {
            httpContext.Response.Headers[name] = value;
        }

        httpContext.Response.ContentLength = body.Length;
        await httpContext.Response.Body.WriteAsync(body, httpContext.RequestAborted);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(string), ["text/xml", "application/json"]));
    }
}
