using Hanan.Ops.Contracts.Appeals;
using Hanan.Ops.Storage.ReadModels;

namespace Hanan.Ops.Storage.Tests.ReadModels;

public sealed class InMemoryCaseReadModelTests : CaseReadModelContract
{
    protected override Task<ICaseReadModel> CreateEmptyAsync() => Task.FromResult<ICaseReadModel>(new InMemoryCaseReadModel());
}
