using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hanan.Ops.Domain.Geography;
using Hanan.Ops.Host.Appeals;
using Microsoft.Extensions.DependencyInjection;

namespace Hanan.Ops.Host.Tests.Appeals;

/// <summary>A host that admits one filing at a time and queues none, so a test can fill it by holding that one place.</summary>
public sealed class AdmitOneHost : IAsyncLifetime
{
    public DistrictHostFactory Factory { get; } = new(settings: new Dictionary<string, string?>
    {
        ["Hanan:Appeals:Admission:MaxConcurrent"] = "1",
        ["Hanan:Appeals:Admission:MaxQueued"] = "0",
    });

    public HttpClient Client { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Client = Factory.CreateRealClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
    }
}

public sealed class IntakeAdmissionTests(AdmitOneHost host) : IClassFixture<AdmitOneHost>
{
    private readonly DistrictHostFactory _factory = host.Factory;
    private readonly HttpClient _client = host.Client;

    [Fact]
    public async Task A_full_host_answers_503_at_once_and_stores_nothing_so_the_retry_files_the_case()
    {
        var key = Guid.NewGuid().ToString();
        HttpResponseMessage refused;
        using (var held = await _factory.Services.GetRequiredService<IntakeAdmission>().EnterAsync(CancellationToken.None))
        {
            held.Should().NotBeNull("the only place was free");
            refused = await File(key);
        }

        refused.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        refused.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(2));
        refused.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = await refused.Content.ReadFromJsonAsync<JsonObject>();
        problem!["title"]!.GetValue<string>().Should().Contain("nothing was lost");

        var metrics = await _client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        metrics.Should().MatchRegex(@"(?m)^hanan_appeals_admission_refused_total(\{[^}]*\})? [1-9]", "operators see refusals on /metrics");
        metrics.Should().Contain("hanan_appeals_admission_in_progress").And.Contain("hanan_appeals_admission_queued");

        var retried = await File(key);
        retried.StatusCode.Should().Be(HttpStatusCode.Created, "the refused attempt stored nothing, so the retry is the first filing");
        retried.Headers.Contains("Idempotent-Replayed").Should().BeFalse();
    }

    [Fact]
    public async Task Bad_input_to_a_full_host_still_gets_its_400_naming_the_field()
    {
        using var held = await _factory.Services.GetRequiredService<IntakeAdmission>().EnterAsync(CancellationToken.None);
        held.Should().NotBeNull();

        var response = await _client.PostAsJsonAsync(new Uri("/api/appeals", UriKind.Relative), new
        {
            category = "sanitation",
            description = "垃圾未清运",
            latitude = 95.0,
            longitude = 126.7,
            idempotencyKey = Guid.NewGuid().ToString(),
        });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        problem!["errors"]!.AsObject().Select(e => e.Key).Should().Contain("latitude");
    }

    [Fact]
    public async Task A_place_given_back_admits_the_next_filing()
    {
        var admission = _factory.Services.GetRequiredService<IntakeAdmission>();
        (await admission.EnterAsync(CancellationToken.None))!.Dispose();

        (await File(Guid.NewGuid().ToString())).StatusCode.Should().Be(HttpStatusCode.Created);
        (await File(Guid.NewGuid().ToString())).StatusCode.Should().Be(HttpStatusCode.Created);
    }

    private Task<HttpResponseMessage> File(string key)
    {
        var point = _factory.Services.GetRequiredService<DistrictMap>().Grids[21].LabelPoint;
        return _client.PostAsJsonAsync(new Uri("/api/appeals", UriKind.Relative), new
        {
            category = "sanitation",
            description = "楼道堆放杂物，存在消防隐患。",
            latitude = point.Y,
            longitude = point.X,
            idempotencyKey = key,
        });
    }

    [Theory]
    [InlineData(0, 10, "MaxConcurrent")]
    [InlineData(10_001, 10, "MaxConcurrent")]
    [InlineData(8, -1, "MaxQueued")]
    public void Admission_settings_out_of_range_are_named(int concurrent, int queued, string setting) =>
        new IntakeAdmissionOptions { MaxConcurrent = concurrent, MaxQueued = queued }.Problem().Should().Contain("Hanan:Appeals:Admission:" + setting);
}
