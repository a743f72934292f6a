using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hanan.Ops.Host.Hosting;

/// <summary>
/// The headers every answer of the host carries, set as the answer starts (so problems, 401/403/404/503, static files
/// and the hub's negotiation get them too): <c>X-Content-Type-Options: nosniff</c> and <c>Referrer-Policy:
/// no-referrer</c> everywhere; <c>Cache-Control: no-store</c> on everything under <c>/api</c> and <c>/hubs</c>, where any
/// answer may hold personal data; and the Content-Security-Policy an endpoint names (<see cref="ContentSecurityPolicy"/>).
/// </summary>
public static partial class SecurityHeaders
{
    public const string ReferrerPolicy = "no-referrer";
    public const string NoStore = "no-store";

    /// <summary>First in the pipeline: whatever answers afterwards, the headers are there.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(static state =>
        {
            Apply((HttpContext)state);
            return Task.CompletedTask;
        }, context);
        return next(context);
    });

    /// <summary>
    /// Gives the endpoints a Content-Security-Policy. <c>{inline-scripts}</c> in the policy becomes the SHA-256 hashes of
    /// the inline scripts of the HTML page the endpoint answers (a page generated per request, like the API reference's),
    /// so only those scripts run, not any other inline script.
    /// </summary>
    public static TBuilder WithContentSecurityPolicy<TBuilder>(this TBuilder builder, string policy) where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(new ContentSecurityPolicy(policy));
        if (policy.Contains(ContentSecurityPolicy.InlineScripts, StringComparison.Ordinal))
        {
            builder.AddEndpointFilter(async (context, next) =>
            {
                var result = await next(context);
                if (result is ContentHttpResult { ResponseContent: { } html, ContentType: { } type } && type.StartsWith("text/html", StringComparison.OrdinalIgnoreCase))
                {
                    context.HttpContext.Items[typeof(ContentSecurityPolicy)] = new ContentSecurityPolicy(policy).With(InlineScriptHashes(html));
                }

                return result;
            });
        }

        return builder;
    }

    /// <summary>The CSP source expressions (<c>'sha256-…'</c>) of every inline script of the page.</summary>
    internal static string InlineScriptHashes(string html) => string.Join(' ', InlineScript().Matches(html)
        .Select(m => $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(m.Groups["body"].Value)))}'")
        .Distinct());

    private static void Apply(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = ReferrerPolicy;
        var path = context.Request.Path;
        if (path.StartsWithSegments("/api") || path.StartsWithSegments("/hubs"))
        {
            headers.CacheControl = NoStore;
        }

        if (context.Items[typeof(ContentSecurityPolicy)] is string hashed)
        {
            headers.ContentSecurityPolicy = hashed;
        }
        else if (context.GetEndpoint()?.Metadata.GetMetadata<ContentSecurityPolicy>() is { } csp)
        {
            // Not an HTML page after all (a redirect, a script file): no inline script may run.
            headers.ContentSecurityPolicy = csp.With("");
        }
    }

    [GeneratedRegex(@"<script(?![^>]*\bsrc\s*=)[^>]*>(?<body>.*?)</script>", RegexOptions.Singleline | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex InlineScript();
}

/// <summary>An endpoint's Content-Security-Policy (see <see cref="SecurityHeaders.WithContentSecurityPolicy"/>).</summary>
public sealed record ContentSecurityPolicy(string Policy)
{
    /// <summary>Stands for the hashes of the page's own inline scripts.</summary>
    public const string InlineScripts = "{inline-scripts}";

    /// <summary>The policy with <see cref="InlineScripts"/> replaced by these source expressions (none: removed).</summary>
    public string With(string inlineScripts) => inlineScripts.Length == 0
        ? Policy.Replace(" " + InlineScripts, "", StringComparison.Ordinal).Replace(InlineScripts, "", StringComparison.Ordinal)
        : Policy.Replace(InlineScripts, inlineScripts, StringComparison.Ordinal);
}
