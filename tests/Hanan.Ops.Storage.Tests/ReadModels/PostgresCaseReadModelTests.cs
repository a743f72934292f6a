using Hanan.Ops.Contracts.Appeals;
using Hanan.Ops.Domain.Appeals;
using Hanan.Ops.Storage.ReadModels;

namespace Hanan.Ops.Storage.Tests.ReadModels;

/// <summary>The read-model contract on a freshly migrated database (one per class, emptied before each test).</summary>
public sealed class PostgresCaseReadModelTests(MigratedDatabase database) : CaseReadModelContract, IClassFixture<MigratedDatabase>
{
    protected override async Task<ICaseReadModel> CreateEmptyAsync()
    {
        await Sql.ExecuteAsync(database.ConnectionString, "TRUNCATE case_summary");
        return new PostgresCaseReadModel(database.ConnectionString);
    }

    [Fact]
    public async Task A_row_keeps_every_bureau_the_point_as_WGS84_geography_and_the_folded_search_text()
    {
        var summary = NewCase(42, new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8))) with
        {
            LeadBureau = "B-URBAN",
            Assignments =
            [
                new AssignmentSummary("B-URBAN", AssignmentRole.Lead, AssignmentStatus.Claimed, "officer-1", null, DateTimeOffset.UnixEpoch, null),
                new AssignmentSummary("B-WATER", AssignmentRole.CoHandler, AssignmentStatus.Open, null, null, DateTimeOffset.UnixEpoch, null),
                new AssignmentSummary("B-ROADS", AssignmentRole.CoHandler, AssignmentStatus.Returned, null, null, DateTimeOffset.UnixEpoch, null),
            ],
            Latitude = 45.7567,
            Longitude = 126.6424,
            Description = "Street LAMP 路灯 École",
        };
        await Model.UpsertAsync([summary]);

        var row = await Sql.ListAsync(
            database.ConnectionString,
            $"""
            SELECT array_to_string(bureaus, ','), ST_AsText(location), ST_SRID(location::geometry), pg_typeof(location)::text,
                   jsonb_array_length(assignments), assignments -> 1 ->> 'bureau', assignments -> 0 ->> 'status',
                   search_number, search_description
              FROM case_summary
             WHERE id = '{summary.Id}'
            """,
            r => (r.GetString(0), r.GetString(1), r.GetInt32(2), r.GetString(3), r.GetInt32(4), r.GetString(5), r.GetString(6), r.GetString(7), r.GetString(8)));

        row.Should().Equal(("B-URBAN,B-WATER,B-ROADS", "POINT(126.6424 45.7567)", 4326, "geography", 3, "B-WATER", "Claimed", "hn-2026-000042", "street lamp 路灯 école"));
    }

    [Fact]
    public async Task A_data_source_passed_in_stays_usable_after_the_read_model_is_disposed()
    {
        await using var dataSource = Npgsql.NpgsqlDataSource.Create(database.ConnectionString);
        var summary = NewCase(1, DateTimeOffset.UnixEpoch);
        await using (var borrowing = new PostgresCaseReadModel(dataSource))
        {
            await borrowing.UpsertAsync([summary]);
        }

        (await new PostgresCaseReadModel(dataSource).GetAsync(summary.Id)).Should().NotBeNull();
    }
}
