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

    /// <summary>A bearer token for a demo user from POST /api/auth/dev-sign-in, cached per user.</summary>
    public Task<string> TokenAsync(string role, string user, string? bureau, CancellationToken cancel) =>
        _tokens.GetOrAdd(user, async _ =>
        {
            using var response = await _http.PostAsJsonAsync(new Uri("/api/auth/dev-sign-in", UriKind.Relative),
                new { user, role, bureau, password = DemoPassword }, cancel);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"Sign-in as {role} {user} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancel)}");
            }

            using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancel));
            return answer.RootElement.GetProperty("accessToken").GetString()!;
        });

    public void Dispose() => _http.Dispose();
}

/// <summary>The answer to one filing: the HTTP status, and the case when it was 201.</summary>
public sealed record Filed(int Status, string? CaseId, string? CaseNumber);
