using Hanan.Ops.Contracts.Residents;
using Hanan.Ops.Domain.Population;
using Hanan.Ops.Storage.Residents;

namespace Hanan.Ops.Storage.Tests.Residents;

/// <summary>The base-data contract on a freshly migrated database (one per class, emptied before each test).</summary>
public sealed class PostgresResidentReadModelTests(MigratedDatabase database) : ResidentReadModelContract, IClassFixture<MigratedDatabase>
{
    protected override async Task<IResidentReadModel> CreateEmptyAsync()
    {
        await Sql.ExecuteAsync(database.ConnectionString, "TRUNCATE resident, place, urban_component, legal_person");
        return new PostgresResidentReadModel(database.ConnectionString);
    }

    [Fact]
    public async Task No_column_of_a_stored_resident_holds_the_ID_number_or_the_phone_in_clear()
    {
        var resident = NewResident(5);
        await Model.UpsertResidentsAsync([resident]);

        var row = (await Sql.ListAsync(database.ConnectionString,
            "SELECT r::text, encode(id_sealed, 'escape'), encode(phone_sealed, 'escape') FROM resident r",
            r => r.GetString(0) + r.GetString(1) + r.GetString(2))).Single();

        row.Should().NotContain(IdNumberOf(5).Value).And.NotContain(IdNumberOf(5).Value[6..14]).And.NotContain("13800000005");
        row.Should().Contain(resident.IdLookup).And.Contain(resident.IdMasked);
    }

    [Fact]
    public async Task Points_are_WGS84_geometry_with_GiST_indexes_and_the_lookup_hash_is_unique()
    {
        await Model.UpsertResidentsAsync([NewResident(5)]);

        (await Sql.ScalarAsync<int>(database.ConnectionString, "SELECT ST_SRID(location) FROM resident")).Should().Be(4326);
        var indexes = await Sql.ListAsync(database.ConnectionString,
            "SELECT indexname || ' ' || indexdef FROM pg_indexes WHERE tablename IN ('resident', 'place', 'urban_component', 'legal_person')",
            r => r.GetString(0));
        indexes.Should().Contain(i => i.StartsWith("resident_location ", StringComparison.Ordinal) && i.Contains("gist", StringComparison.Ordinal));
        indexes.Should().Contain(i => i.StartsWith("place_location ", StringComparison.Ordinal) && i.Contains("gist", StringComparison.Ordinal));
        indexes.Should().Contain(i => i.StartsWith("resident_id_lookup ", StringComparison.Ordinal) && i.Contains("UNIQUE", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_household_view_counts_the_people_of_each_dwelling()
    {
        await Model.UpsertResidentsAsync([NewResident(5), NewResident(5) with { Id = Guid.NewGuid(), IdLookup = "other" }, NewResident(6)]);

        var households = await Sql.ListAsync(database.ConnectionString, "SELECT id, people FROM household ORDER BY id", r => (r.GetString(0), r.GetInt32(1)));

        households.Should().Equal((NewResident(5).HouseholdId, 2), (NewResident(6).HouseholdId, 1));
    }

    [Fact]
    public async Task A_large_batch_is_loaded_in_one_go()
    {
        var batch = Enumerable.Range(1, 5000).Select(n => NewResident(n, tags: n % 7 == 0 ? ResidentTags.LowIncome : ResidentTags.None)).ToList();

        await Model.UpsertResidentsAsync(batch);

        (await Model.CountResidentsAsync()).Should().Be(5000);
        (await Model.SearchAsync(new ResidentSearch(Tags: ResidentTags.LowIncome, Limit: 200))).Items.Should().HaveCount(200);
    }
}
