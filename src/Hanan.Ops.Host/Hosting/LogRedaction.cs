using System.Diagnostics;
using System.Security.Cryptography;
using Hanan.Ops.Domain.Privacy;
using Hanan.Ops.Host.Residents;
using Microsoft.Extensions.Compliance.Classification;
using Microsoft.Extensions.Compliance.Redaction;

namespace Hanan.Ops.Host.Hosting;

/// <summary>
/// No personal data in the logs (PIPL Art. 28, 51). Two parts:
/// <list type="bullet">
/// <item>The project's own log lines: every <c>[LoggerMessage]</c> parameter that carries personal data is classified
/// with the district's taxonomy (<see cref="PersonalData"/>), and the logging pipeline redacts it before any provider
/// sees it: an HMAC-SHA256 token (<c>Hanan:Privacy:LogRedactionKey</c>), so one plate is the same token on every line
/// and can be followed without being read. Anything else classified is erased.</item>
/// <item>The frameworks' own lines, which know nothing of the taxonomy: the categories that would write a request's path
/// or query (plates sit in the police routes' paths, reasons and search terms in query strings) are kept below
/// Information by the host, whatever the configuration says (<see cref="QuietCategories"/>).</item>
/// </list>
/// </summary>
public static class LogRedaction
{
    /// <summary>
    /// ASP.NET Core's request lines ("Request starting GET /api/police/vehicles/黑A12345/…") and the request scope that
    /// carries the path into every other line of the request. None: not even the scope is created.
    /// </summary>
    public static IReadOnlyDictionary<string, LogLevel> QuietCategories { get; } = new Dictionary<string, LogLevel>
    {
        ["Microsoft.AspNetCore.Hosting.Diagnostics"] = LogLevel.None,
        ["Microsoft.AspNetCore.HttpLogging"] = LogLevel.None,
        ["Microsoft.AspNetCore.W3CLogging"] = LogLevel.None,
    };

    public static IHostApplicationBuilder AddLogRedaction(this IHostApplicationBuilder builder)
    {
        var privacy = builder.Configuration.GetSection(PrivacyOptions.Section).Get<PrivacyOptions>() ?? new PrivacyOptions();
        var key = string.IsNullOrWhiteSpace(privacy.LogRedactionKey) ? Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) : privacy.LogRedactionKey;
        if (!IsKey(key))
        {
            throw new InvalidOperationException($"{PrivacyOptions.Section}:LogRedactionKey must be Base64 of at least 32 random bytes (e.g. `openssl rand -base64 32`).");
        }

        builder.Services.AddRedaction(redaction =>
        {
#pragma warning disable EXTEXP0002 // The HMAC redactor is marked experimental by the package; its output format is what is documented.
            redaction.SetHmacRedactor(o =>
            {
                o.Key = key;
                o.KeyId = privacy.LogRedactionKeyId;
            }, [.. PersonalData.All.Select(c => new DataClassificationSet(c))]);
#pragma warning restore EXTEXP0002
            redaction.SetFallbackRedactor<ErasingRedactor>();
        });
        builder.Logging.EnableRedaction();
        foreach (var (category, level) in QuietCategories)
        {
            // Added after the configuration's rules, so for these categories it is the rule that holds.
            builder.Logging.AddFilter(category, level);
        }

        return builder;
    }

    /// <summary>
    /// A request's span carries the route pattern as its <c>url.path</c> (<c>/api/police/vehicles/{plate}/trajectory</c>),
    /// never the path that was asked for; a request that matched no route carries none. The query's values are
    /// redacted by the instrumentation itself.
    /// </summary>
    public static void RouteForPath(Activity activity, HttpResponse response) =>
        activity.SetTag("url.path", response.HttpContext.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: { } route }
            ? "/" + route.TrimStart('/')
            : null);

    private static bool IsKey(string key)
    {
        var bytes = new byte[key.Length];
        return Convert.TryFromBase64String(key, bytes, out var length) && length >= 32;
    }
}
