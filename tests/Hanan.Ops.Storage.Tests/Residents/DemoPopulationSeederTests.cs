using Hanan.Ops.Contracts.Residents;
using Hanan.Ops.Domain.Geography;
using Hanan.Ops.Domain.Population;
using Hanan.Ops.Domain.Privacy;
using Hanan.Ops.Storage.Residents;
using Xunit.Abstractions;

namespace Hanan.Ops.Storage.Tests.Residents;

/// <summary>The whole demo population into a real PostgreSQL, as <c>hanan seed</c> does it.</summary>
public sealed class DemoPopulationSeederTests(MigratedDatabase database, ITestOutputHelper output) : IClassFixture<MigratedDatabase>
{
    [Fact]
    public async Task The_demo_population_is_seeded_into_PostgreSQL_with_progress_and_a_second_run_changes_nothing()
    {
        var population = DemoPopulation.Generate(DemoDistrict.Generate());
        await using var readModel = new PostgresResidentReadModel(database.ConnectionString);
        var seeder = new DemoPopulationSeeder(population, CitizenIdProtector.Development, readModel, TimeProvider.System);
        var progress = new List<SeedProgress>();

        var report = await seeder.SeedAsync(progress.Add);
        output.WriteLine($"Seeded {report.Residents} residents in {report.Elapsed.TotalSeconds:F1} s");

        report.Residents.Should().Be(population.ResidentCount);
        (await readModel.CountResidentsAsync()).Should().Be(population.ResidentCount);
        (await Sql.ScalarAsync<long>(database.ConnectionString, "SELECT count(*) FROM household")).Should().Be(population.HouseholdCount);
        (await Sql.ScalarAsync<long>(database.ConnectionString, "SELECT count(*) FROM legal_person")).Should().Be(population.LegalPersons.Count);
        (await Sql.ScalarAsync<long>(database.ConnectionString, "SELECT count(*) FROM place")).Should().Be(population.Places.Count);
        progress.Where(p => p.Stage == "residents").Select(p => p.Done).Should().BeInAscendingOrder().And.EndWith(population.ResidentCount);

        var someone = population.Households().Skip(5000).First().Members[0];
        var found = await readModel.FindByLookupAsync(CitizenIdProtector.Development.LookupKey(someone.IdNumber));
        found!.Id.Should().Be(someone.Id);
        CitizenIdProtector.Development.Open(found.SealedId).Should().Be(someone.IdNumber);
        (await Sql.ScalarAsync<long>(database.ConnectionString,
            $"SELECT count(*) FROM resident r WHERE r::text LIKE '%{someone.IdNumber.Value}%'")).Should().Be(0);

        // Every household point lies in its grid, as PostGIS sees it too.
        var grid = someone.GridCode;
        var inGrid = await Sql.ScalarAsync<long>(database.ConnectionString,
            $"SELECT count(*) FROM household WHERE grid_code = '{grid}'");
        inGrid.Should().Be(population.HouseholdPoints().Count(h => h.Id.StartsWith(grid, StringComparison.Ordinal)));

        await seeder.SeedAsync();
        (await readModel.CountResidentsAsync()).Should().Be(population.ResidentCount);
        (await Sql.ScalarAsync<long>(database.ConnectionString, "SELECT max(version) FROM resident")).Should().Be(1);
    }
}
