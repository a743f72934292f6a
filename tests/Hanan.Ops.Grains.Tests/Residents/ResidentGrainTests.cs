using System.Text;
using Hanan.Ops.Contracts.Residents;
using Hanan.Ops.Domain.Population;
using Hanan.Ops.Grains.Residents;
using Hanan.Ops.Storage.Tests.Residents;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;

namespace Hanan.Ops.Grains.Tests.Residents;

public sealed class ResidentGrainTests : IAsyncLifetime
{
    private readonly DistrictCluster _district = new();

    public Task InitializeAsync() => _district.InitializeAsync();

    public Task DisposeAsync() => _district.DisposeAsync();

    [Fact]
    public async Task A_seeded_resident_is_adopted_from_the_read_model_on_first_use()
    {
        var seeded = ResidentReadModelContract.NewResident(4);
        await _district.Residents.UpsertResidentsAsync([seeded]);

        (await _district.Client.GetGrain<IResidentGrain>(seeded.Id).Get()).Should().BeEquivalentTo(seeded);
        (await _district.Client.GetGrain<IResidentGrain>(Guid.NewGuid()).Get()).Should().BeNull();
    }

    [Fact]
    public async Task A_move_is_kept_in_the_history_with_who_recorded_it()
    {
        var seeded = ResidentReadModelContract.NewResident(4);
        await _district.Residents.UpsertResidentsAsync([seeded]);
        var grain = _district.Client.GetGrain<IResidentGrain>(seeded.Id);

        await grain.Move(new MoveResident(Place.BuildingId(ResidentReadModelContract.GridB, 1), 3, 502, 126.7, 45.7, "worker-9"));

        var history = await grain.History();
        history.Should().ContainSingle().Which.Should().BeEquivalentTo(new
        {
            Kind = "move", RecordedBy = "worker-9", Description = $"{seeded.HouseholdId} → {ResidentReadModelContract.GridB}B001-3-0502",
        });
    }

    [Fact]
    public async Task The_persisted_state_holds_no_plain_ID_number_and_is_keyed_by_the_surrogate_id()
    {
        var seeded = ResidentReadModelContract.NewResident(4);
        var idNumber = ResidentReadModelContract.IdNumberOf(4).Value;
        await _district.Residents.UpsertResidentsAsync([seeded]);
        var grain = _district.Client.GetGrain<IResidentGrain>(seeded.Id);
        await grain.Move(new MoveResident(Place.BuildingId(ResidentReadModelContract.GridB, 1), 1, 101, 126.7, 45.7, "worker-1"));

        var storage = _district.SiloServices.GetRequiredKeyedService<IGrainStorage>(StorageProviders.District);
        var state = new GrainState<ResidentState>(new ResidentState());
        await storage.ReadStateAsync("resident", grain.GetGrainId(), state);
        var bytes = _district.SiloServices.GetRequiredService<Serializer>().SerializeToArray(state.State!);

        state.State!.Record!.Id.Should().Be(seeded.Id);
        grain.GetGrainId().ToString().Should().NotContain(idNumber);
        Encoding.ASCII.GetString(bytes).Should().NotContain(idNumber).And.NotContain(idNumber[6..14]);
        Encoding.Unicode.GetString(bytes).Should().NotContain(idNumber);
        Encoding.UTF8.GetString(bytes).Should().Contain(seeded.IdMasked, "the serialized state is readable text where it is text");
    }
}
