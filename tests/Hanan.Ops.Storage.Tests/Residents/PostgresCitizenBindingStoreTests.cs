using Hanan.Ops.Contracts.Residents;
using Hanan.Ops.Storage.Residents;

namespace Hanan.Ops.Storage.Tests.Residents;

/// <summary>The binding contract on a freshly migrated database (one per class, emptied before each test).</summary>
public sealed class PostgresCitizenBindingStoreTests(MigratedDatabase database) : CitizenBindingStoreContract, IClassFixture<MigratedDatabase>
{
    protected override async Task<ICitizenBindingStore> CreateEmptyAsync()
    {
        await Sql.ExecuteAsync(database.ConnectionString, "TRUNCATE citizen_binding, citizen_binding_failure");
        return new PostgresCitizenBindingStore(database.ConnectionString);
    }
}
