using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Hanan.Ops.Contracts.Appeals;
using Hanan.Ops.Domain.Appeals;
using Hanan.Ops.Domain.Delivery;
using Hanan.Ops.Grains;
using Hanan.Ops.Host.Hosting;
using Hanan.Ops.Storage.Delivery;
using Microsoft.Extensions.Options;

namespace Hanan.Ops.Host.Delivery;

/// <summary>
/// Sends the deliveries that are due: leases them (so no other host sends them meanwhile), posts each case to its
/// bureau's system under the delivery's idempotency key, and records on the row either that it was taken (with the
/// remote id) or the error and when to try again. A system that is down keeps its cases; they arrive when it is back.
/// </summary>
public sealed partial class DeliverySender : BackgroundService
{
    public const string HttpClientName = "delivery";
    private readonly ICaseDeliveryStore _deliveries;
    private readonly IGrainFactory _grains;
    private readonly RoutingTable _routing;
    private readonly DistrictClock _clock;
    private readonly IHttpClientFactory _http;
    private readonly DeliveryOptions _options;
    private readonly ILogger<DeliverySender> _logger;
    private readonly Counter<long> _sent;
    private readonly Counter<long> _failed;

    public DeliverySender(
        ICaseDeliveryStore deliveries, IGrainFactory grains, RoutingTable routing, DistrictClock clock, IHttpClientFactory http,
        IOptions<DeliveryOptions> options, IMeterFactory meters, ILogger<DeliverySender> logger)
    {
        _deliveries = deliveries;
        _grains = grains;
        _routing = routing;
        _clock = clock;
        _http = http;
        _options = options.Value;
        _logger = logger;
        var meter = meters.Create(ServiceDefaultsExtensions.TelemetryName);
        _sent = meter.CreateCounter<long>("hanan.delivery.sent", "{delivery}", "Cases taken by a bureau's own system.");
        _failed = meter.CreateCounter<long>("hanan.delivery.failed", "{attempt}", "Delivery attempts that failed and will be retried.");
    }

    /// <summary>One pass: sends what is due now. Returns how many were sent.</summary>
    public async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        var due = await _deliveries.LeaseDueAsync(_clock.Now, _options.Lease, _options.Batch, cancellationToken);
        var sent = 0;
        foreach (var delivery in due)
        {
            if (await SendAsync(delivery, cancellationToken))
            {
                sent++;
            }
        }

        return sent;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_options.Bureaus.Count == 0)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SendDueAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogStoreUnavailable(_logger, e);
            }

            await Task.Delay(_options.Poll, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task<bool> SendAsync(CaseDelivery delivery, CancellationToken cancellationToken)
    {
        string? error;
        string? remoteId = null;
        try
        {
            (error, remoteId) = await TryDeliverAsync(delivery, cancellationToken);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            error = $"no answer within {_options.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s";
        }
        catch (HttpRequestException e)
        {
            error = $"connection failed: {e.HttpRequestError}";
        }

        var now = _clock.Now;
        if (error is null)
        {
            await _deliveries.RecordSentAsync(delivery.CaseId, delivery.BureauId, now, remoteId, cancellationToken);
            _sent.Add(1, new KeyValuePair<string, object?>("bureau", delivery.BureauId));
            LogSent(_logger, delivery.CaseNumber, delivery.BureauId, delivery.Attempts + 1);
            return true;
        }

        var next = now + DeliveryRules.Backoff(delivery.Attempts + 1, _options.FirstRetry, _options.MaxRetry);
        await _deliveries.RecordFailureAsync(delivery.CaseId, delivery.BureauId, now, error, next, cancellationToken);
        _failed.Add(1, new KeyValuePair<string, object?>("bureau", delivery.BureauId));
        LogFailed(_logger, delivery.CaseNumber, delivery.BureauId, delivery.Attempts + 1, error, next);
        return false;
    }

    /// <summary>Null error when the bureau's system took the case (2xx), with the id it gave when it gave one.</summary>
    private async Task<(string? Error, string? RemoteId)> TryDeliverAsync(CaseDelivery delivery, CancellationToken cancellationToken)
    {
        if (!_options.Bureaus.TryGetValue(delivery.BureauId, out var target) || target.ModeOf() is not { } mode)
        {
            return ($"no system is configured for {delivery.BureauId} any more", null);
        }

        var view = await _grains.GetGrain<ICaseGrain>(delivery.CaseId).Get();
        if (view is null)
        {
            return ("the case is not stored", null);
        }

        using var request = mode == DeliveryMode.Open311 ? Open311Request(target, view) : WebhookRequest(target, view, delivery);
        request.Headers.Add("Idempotency-Key", delivery.IdempotencyKey);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        using var client = _http.CreateClient(HttpClientName);
        using var response = await client.SendAsync(request, timeout.Token);
        var body = await response.Content.ReadAsStringAsync(timeout.Token);
        if (!response.IsSuccessStatusCode)
        {
            return ($"HTTP {(int)response.StatusCode}{(body.Length == 0 ? "" : ": " + Cut(body))}", null);
        }

        return (null, mode == DeliveryMode.Open311 ? RemoteIdOf(body) : null);
    }

    private static HttpRequestMessage Open311Request(DeliveryTarget target, CaseView view)
    {
        var form = new List<KeyValuePair<string, string>>
        {
            new("api_key", target.ApiKey!),
            new("service_code", target.ServiceCodes.GetValueOrDefault(view.CategoryCode, view.CategoryCode)),
            new("lat", view.Location.Latitude.ToString("R", CultureInfo.InvariantCulture)),
            new("long", view.Location.Longitude.ToString("R", CultureInfo.InvariantCulture)),
            new("description", $"【平房区 {view.Number}】{view.Description}"),
        };
        if (view.Address is { } address)
        {
            form.Add(new("address_string", address));
        }

        return new HttpRequestMessage(HttpMethod.Post, new Uri(target.Url!.TrimEnd('/') + "/requests.json")) { Content = new FormUrlEncodedContent(form) };
    }

    private HttpRequestMessage WebhookRequest(DeliveryTarget target, CaseView view, CaseDelivery delivery)
    {
        var assignment = view.Assignments.FirstOrDefault(a => a.BureauId == delivery.BureauId);
        var message = new
        {
            @event = "case.assigned",
            caseId = view.Id,
            number = view.Number,
            bureauId = delivery.BureauId,
            role = assignment?.Role == AssignmentRole.Lead ? "lead" : "co-handler",
            category = view.CategoryCode,
            categoryName = _routing.FindCategory(view.CategoryCode)?.Name,
            description = view.Description,
            address = view.Address,
            latitude = view.Location.Latitude,
            longitude = view.Location.Longitude,
            gridCode = view.GridCode,
            hot = view.Hot,
            filedAt = view.FiledAt,
            claimDue = assignment?.ClaimDue,
            resolveDue = view.Deadlines.ResolveDue,
        };
        var body = JsonSerializer.SerializeToUtf8Bytes(message);
        var now = _clock.Now.ToUnixTimeSeconds();
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(target.Url!)) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add("X-Hanan-Timestamp", now.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("X-Hanan-Signature", DeliveryRules.Signature(Encoding.UTF8.GetBytes(target.Secret!), now, body));
        return request;
    }

    /// <summary>The service_request_id of a GeoReport v2 answer (JSON: [{"service_request_id": …}]), or null.</summary>
    private static string? RemoteIdOf(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            var first = doc.RootElement.ValueKind == JsonValueKind.Array && doc.RootElement.GetArrayLength() > 0 ? doc.RootElement[0] : default;
            return first.ValueKind == JsonValueKind.Object && first.TryGetProperty("service_request_id", out var id)
                ? id.ValueKind == JsonValueKind.Number ? id.GetRawText() : id.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Cut(string text)
    {
        var line = text.ReplaceLineEndings(" ");
        return line.Length <= 200 ? line : line[..200] + "…";
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Case {Number} delivered to {Bureau}'s system (attempt {Attempt}).")]
    private static partial void LogSent(ILogger logger, string number, string bureau, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Case {Number} not taken by {Bureau}'s system (attempt {Attempt}): {Error}; next attempt {Next}.")]
    private static partial void LogFailed(ILogger logger, string number, string bureau, int attempt, string error, DateTimeOffset next);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery could not read or write its rows; it tries again.")]
    private static partial void LogStoreUnavailable(ILogger logger, Exception exception);
}
