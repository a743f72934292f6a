using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Hanan.Ops.Host.Hosting;

/// <summary>
/// Turns request-binding failures (malformed JSON, a wrong type, an unparsable query value, a missing parameter)
/// into RFC 9457 problem bodies that name the field, instead of a bare 400.
/// </summary>
internal sealed partial class BadRequestProblems(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }

        var (field, message) = Describe(bad);
        context.Response.StatusCode = bad.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = bad.StatusCode,
                Title = bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "The request is too large." : "The request could not be read.",
                Detail = message,
                Extensions = { ["errors"] = new Dictionary<string, string[]> { [field] = [message] } },
            },
        });
    }

    internal static (string Field, string Message) Describe(BadHttpRequestException bad)
    {
        if (bad.InnerException is JsonException json)
        {
            var field = FieldFromJsonPath(json.Path);
            return field is null
                ? ("body", "The request body is not valid JSON.")
                : (field, $"The value of '{field}' is not valid here (wrong type or malformed JSON).");
        }

        var match = ParameterName().Match(bad.Message);
        if (match.Success)
        {
            var name = match.Groups["name"].Value;
            return bad.Message.StartsWith("Required", StringComparison.Ordinal)
                ? (name, $"'{name}' is required.")
                : (name, $"The value given for '{name}' could not be read as the expected type.");
        }

        return bad.StatusCode == StatusCodes.Status413PayloadTooLarge
            ? ("body", "The request body is larger than this endpoint accepts.")
            : ("body", "The request body is missing, of the wrong content type, or not valid JSON.");
    }

    /// <summary><c>$.contact.phone</c> → <c>contact.phone</c>; <c>$</c> or none → null (the body as a whole).</summary>
    private static string? FieldFromJsonPath(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? null : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');

    // ASP.NET's messages: Failed to bind parameter "double? latitude" from "abc". / Required parameter "string x" was not provided ...
    [GeneratedRegex("parameter \"(?:[^\"]*\\s)?(?<name>[A-Za-z_][A-Za-z0-9_]*)\"")]
    private static partial Regex ParameterName();
}
