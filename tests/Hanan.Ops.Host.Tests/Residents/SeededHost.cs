using Hanan.Ops.Domain.Population;
using Hanan.Ops.Host.Residents;
using Microsoft.Extensions.DependencyInjection;

namespace Hanan.Ops.Host.Tests.Residents;

/// <summary>One embedded host with the demo population seeded at start-up, shared by a test class.</summary>
public sealed class SeededHost : IAsyncLifetime
{
    public DistrictHostFactory Factory { get; } = new(settings: new Dictionary<string, string?> { ["Hanan:Residents:SeedDemoPopulation"] = "true" });

    public HttpClient Client { get; private set; } = null!;

    public DemoPopulation Population => Factory.Services.GetRequiredService<DemoPopulation>();

    /// <summary>The first households of the demo population, with their members.</summary>
    public IReadOnlyList<DemoHousehold> FirstHouseholds { get; private set; } = [];

    public async Task InitializeAsync()
    {
        Client = Factory.CreateRealClient();
        var report = await Factory.Services.GetRequiredService<DemoPopulationSeeding>().Completion.WaitAsync(TimeSpan.FromMinutes(3));
        report.Should().NotBeNull();
        FirstHouseholds = [.. Population.Households().Take(400)];
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
    }
}
