using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hanan.Ops.Contracts.Appeals;
using Hanan.Ops.Domain.Appeals;
using Hanan.Ops.Domain.Geography;
using Hanan.Ops.Host.Hosting;
using Hanan.Ops.Host.Security;
using Hanan.Ops.Storage.Tests;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace Hanan.Ops.Host.Tests.Security;

/// <summary>
/// A bounded, seeded fuzz run against every endpoint of the real host: broken JSON, wrong types, huge strings, bad
/// coordinates, injection strings, invalid ids and unknown enums, under varied content types and charsets, as the
/// public and as every role; on the embedded host and on PostgreSQL. It passes only with no 5xx answer, a problem body
/// on every 4xx (a 400 names the offending field), no case left behind by a refused filing, and a healthy host afterwards.
/// </summary>
public sealed class HostileInputFuzzTests
{
    private const int Seed = 230108;
    private const int Requests = 3000;

    /// <summary>Fewer on PostgreSQL: every accepted write is a database round trip, and CI has a time budget.</summary>
    private const int RequestsOnPostgres = 1200;

    /// <summary>
    /// How a body is labelled: JSON with and without a charset in either case, text, a form, no Content-Type at all, and
    /// charsets that are real but not UTF-8 (the body then encoded in them), quoted, or unknown.
    /// </summary>
    private static readonly (string? ContentType, Encoding Encoding)[] Labels =
    [
        ("application/json", Encoding.UTF8),
        ("application/json; charset=utf-8", Encoding.UTF8),
        ("application/json; charset=UTF-8", Encoding.UTF8),
        ("application/json; charset=\"utf-8\"", Encoding.UTF8),
        ("text/plain", Encoding.UTF8),
        ("text/plain; charset=utf-8", Encoding.UTF8),
        ("application/x-www-form-urlencoded", Encoding.UTF8),
        (null, Encoding.UTF8),
        ("application/json; charset=latin1", Encoding.Latin1),
        ("application/json; charset=iso-8859-1", Encoding.Latin1),
        ("application/json; charset=utf-16", Encoding.Unicode),
        ("application/json; charset=bogus-230108", Encoding.UTF8),
        ("application/json; charset=", Encoding.UTF8),
    ];

    private static readonly string[] Fields =
    [
        "category", "description", "latitude", "longitude", "gridCode", "address", "photoRefs", "contact", "channel", "idempotencyKey",
        "bureauId", "officerId", "toOfficerId", "text", "public", "question", "citizenId", "summary", "reason", "dispatcherId",
        "leadBureau", "coHandlers", "extra", "supervisorId", "approve", "close", "note", "masterId", "level", "comment", "user", "role",
        "bureau", "grids", "password", "actor", "name", "ring", "onEnter", "onExit", "dwellMinutes", "activeFrom", "activeUntil", "events",
        // Base data: residents, visits, moves, notices, receipts, errands, reports and ratings.
        "idNumber", "residentId", "buildingId", "unit", "room", "notes", "addTags", "removeTags", "phone", "title", "body", "gridCodes",
        "kind", "action", "score", "read", "id", "recordedBy", "visitedBy", "sentBy", "agent", "by", "reportedBy", "ratedBy",
    ];

    private static readonly string[] QueryNames =
    [
        "status", "bureau", "grid", "street", "category", "hot", "overdue", "from", "to", "text", "limit", "after", "latitude",
        "longitude", "grouping", "documentName", "reason", "personRef", "cameraId", "k", "gapSeconds", "name", "tag",
    ];

    /// <summary>Instants at the edges of the calendar and around the district clock's day.</summary>
    private static readonly string[] Instants = ["0001-01-01T00:00:00Z", "0001-01-01T12:00:00+08:00", "9999-12-31T23:59:59Z", "2026-11-26T08:00:00+08:00", "2026-10-01"];

    /// <summary>Plates a camera could read, beside the hostile strings: valid, with a separator, new-energy, misread, foreign.</summary>
    private static readonly string[] Plates = ["黑A12345", "黑A·12345", "黑AD12345", "黑A1234B", "黑I12345", "京A0000学", "黑", "黑A123456789"];

    private static readonly string[] Hostile =
    [
        "' OR 1=1 --", "'; DROP TABLE case_summary; --", "<script>alert(1)</script>", "../../../../etc/passwd", "%00", "\u0000", "\u202e",
        "${jndi:ldap://x/a}", "{{7*7}}", "NaN", "Infinity", "-1", "0", "99999999999999999999999", "1e309", "true", "null", "[]", "{}",
        "😀😀😀", "平房区", "\ud800", "00000000-0000-0000-0000-000000000000", "HN-2026-000001", "Sleeping", "emperor", "planet",
        "2026-13-45", "9999-12-31T23:59:59Z", "0001-01-01", "sanitation", "urban-management", "citizen", "hotline", "3wd", "forever",
        "13812345678", "1381234567x", "230108001001001", "230108001001999",
        "11010519491231002X", "110102199101010078", "36042619910102009X", "230108001001001B001", "230108001001001B999", "disability",
        "elderly-living-alone,low-income", "rich", "progress", "complete", "cancel", "91110000600037341L", "91110000600037341N",
    ];

    private static readonly string[] BrokenBodies =
    [
        "", "{", "}", "[", "]", "{\"a\":", "{\"category\":}", "null", "\"text\"", "123", "true", "{\"a\":1,}", "{'a':1}", "\u0000",
        "{\"description\":\"\\ud800\"}", "{\"level\":1e400}", "<xml/>", "{\"a\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}",
    ];

    [Fact]
    public async Task Thousands_of_hostile_requests_get_no_5xx_and_the_host_stays_healthy()
    {
        await using var factory = new DistrictHostFactory();

        await FuzzAsync(factory, Requests);
    }

    [Fact]
    public async Task Hostile_requests_on_PostgreSQL_get_no_5xx_and_leave_no_half_written_state()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var factory = new DistrictHostFactory(StorageMode.PostgreSql, db.ConnectionString);

        await FuzzAsync(factory, RequestsOnPostgres);

        using var auditor = await factory.ClientAsAsync(Roles.Auditor, "auditor-fuzz");
        var verification = await auditor.GetFromJsonAsync<JsonObject>(new Uri("/api/audit/verify", UriKind.Relative));
        verification!["isIntact"]!.GetValue<bool>().Should().BeTrue("every refusal and read was appended whole to the audit chain");
    }

    private static async Task FuzzAsync(DistrictHostFactory factory, int requests)
    {
        var random = new Random(Seed);
        var map = factory.Services.GetRequiredService<DistrictMap>();
        var grid = map.Grids[21];

        // The grid worker's own grid (reaches the handlers), another grid (the scope refuses) and a grid code in hostile bodies.
        string[] gridCodes = [grid.Code, map.Grids[22].Code];
        var clients = new List<HttpClient> { factory.CreateRealClient() };
        foreach (var role in Roles.All)
        {
            clients.Add(await factory.ClientAsAsync(role, grids: role == Roles.GridWorker ? [grid.Code] : null));
        }

        var endpoints = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => !e.RoutePattern.RawText!.StartsWith("/hubs", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (Method: m, Pattern: e.RoutePattern)))
            .ToList();
        // Real camera ids, so that the camera, alert and police endpoints get past the id check and meet hostile values further in.
        string[] cameras = [.. factory.Services.GetRequiredService<Hanan.Ops.Domain.Cameras.Simulation.CameraNetwork>().Cameras.Take(5).Select(c => c.Id.Value)];
        var failures = new List<string>();
        var problemsMissing = new List<string>();
        var unnamed = new List<string>();
        // Idempotency keys of filings: refused ones must have left no case, unless the same key was also accepted.
        var refusedKeys = new HashSet<string>(StringComparer.Ordinal);
        var acceptedKeys = new HashSet<string>(StringComparer.Ordinal);
        var statuses = new Dictionary<int, int>();
        var bodyLimit = factory.Services.GetRequiredService<SecurityOptions>().Limits.MaxRequestBodyBytes;

        // Public intake is where hostile writes come from: one request in eight files an appeal.
        var intake = endpoints.Single(e => e.Method == "POST" && e.Pattern.RawText == "/api/appeals/");
        for (var i = 0; i < requests; i++)
        {
            var (method, pattern) = random.Next(8) == 0 ? intake : endpoints[random.Next(endpoints.Count)];
            // The police's own routes are asked as the police half of the time, so hostile values get past the role check.
            var client = pattern.RawText!.StartsWith("/api/police", StringComparison.Ordinal) && random.Next(2) == 0
                ? clients[1 + Roles.All.ToList().IndexOf(Roles.Police)]
                : clients[random.Next(clients.Count)];
            using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(Path(pattern, random, cameras, gridCodes) + Query(random, pattern), UriKind.Relative));
            string? text = null;
            if (method is "POST" or "PUT")
            {
                request.Content = Body(random, pattern, cameras, gridCodes, factory.Clock.GetUtcNow());
                text = await request.Content.ReadAsStringAsync();
                if (random.Next(5) < 2)
                {
                    request.Content = Labelled(text, Pick(random, Labels));
                }
            }

            // One connection per request: a server that drops a connection after a refused body must not fail the next request.
            request.Headers.ConnectionClose = true;

            var length = request.Content is null ? 0 : (await request.Content.ReadAsByteArrayAsync()).Length;
            var label = request.Content?.Headers.ContentType?.ToString() ?? "no Content-Type";
            HttpResponseMessage response;
            try
            {
                response = await client.SendAsync(request);
            }
            catch (HttpRequestException e) when (length > bodyLimit && e.InnerException is IOException)
            {
                // Kestrel refuses a body over the limit as soon as its Content-Length says so (413) and closes the
                // connection; a client still writing a large body then meets a broken pipe. Not an answer of the API.
                continue;
            }
            catch (HttpRequestException e)
            {
                failures.Add($"#{i} {method} {request.RequestUri} ({length} bytes, {label}) → {e.Message} {e.InnerException?.Message}");
                continue;
            }

            using var answer = response;
            var code = (int)response.StatusCode;
            statuses[code] = statuses.GetValueOrDefault(code) + 1;
            if (code >= 500)
            {
                failures.Add($"#{i} {method} {Cut(request.RequestUri!.ToString())} ({label}) → {code}: {Cut(await response.Content.ReadAsStringAsync())}");
            }
            else if (code >= 400 && pattern.RawText!.StartsWith("/open311/", StringComparison.Ordinal)
                     && response.Content.Headers.ContentType?.MediaType != "application/problem+json" && !RefusedByKestrel(response))
            {
                // Open311 answers its refusals in the specification's error format, each description naming its parameter.
                if (await Open311ErrorProblemAsync(response) is { } wrong)
                {
                    problemsMissing.Add($"#{i} {method} {pattern.RawText} {Cut(request.RequestUri!.ToString())} ({label}) → {code}: {wrong}");
                }
            }
            else if (code >= 400 && response.Content.Headers.ContentType?.MediaType != "application/problem+json" && !RefusedByKestrel(response))
            {
                problemsMissing.Add($"#{i} {method} {pattern.RawText} {Cut(request.RequestUri!.ToString())} ({label}) → {code} ({response.Content.Headers.ContentType?.MediaType ?? "no body"})");
            }
            else if (code is 400 or 422 && !RefusedByKestrel(response) && !NamesAField(await response.Content.ReadAsStringAsync()))
            {
                unnamed.Add($"#{i} {method} {pattern.RawText} ({label}) → {code}: {Cut(await response.Content.ReadAsStringAsync())}");
            }

            if (pattern.RawText == "/api/appeals/" && text is not null && IdempotencyKey(text) is { } key)
            {
                (code is 200 or 201 ? acceptedKeys : refusedKeys).Add(key);
            }
        }

        failures.Should().BeEmpty(string.Join("\n", failures.Take(20)));
        problemsMissing.Should().BeEmpty(string.Join("\n", problemsMissing.Take(20)));
        unnamed.Should().BeEmpty("a 400 names the field it refused:\n" + string.Join("\n", unnamed.Take(20)));
        var grains = factory.Services.GetRequiredService<IGrainFactory>();
        var halfWritten = new List<string>();
        foreach (var key in refusedKeys.Except(acceptedKeys))
        {
            if (await grains.GetGrain<ICaseGrain>(CaseIdentity.FromIdempotencyKey(key)).Get() is { } stored)
            {
                halfWritten.Add($"{Cut(key)} → case {stored.Number}");
            }
        }

        halfWritten.Should().BeEmpty("a refused filing stores nothing");
        // The run reached what it is meant to reach: refused charsets and content types, refused fields, refused filings.
        statuses.GetValueOrDefault(415).Should().BePositive("unknown charsets and wrong content types were sent");
        statuses.GetValueOrDefault(400).Should().BePositive();
        refusedKeys.Should().NotBeEmpty("filings were refused, and each is checked for a stored case");
        using var health = await clients[0].GetAsync(new Uri("/health/ready", UriKind.Relative));
        health.StatusCode.Should().Be(HttpStatusCode.OK);
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }

    /// <summary>The body's text under another label, encoded in the label's charset; a header .NET would refuse to build goes in unchecked.</summary>
    private static ByteArrayContent Labelled(string text, (string? ContentType, Encoding Encoding) label)
    {
        var content = new ByteArrayContent(label.Encoding.GetBytes(text));
        if (label.ContentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", label.ContentType);
        }

        return content;
    }

    /// <summary>A problem that names what it refused: an <c>errors</c> object with at least one field.</summary>
    /// <summary>Null when the answer is a GeoReport v2 error answer whose every description names what it refused.</summary>
    private static async Task<string?> Open311ErrorProblemAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        try
        {
            var xml = response.Content.Headers.ContentType?.MediaType == "text/xml";
            var schemaProblems = xml ? Open311.Open311Schemas.XmlProblems(body) : Open311.Open311Schemas.JsonProblems(body, "errors");
            if (schemaProblems.Count > 0 || (xml && !body.Contains("<errors>", StringComparison.Ordinal)))
            {
                return "not the specification's error answer: " + Cut(body);
            }

            var descriptions = xml
                ? System.Xml.Linq.XDocument.Parse(body).Descendants("description").Select(d => d.Value)
                : System.Text.Json.Nodes.JsonNode.Parse(body)!.AsArray().Select(e => e!["description"]!.GetValue<string>());
            return descriptions.All(d => d.Contains(':', StringComparison.Ordinal) || d.Contains("not served", StringComparison.Ordinal) || d.StartsWith("No ", StringComparison.Ordinal))
                ? null
                : "an error that names nothing: " + Cut(body);
        }
        catch (Exception e) when (e is System.Xml.XmlException or System.Text.Json.JsonException or InvalidOperationException)
        {
            return "unreadable: " + Cut(body);
        }
    }

    private static bool NamesAField(string body)
    {
        try
        {
            return JsonNode.Parse(body)?["errors"] is JsonObject { Count: > 0 };
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }

    /// <summary>The idempotency key a filing's JSON body names, if it is a string.</summary>
    private static string? IdempotencyKey(string body)
    {
        try
        {
            return JsonNode.Parse(body) is JsonObject o && o["idempotencyKey"] is JsonValue v && v.TryGetValue<string>(out var key) ? key : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static string Path(RoutePattern pattern, Random random, string[] cameras, string[] gridCodes) =>
        "/" + string.Join('/', pattern.PathSegments.Select(s => string.Concat(s.Parts.Select(p => p switch
        {
            RoutePatternLiteralPart l => l.Content,
            RoutePatternSeparatorPart sep => sep.Content,
            RoutePatternParameterPart { Name: "documentName" } => random.Next(4) == 0 ? Uri.EscapeDataString(Pick(random, Hostile)) : "v1",
            RoutePatternParameterPart { Name: "plate" } when random.Next(2) == 0 => Uri.EscapeDataString(Pick(random, Plates)),
            RoutePatternParameterPart { Name: "cameraId" } when random.Next(2) == 0 => Pick(random, cameras),
            RoutePatternParameterPart { Name: "fenceId" or "personRef" } when random.Next(2) == 0 => "school-9",
            RoutePatternParameterPart { Name: "code" } when random.Next(2) == 0 => Pick(random, gridCodes),
            RoutePatternParameterPart => random.Next(3) switch
            {
                0 => Guid.NewGuid().ToString(),
                1 => "urban-management",
                _ => Uri.EscapeDataString(Pick(random, Hostile)),
            },
            _ => "",
        })))).TrimStart('/');

    private static string Query(Random random, RoutePattern pattern)
    {
        // A police query states its reason; most hostile strings make a valid one, so the query reaches the endpoint.
        // Its window may sit at the edges of the calendar.
        var police = pattern.RawText!.StartsWith("/api/police", StringComparison.Ordinal);
        var reason = police && random.Next(8) != 0 ? ["reason=" + Uri.EscapeDataString(Pick(random, Hostile) + " 核查")] : Array.Empty<string>();
        if (police && random.Next(3) == 0)
        {
            reason = [.. reason, $"{Pick(random, ["from", "to"])}={Uri.EscapeDataString(Pick(random, Instants))}"];
        }

        var count = random.Next(4);
        return count + reason.Length == 0 ? "" : "?" + string.Join('&', reason.Concat(Enumerable.Range(0, count).Select(_ =>
            $"{Pick(random, QueryNames)}={Uri.EscapeDataString(random.Next(8) == 0 ? new string('x', random.Next(100, 5000)) : Pick(random, Hostile))}")));
    }

    private static StringContent Body(Random random, RoutePattern pattern, string[] cameras, string[] gridCodes, DateTimeOffset now)
    {
        var kind = random.Next(10);
        if (kind >= 5 && Shaped(random, pattern.RawText!, cameras, now) is { } shaped)
        {
            return new StringContent(shaped.ToJsonString(), Encoding.UTF8, "application/json");
        }

        if (kind == 0)
        {
            return new StringContent(Pick(random, BrokenBodies), Encoding.UTF8, "application/json");
        }

        if (kind == 1)
        {
            return new StringContent("category=noise&description=x", Encoding.UTF8, "application/x-www-form-urlencoded");
        }

        var body = new JsonObject();
        foreach (var field in Enumerable.Range(0, random.Next(1, 8)).Select(_ => Pick(random, Fields)).Distinct())
        {
            body[field] = field == "gridCodes" && random.Next(2) == 0 ? new JsonArray(JsonValue.Create(Pick(random, gridCodes)), Value(random, 1)) : Value(random, depth: 0);
        }

        var content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        if (kind == 2)
        {
            content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        }

        return content;
    }

    /// <summary>
    /// Bodies in the shape the camera endpoints take, with hostile values inside: a batch of recognition events,
    /// Frigate updates (a JSON array), a fence with a hostile ring (GeoJSON-style [longitude, latitude] positions).
    /// </summary>
    private static JsonNode? Shaped(Random random, string route, string[] cameras, DateTimeOffset now)
    {
        JsonNode? Maybe(Func<JsonNode?> plausible) => random.Next(3) == 0 ? Value(random, 1) : plausible();
        JsonNode? Camera() => Maybe(() => Pick(random, cameras));
        JsonNode? At() => Maybe(() => now.AddMinutes(-random.Next(0, 60 * 24 * 40)).ToString("O"));
        JsonNode Position() => new JsonArray(
            Maybe(() => Pick(random, [126.60, 126.61, -181.0, 180.0, double.MaxValue, double.Epsilon, 1e308])),
            Maybe(() => Pick(random, [45.60, 45.61, 91.0, -90.0, double.MinValue, 0.0, -1e308])));
        switch (route)
        {
            case "/api/appeals/":
                return new JsonObject
                {
                    ["category"] = Maybe(() => Pick(random, ["sanitation", "noise", "food-safety", "heating"])),
                    ["description"] = Maybe(() => "楼道堆放杂物，存在消防隐患。"),
                    ["latitude"] = Maybe(() => 45.6 + (random.NextDouble() / 50)),
                    ["longitude"] = Maybe(() => 126.6 + (random.NextDouble() / 50)),
                    ["contact"] = random.Next(3) == 0 ? Value(random, 1) : new JsonObject { ["name"] = Maybe(() => "王女士"), ["phone"] = Maybe(() => "13812345678") },
                    ["channel"] = Maybe(() => Pick(random, ["citizen", "hotline", "grid-worker"])),
                    ["idempotencyKey"] = random.Next(6) == 0 ? Value(random, 1) : Guid.NewGuid().ToString(),
                };
            case "/api/cameras/events":
                return new JsonObject
                {
                    ["events"] = new JsonArray([.. Enumerable.Range(0, random.Next(1, 6)).Select(_ => (JsonNode?)new JsonObject
                    {
                        ["type"] = Maybe(() => Pick(random, ["plate", "face", "PLATE"])),
                        ["eventId"] = Maybe(() => Guid.NewGuid().ToString("N")),
                        ["cameraId"] = Camera(),
                        ["at"] = At(),
                        ["plate"] = Maybe(() => Pick(random, Plates)),
                        ["colour"] = Maybe(() => Pick(random, ["blue", "黄", "green"])),
                        ["confidence"] = Maybe(() => random.NextDouble()),
                        ["vehicleType"] = Value(random, 2),
                        ["direction"] = Value(random, 2),
                        ["snapshotRef"] = Value(random, 2),
                        ["personRef"] = Maybe(() => "POI-1"),
                        ["featureId"] = Value(random, 2),
                    })]),
                };
            case "/api/cameras/frigate":
                return new JsonArray([.. Enumerable.Range(0, random.Next(1, 6)).Select(_ => (JsonNode?)new JsonObject
                {
                    ["type"] = Maybe(() => Pick(random, ["lpr", "face", "car"])),
                    ["id"] = Value(random, 2),
                    ["camera"] = Camera(),
                    ["timestamp"] = Maybe(() => now.ToUnixTimeSeconds() - random.Next(0, 86_400 * 40)),
                    ["name"] = Value(random, 2),
                    ["plate"] = Maybe(() => Pick(random, Plates)),
                    ["score"] = Maybe(() => random.NextDouble()),
                })]);
            case "/api/fences/{fenceId}":
                var ring = new JsonArray([.. Enumerable.Range(0, random.Next(0, 8)).Select(_ => random.Next(6) == 0 ? Value(random, 2) : Position())]);
                if (ring.Count > 0 && random.Next(2) == 0)
                {
                    ring.Add(ring[0]?.DeepClone());
                }

                return new JsonObject
                {
                    ["name"] = Maybe(() => "第九小学"),
                    ["ring"] = random.Next(5) == 0 ? Value(random, 1) : ring,
                    ["onEnter"] = Maybe(() => true),
                    ["dwellMinutes"] = Maybe(() => random.Next(-5, 2000)),
                    ["activeFrom"] = Maybe(() => "07:00"),
                    ["activeUntil"] = Maybe(() => Pick(random, ["17:00", "25:00", "7pm"])),
                };
            default:
                return null;
        }
    }

    private static JsonNode? Value(Random random, int depth) => random.Next(depth > 2 ? 8 : 11) switch
    {
        0 => null,
        1 => JsonValue.Create(random.Next(2) == 0),
        2 => JsonValue.Create(random.Next(-5, 10)),
        3 => JsonValue.Create(random.NextDouble() * 400 - 200),
        4 => JsonValue.Create(Pick(random, [double.MaxValue, double.MinValue, 45.6, 126.6, 1e-300, -0.0])),
        5 => JsonValue.Create(new string(Pick(random, ['噪', 'a', '\n', '\u0007']), random.Next(1, 70_000 / (depth + 1)))),
        6 or 7 => JsonValue.Create(Pick(random, Hostile)),
        8 => new JsonArray([.. Enumerable.Range(0, random.Next(0, 12)).Select(_ => Value(random, depth + 1))]),
        9 => new JsonObject { ["name"] = Value(random, depth + 1), ["phone"] = Value(random, depth + 1), ["anonymous"] = Value(random, depth + 1) },
        _ => JsonValue.Create(Guid.NewGuid().ToString()),
    };

    /// <summary>
    /// Kestrel refuses a malformed request (a request line over 8 KB, a NUL in the path) before any application code
    /// runs, with an empty body and a closed connection: protocol-level, not an answer of the API.
    /// </summary>
    private static bool RefusedByKestrel(HttpResponseMessage response) =>
        response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.RequestUriTooLong or HttpStatusCode.RequestHeaderFieldsTooLarge
        && response.Headers.ConnectionClose == true && response.Content.Headers.ContentLength is null or 0;

    private static T Pick<T>(Random random, T[] items) => items[random.Next(items.Length)];

    private static string Cut(string text) => text.Length <= 300 ? text : text[..300];
}
