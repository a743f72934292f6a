using Hanan.Ops.Contracts.Residents;
using Hanan.Ops.Storage.Residents;

namespace Hanan.Ops.Storage.Tests.Residents;

public sealed class InMemoryCitizenBindingStoreTests : CitizenBindingStoreContract
{
    protected override Task<ICitizenBindingStore> CreateEmptyAsync() => Task.FromResult<ICitizenBindingStore>(new InMemoryCitizenBindingStore());
}
