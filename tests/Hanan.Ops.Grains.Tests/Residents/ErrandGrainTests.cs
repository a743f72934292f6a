using Hanan.Ops.Contracts.Residents;
using Hanan.Ops.Domain.Population;
using Hanan.Ops.Storage.Tests.Residents;

namespace Hanan.Ops.Grains.Tests.Residents;

public sealed class ErrandGrainTests : IAsyncLifetime
{
    private readonly DistrictCluster _district = new();

    public Task InitializeAsync() => _district.InitializeAsync();

    public Task DisposeAsync() => _district.DisposeAsync();

    [Fact]
    public async Task An_errand_is_accepted_once_and_its_steps_are_traced_with_the_district_clock()
    {
        var resident = ResidentReadModelContract.NewResident(1);
        var errand = _district.Client.GetGrain<IErrandGrain>(Guid.NewGuid());
        var draft = new ErrandDraft(resident.Id, resident.GridCode, "残疾证办理", "代为递交申请材料", "worker-2", _district.Clock.GetUtcNow());

        await errand.Accept(draft);
        (await errand.Accept(draft with { Description = "again" })).Description.Should().Be("代为递交申请材料");
        (await errand.Step("complete", "worker-2", "已领证")).Refusal.Should().BeNull();
        var refused = await errand.Step("progress", "worker-2", null);

        refused.Refusal.Should().Contain("done");
        var view = await errand.Get();
        view!.Status.Should().Be(ErrandStatus.Done);
        view.Trace.Select(t => (t.Action, t.By)).Should().Equal(("accepted", "worker-2"), ("complete", "worker-2"));
        view.Trace[1].At.Should().Be(_district.Clock.GetUtcNow());
        (await _district.Client.GetGrain<IErrandGrain>(Guid.NewGuid()).Step("progress", "w", null)).Errand.Should().BeNull();
    }
}
