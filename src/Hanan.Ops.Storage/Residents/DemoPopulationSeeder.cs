using System.Diagnostics;
using Hanan.Ops.Contracts.Residents;
using Hanan.Ops.Domain.Population;
using Hanan.Ops.Domain.Privacy;

namespace Hanan.Ops.Storage.Residents;

/// <summary>How far a seeding run is: the stage (places, components, legal persons, residents) and its count so far.</summary>
public readonly record struct SeedProgress(string Stage, long Done, long Total);

/// <summary>What a seeding run wrote.</summary>
public sealed record SeedReport(int Places, int Components, int LegalPersons, int Households, int Residents, TimeSpan Elapsed);

/// <summary>
/// Writes the demo population into a base-data read model: places, components and legal persons, then the households'
/// residents in batches, each ID number and phone sealed and the ID's keyed hash computed on the way. Activates no
/// grain: a resident's grain adopts its row on first use. Used at start-up in the embedded mode and by the operator CLI
/// (<c>hanan seed</c>) against PostgreSQL, where each batch is one binary COPY. Re-running it writes nothing new: rows
/// keep their version, and residents already there are not overwritten.
/// </summary>
public sealed class DemoPopulationSeeder(DemoPopulation population, CitizenIdProtector protector, IResidentReadModel readModel, TimeProvider time)
{
    public const int BatchSize = 10_000;

    /// <param name="progress">Called after every batch; may be null.</param>
    public async Task<SeedReport> SeedAsync(Action<SeedProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(population);
        var stopwatch = Stopwatch.StartNew();
        await InBatches("places", population.Places, readModel.UpsertPlacesAsync, progress, cancellationToken);
        await InBatches("components", population.Components, readModel.UpsertComponentsAsync, progress, cancellationToken);
        await InBatches("legal persons", population.LegalPersons, readModel.UpsertLegalPersonsAsync, progress, cancellationToken);

        var now = time.GetUtcNow();
        var batch = new List<ResidentRecord>(BatchSize + 8);
        var residents = 0;
        foreach (var household in population.Households())
        {
            foreach (var resident in household.Members)
            {
                batch.Add(Seal(resident, household, now));
            }

            if (batch.Count >= BatchSize)
            {
                residents += await Flush(batch, residents, progress, cancellationToken);
            }
        }

        residents += await Flush(batch, residents, progress, cancellationToken);
        return new SeedReport(population.Places.Count, population.Components.Count, population.LegalPersons.Count, population.HouseholdCount,
            residents, stopwatch.Elapsed);
    }

    /// <summary>The stored form of a resident: the ID number and phone sealed, the keyed hash for lookup, the masked forms for display.</summary>
    public ResidentRecord Seal(Resident resident, DemoHousehold household, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(resident);
        ArgumentNullException.ThrowIfNull(household);
        return new ResidentRecord(
            resident.Id, protector.LookupKey(resident.IdNumber), protector.Seal(resident.IdNumber), resident.IdNumber.Masked, resident.Name,
            resident.Sex, resident.BirthDate, resident.Home.BuildingId, resident.Home.Unit, resident.Home.Room, resident.Registration,
            resident.Tags, resident.Phone is null ? null : protector.Seal(resident.Phone), resident.Phone?.Masked,
            household.Longitude, household.Latitude, Version: 1, now);
    }

    private async Task<int> Flush(List<ResidentRecord> batch, int before, Action<SeedProgress>? progress, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return 0;
        }

        await readModel.UpsertResidentsAsync(batch, cancellationToken);
        var written = batch.Count;
        batch.Clear();
        progress?.Invoke(new SeedProgress("residents", before + written, population.ResidentCount));
        return written;
    }

    private static async Task InBatches<T>(string stage, IReadOnlyList<T> items, Func<IReadOnlyList<T>, CancellationToken, Task> write,
        Action<SeedProgress>? progress, CancellationToken cancellationToken)
    {
        for (var start = 0; start < items.Count; start += BatchSize)
        {
            var slice = items.Skip(start).Take(BatchSize).ToList();
            await write(slice, cancellationToken);
            progress?.Invoke(new SeedProgress(stage, start + slice.Count, items.Count));
        }
    }
}
