using System.Net;
using System.Text.Json;

namespace Hanan.Ops.Host.Tests.Hosting;

public sealed class HealthAndDocumentationTests(EmbeddedHost host) : IClassFixture<EmbeddedHost>
{
    [Fact]
    public async Task Liveness_answers_200()
    {
        var response = await host.Client.GetAsync(new Uri("/health/live", UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Readiness_reports_an_active_silo_and_says_the_embedded_state_is_not_durable()
    {
        var response = await host.Client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        using var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        response.StatusCode.Should().Be(HttpStatusCode.OK);

        // The host's clock says 26 November 2026: the next 60 days reach into 2027, whose notice is not loaded.
        report.RootElement.GetProperty("status").GetString().Should().Be("Degraded");
        var calendar = report.RootElement.GetProperty("checks").GetProperty("calendar");
        calendar.GetProperty("status").GetString().Should().Be("Degraded");
        calendar.GetProperty("description").GetString().Should().Contain("2027").And.Contain("PUT /api/calendar/2027");
        report.RootElement.GetProperty("checks").GetProperty("silo").GetProperty("status").GetString().Should().Be("Healthy");
        report.RootElement.GetProperty("checks").GetProperty("silo").GetProperty("description").GetString().Should().Contain("active");
        report.RootElement.GetProperty("checks").GetProperty("database").GetProperty("description").GetString().Should().Contain("not durable");
    }

    [Fact]
    public async Task Readiness_is_healthy_when_the_official_calendar_covers_the_coming_weeks()
    {
        var june = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 9, 0, 0, TimeSpan.FromHours(8)));
        await using var factory = new DistrictHostFactory(clock: june);
        using var client = factory.CreateRealClient();

        using var report = JsonDocument.Parse(await client.GetStringAsync(new Uri("/health/ready", UriKind.Relative)));

        report.RootElement.GetProperty("status").GetString().Should().Be("Healthy");
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_appeal_and_case_endpoints()
    {
        using var doc = JsonDocument.Parse(await host.Client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)));
        var paths = doc.RootElement.GetProperty("paths");

        paths.TryGetProperty("/api/appeals", out var appeals).Should().BeTrue();
        appeals.TryGetProperty("post", out _).Should().BeTrue();
        paths.TryGetProperty("/api/cases/{id}", out _).Should().BeTrue();
        paths.TryGetProperty("/api/appeals/categories", out _).Should().BeTrue();
    }

    [Fact]
    public async Task Metrics_are_exposed_for_Prometheus_including_Orleans_instruments()
    {
        // Touch a grain so that Orleans has something to count.
        await host.Dispatcher.GetAsync(new Uri($"/api/cases/{Guid.NewGuid()}", UriKind.Relative));

        var text = await host.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative));

        text.Should().Contain("# TYPE");
        text.Should().Contain("orleans_");
    }

    [Fact]
    public async Task Metrics_include_the_runtime_memory_figures_operators_size_the_host_by()
    {
        var text = await host.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative));

        // The runtime meter: the GC heap after the last collection by generation, and the process working set.
        text.Should().Contain("dotnet_gc_last_collection_heap_size_bytes{");
        text.Should().Contain("gc_heap_generation=\"gen2\"");
        text.Should().Contain("dotnet_process_memory_working_set_bytes");
    }
}
