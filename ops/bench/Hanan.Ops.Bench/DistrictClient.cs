using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Hanan.Ops.Bench;

/// <summary>HTTP access to the host under test: grid label points, filing appeals, claiming cases.</summary>
public sealed class DistrictClient : IDisposable
{
    /// <summary>The demo password of the development sign-in (the host's default).</summary>
    private const string DemoPassword = "pingfang-demo";

    private readonly HttpClient _http;
    private readonly ConcurrentDictionary<string, Task<string>> _tokens = new(StringComparer.Ordinal);
    private readonly string _runId = Guid.NewGuid().ToString("N")[..12];
    private (double Lat, double Lon)[] _points = [];
    private long _sequence;

    public DistrictClient(Uri baseAddress)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = int.MaxValue,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseProxy = false,
        };
        _http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public int GridPoints => _points.Length;

    public async Task LoadGridPointsAsync(CancellationToken cancel)
    {
        using var doc = JsonDocument.Parse(await _http.GetStringAsync(new Uri("/api/district/grids", UriKind.Relative), cancel));
        _points = [.. doc.RootElement.GetProperty("features").EnumerateArray()
            .Select(f => f.GetProperty("properties"))
            .Select(p => (p.GetProperty("labelLatitude").GetDouble(), p.GetProperty("labelLongitude").GetDouble()))];
        if (_points.Length == 0)
        {
            throw new InvalidOperationException("GET /api/district/grids returned no grids.");
        }
    }

    /// <summary>Files one sanitation appeal with a unique idempotency key at a grid's label point.</summary>
    public async Task<Filed> FileAsync(CancellationToken cancel)
    {
        var n = Interlocked.Increment(ref _sequence);
        var (lat, lon) = _points[n % _points.Length];
        var body = new
        {
            category = "sanitation",
            description = $"基准测试 bench appeal {n}: 垃圾未清运",
            latitude = lat,
            longitude = lon,
            idempotencyKey = $"bench-{_runId}-{n}",
            channel = "citizen",
        };
        using var response = await _http.PostAsJsonAsync(new Uri("/api/appeals", UriKind.Relative), body, cancel);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            return new Filed((int)response.StatusCode, null, null);
        }

        using var receipt = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancel));
        return new Filed(201, receipt.RootElement.GetProperty("caseId").GetString(), receipt.RootElement.GetProperty("caseNumber").GetString());
    }

    /// <summary>Claims as the officer: signed in once per officer (development sign-in), the acting person comes from the token.</summary>
    public async Task<int> ClaimAsync(string caseId, string bureauId, string officerId, CancellationToken cancel)
    {
        var token = await TokenAsync("officer", officerId, bureauId, cancel);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/cases/{caseId}/claim", UriKind.Relative))
        {
            Content = JsonContent.Create(new { bureauId }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await _http.SendAsync(request, cancel);
        return (int)response.StatusCode;
    }

    /// <summary>Posts one serialised batch of camera events as the ingest service account; the per-item outcomes counted.</summary>
    public async Task<Ingested> IngestAsync(byte[] body, CancellationToken cancel)
    {
        var token = await TokenAsync("police", "bench-camera-ingest", null, cancel);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/cameras/events", UriKind.Relative))
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" } } },
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await _http.SendAsync(request, cancel);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return new Ingested((int)response.StatusCode, 0, 0, 0, []);
        }

        using var answer = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(cancel));
        var root = answer.RootElement;
        var rejected = root.GetProperty("rejected").GetInt32();
        var faults = rejected == 0
            ? []
            : root.GetProperty("results").EnumerateArray()
                .Where(r => r.GetProperty("status").GetString() == "rejected")
                .Select(r => r.TryGetProperty("errors", out var e) && e.ValueKind == JsonValueKind.Object ? string.Join(",", e.EnumerateObject().Select(p => p.Name)) : "?")
                .ToArray();
        return new Ingested(200, root.GetProperty("accepted").GetInt32(), root.GetProperty("duplicates").GetInt32(), rejected, faults);
    }

    /// <summary>A police request (a stated reason in the query) with a JSON body: PUT of a wanted plate or a fence.</summary>
    public async Task PolicePutAsync(string path, object body, CancellationToken cancel)
    {
        var token = await TokenAsync("police", "bench-police", null, cancel);
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri($"{path}?reason={Uri.EscapeDataString("benchmark: camera alert latency")}", UriKind.Relative))
        {
            Content = JsonContent.Create(body),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await _http.SendAsync(request, cancel);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"PUT {path} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancel)}");
        }
    }

    /// <summary>GET of a path with a demo user's token; the status code (the body is read and dropped).</summary>
    public async Task<int> GetAsync(string path, string role, string user, CancellationToken cancel)
    {
        var token = await TokenAsync(role, user, null, cancel);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await _http.SendAsync(request, cancel);
        await response.Content.LoadIntoBufferAsync(cancel);
        return (int)response.StatusCode;
    }

    /// <summary>
    /// GET /api/cases/{id} with a console's own token, as officer.js re-reads a case (the host audits the read): the
    /// status, and the case's version when it was 200.
    /// </summary>
    public async Task<(int Status, long? Version)> GetCaseAsync(string caseId, string token, CancellationToken cancel)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"/api/cases/{Uri.EscapeDataString(caseId)}", UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await _http.SendAsync(request, cancel);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            await response.Content.LoadIntoBufferAsync(cancel);
            return ((int)response.StatusCode, null);
        }

        using var view = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancel), cancellationToken: cancel);
        return (200, view.RootElement.TryGetProperty("version", out var v) && v.TryGetInt64(out var version) ? version : null);
    }

    /// <summary>The host's Prometheus text (anonymous, as scrapers read it).</summary>
    public Task<string> MetricsAsync(CancellationToken cancel) => _http.GetStringAsync(new Uri("/metrics", UriKind.Relative), cancel);

    /// <summary>A bearer token for a demo user from POST /api/auth/dev-sign-in, cached per user.</summary>
    public Task<string> TokenAsync(string role, string user, string? bureau, CancellationToken cancel) =>
        _tokens.GetOrAdd(user, async _ =>
        {
            // An overloaded host answers 503 ("the district is busy; try again in 2 seconds"): do so, a few times.
            var response = await SignInAsync(user, role, bureau, cancel);
            for (var attempt = 0; response.StatusCode == HttpStatusCode.ServiceUnavailable && attempt < 5; attempt++)
            {
                response.Dispose();
                await Task.Delay(TimeSpan.FromSeconds(2), cancel);
                response = await SignInAsync(user, role, bureau, cancel);
            }

            using var answered = response;
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"Sign-in as {role} {user} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancel)}");
            }

            using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancel));
            return answer.RootElement.GetProperty("accessToken").GetString()!;
        });

    private Task<HttpResponseMessage> SignInAsync(string user, string role, string? bureau, CancellationToken cancel) =>
        _http.PostAsJsonAsync(new Uri("/api/auth/dev-sign-in", UriKind.Relative), new { user, role, bureau, password = DemoPassword }, cancel);

    public void Dispose() => _http.Dispose();
}

/// <summary>The answer to one filing: the HTTP status, and the case when it was 201.</summary>
public sealed record Filed(int Status, string? CaseId, string? CaseNumber);

/// <summary>The answer to one camera batch: the HTTP status and, when 200, the per-item outcomes (the fields of each rejected item).</summary>
public sealed record Ingested(int Status, int Accepted, int Duplicates, int Rejected, string[] RejectedFields);
