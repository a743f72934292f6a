using Hanan.Ops.Contracts.Residents;
using Hanan.Ops.Storage.Residents;

namespace Hanan.Ops.Storage.Tests.Residents;

public sealed class InMemoryResidentReadModelTests : ResidentReadModelContract
{
    protected override Task<IResidentReadModel> CreateEmptyAsync() => Task.FromResult<IResidentReadModel>(new InMemoryResidentReadModel());
}
