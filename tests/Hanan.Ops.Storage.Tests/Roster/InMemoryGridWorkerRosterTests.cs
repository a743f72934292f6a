using Hanan.Ops.Contracts.Roster;
using Hanan.Ops.Storage.Roster;

namespace Hanan.Ops.Storage.Tests.Roster;

public sealed class InMemoryGridWorkerRosterTests : GridWorkerRosterContract
{
    protected override Task<IGridWorkerRoster> CreateEmptyAsync() => Task.FromResult<IGridWorkerRoster>(new InMemoryGridWorkerRoster());
}
