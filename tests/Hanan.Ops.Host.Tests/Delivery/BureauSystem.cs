using System.Collections.Concurrent;
using System.Text;
using Hanan.Ops.Domain.Delivery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hanan.Ops.Host.Tests.Delivery;

/// <summary>
/// A bureau's own case system on a real port, outside the district (so it is the one thing faked): an Open311
/// endpoint and a webhook receiver that fail, answer late or answer as told, and keep one record per idempotency key,
/// as a well-behaved receiver does.
/// </summary>
public sealed class BureauSystem : IAsyncDisposable
{
    public const string WebhookSecret = "bureau-webhook-secret-0123456789abcdef";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<string> _script = new();

    public enum Answer
    {
        Ok,
        Fail,
        Slow,
    }

    /// <summary>Every call: its path, Idempotency-Key, body and whether its signature (webhooks) was right.</summary>
    public ConcurrentQueue<(string Path, string Key, string Body, bool SignatureValid)> Calls { get; } = new();

    /// <summary>The records kept: idempotency key → the id given.</summary>
    public ConcurrentDictionary<string, string> Records { get; } = new();

    /// <summary>While true, every call answers 503.</summary>
    public bool Down { get; set; }

    public TimeSpan SlowDelay { get; set; } = TimeSpan.FromSeconds(3);

    private BureauSystem(WebApplication app) => _app = app;

    public Uri BaseAddress => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    public static async Task<BureauSystem> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var system = new BureauSystem(app);
        app.MapPost("/open311/v2/requests.json", (Func<HttpContext, Task<IResult>>)system.HandleAsync);
        app.MapPost("/hook", (Func<HttpContext, Task<IResult>>)system.HandleAsync);
        await app.StartAsync();
        return system;
    }

    /// <summary>The answers of the next calls, in order; after them, calls are answered Ok.</summary>
    public void Script(params Answer[] answers)
    {
        foreach (var a in answers)
        {
            _script.Enqueue(a.ToString());
        }
    }

    private async Task<IResult> HandleAsync(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var key = http.Request.Headers["Idempotency-Key"].ToString();
        var valid = http.Request.Path == "/hook"
            && long.TryParse(http.Request.Headers["X-Hanan-Timestamp"], out var time)
            && http.Request.Headers["X-Hanan-Signature"] == DeliveryRules.Signature(Encoding.UTF8.GetBytes(WebhookSecret), time, Encoding.UTF8.GetBytes(body));
        Calls.Enqueue((http.Request.Path, key, body, valid));
        if (Down)
        {
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }

        var answer = _script.TryDequeue(out var next) ? Enum.Parse<Answer>(next) : Answer.Ok;
        if (answer == Answer.Fail)
        {
            return Results.Text("database unavailable", statusCode: StatusCodes.Status500InternalServerError);
        }

        // The record is kept before any delay: a late answer still means the case was taken.
        var id = Records.GetOrAdd(key, _ => $"W-{Records.Count + 1}");
        if (answer == Answer.Slow)
        {
            await Task.Delay(SlowDelay);
        }

        return Results.Json(new[] { new { service_request_id = id, service_notice = "已接收", account_id = (string?)null } }, statusCode: StatusCodes.Status201Created);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
