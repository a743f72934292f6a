using Hanan.Ops.Domain.Population;
using Hanan.Ops.Host.Residents;
using Hanan.Ops.Host.Security;
using Hanan.Ops.Host.Tests.Security;
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

    /// <summary>A grid worker (网格员) of the given grids, signed in through the development sign-in.</summary>
    public Task<HttpClient> WorkerAsync(string user, params string[] grids) => Factory.ClientAsAsync(Roles.GridWorker, user, grids: grids);

    /// <summary>Someone of a role without grids (command centre, supervision, leader, officer …).</summary>
    public Task<HttpClient> AsAsync(string role, string? user = null) => Factory.ClientAsAsync(role, user);

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
