using Hanan.Ops.Contracts.Residents;
using Hanan.Ops.Domain.Population;
using Hanan.Ops.Storage.Residents;
using Microsoft.Extensions.DependencyInjection;

namespace Hanan.Ops.Host.Tests.Residents;

/// <summary>
/// An embedded host with a few demo households in the base data (not the whole population): enough residents for
/// citizens to bind to, cheaply. Each test takes its own household so that the tests of a class do not meet.
/// </summary>
public sealed class BoundCitizens : IAsyncLifetime
{
    private int _next;

    public DistrictHostFactory Factory { get; } = new();

    /// <summary>Households of two or more members, all stored in the host's read model.</summary>
    public IReadOnlyList<DemoHousehold> Households { get; private set; } = [];

    /// <summary>A household no other test of the class uses.</summary>
    public DemoHousehold NextHousehold() => Households[Interlocked.Increment(ref _next) - 1];

    public async Task InitializeAsync()
    {
        var population = Factory.Services.GetRequiredService<DemoPopulation>();
        var seeder = Factory.Services.GetRequiredService<DemoPopulationSeeder>();
        Households = [.. population.Households().Where(h => h.Members.Count >= 2).Take(20)];
        await Factory.Services.GetRequiredService<IResidentReadModel>().UpsertResidentsAsync(
            [.. Households.SelectMany(h => h.Members.Select(m => seeder.Seal(m, h, Factory.Clock.GetUtcNow())))]);
    }

    public async Task DisposeAsync() => await Factory.DisposeAsync();
}
