using Hanan.Ops.Contracts.Roster;
using Hanan.Ops.Storage.Roster;

namespace Hanan.Ops.Storage.Tests.Roster;

/// <summary>The roster contract on a freshly migrated database (one per class, emptied before each test).</summary>
public sealed class PostgresGridWorkerRosterTests(MigratedDatabase database) : GridWorkerRosterContract, IClassFixture<MigratedDatabase>
{
    protected override async Task<IGridWorkerRoster> CreateEmptyAsync()
    {
        await Sql.ExecuteAsync(database.ConnectionString, "TRUNCATE grid_worker; UPDATE grid_roster SET version = 0");
        return new PostgresGridWorkerRoster(database.ConnectionString);
    }

    [Fact]
    public async Task No_column_of_a_stored_worker_holds_the_phone_in_clear()
    {
        var worker = Worker("w1", true, GridA);
        await Roster.SeedAsync([worker]);
        var phone = Hanan.Ops.Domain.Privacy.CitizenIdProtector.Development.OpenPhone(worker.SealedPhone).Value;

        var row = (await Sql.ListAsync(database.ConnectionString,
            "SELECT w::text || encode(phone_sealed, 'escape') FROM grid_worker w", r => r.GetString(0))).Single();

        row.Should().NotContain(phone).And.Contain(worker.PhoneMasked);
    }
}
