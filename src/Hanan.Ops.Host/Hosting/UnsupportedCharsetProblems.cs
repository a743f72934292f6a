using System.Text;
using Microsoft.Net.Http.Headers;

namespace Hanan.Ops.Host.Hosting;

/// <summary>
/// A request body whose Content-Type names a charset .NET does not know (<c>application/json; charset=klingon</c>) is
/// answered 415 with a problem that names the Content-Type, before authentication and the rate limits. Without this the
/// JSON reader throws an InvalidOperationException deep in model binding and the client gets a 500.
/// </summary>
internal static class UnsupportedCharsetProblems
{
    public static IApplicationBuilder UseUnsupportedCharsetProblems(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (UnknownCharset(context.Request) is { } charset)
        {
            var message = $"The charset '{Shorten(charset)}' of the Content-Type is not supported: send the body as UTF-8 (application/json; charset=utf-8).";
            context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails =
                {
                    Status = StatusCodes.Status415UnsupportedMediaType,
                    Title = "The request's Content-Type is not supported.",
                    Detail = message,
                    Extensions = { ["errors"] = new Dictionary<string, string[]> { [HeaderNames.ContentType] = [message] } },
                },
            });
            return;
        }

        await next(context);
    });

    /// <summary>
    /// The charset parameter of the request's Content-Type when it names no encoding .NET knows; else null. A quoted
    /// known charset (<c>charset="utf-8"</c>, valid HTTP) is rewritten unquoted, as ASP.NET's JSON reader takes the raw
    /// parameter and would refuse it.
    /// </summary>
    internal static string? UnknownCharset(HttpRequest request)
    {
        if (string.IsNullOrEmpty(request.ContentType)
            || !MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !mediaType.Charset.HasValue)
        {
            return null;
        }

        if (Known(mediaType.Charset.ToString()))
        {
            return null;
        }

        var unquoted = HeaderUtilities.RemoveQuotes(mediaType.Charset).ToString();
        if (unquoted.Length != mediaType.Charset.Length && Known(unquoted))
        {
            mediaType.Charset = unquoted;
            request.ContentType = mediaType.ToString();
            return null;
        }

        return unquoted;
    }

    /// <summary>What ASP.NET's JSON and form readers do with the charset.</summary>
    private static bool Known(string charset)
    {
        try
        {
            _ = Encoding.GetEncoding(charset);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
