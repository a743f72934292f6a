using System.Net;
using Hanan.Ops.Contracts.Appeals;
using Hanan.Ops.Contracts.Cameras;
using Hanan.Ops.Contracts.Live;
using Hanan.Ops.Grains.Live;
using Microsoft.Extensions.DependencyInjection;

namespace Hanan.Ops.Grains.Tests.Live;

public sealed class LiveHostRegistryTests : IAsyncLifetime
{
    private readonly DistrictCluster _district = new();

    public Task InitializeAsync() => _district.InitializeAsync();

    public Task DisposeAsync() => _district.DisposeAsync();

    [Fact]
    public async Task A_host_whose_silo_is_not_an_active_member_is_left_out()
    {
        var registry = _district.Client.GetGrain<ILiveHostRegistryGrain>(0);
        var member = _district.SiloServices.GetRequiredService<ILocalSiloDetails>().SiloAddress;
        var gone = SiloAddress.New(new IPEndPoint(IPAddress.Parse("10.255.255.1"), 11111), 1);
        var live = new Receiver();
        var dead = new Receiver();

        await registry.Register(member, _district.Client.CreateObjectReference<ILiveObserver>(live));
        await registry.Register(gone, _district.Client.CreateObjectReference<ILiveObserver>(dead));

        (await registry.Hosts()).Should().ContainSingle("only the member silo's host is live");
        await registry.Unregister(member);
        (await registry.Hosts()).Should().BeEmpty();
    }

    [Fact]
    public async Task Activity_goes_from_the_sender_straight_to_every_registered_host()
    {
        var registry = _district.Client.GetGrain<ILiveHostRegistryGrain>(0);
        var member = _district.SiloServices.GetRequiredService<ILocalSiloDetails>().SiloAddress;
        var receiver = new Receiver();
        await registry.Register(member, _district.Client.CreateObjectReference<ILiveObserver>(receiver));

        var hosts = _district.SiloServices.GetRequiredService<LiveHosts>();
        await hosts.FanOut(o => o.OnPicture(new PictureDelta(42, DateTimeOffset.UnixEpoch, null, [], [], [], null)));

        (await receiver.Pictures.Task.WaitAsync(TimeSpan.FromSeconds(10))).Sequence.Should().Be(42);
    }

    private sealed class Receiver : ILiveObserver
    {
        public TaskCompletionSource<PictureDelta> Pictures { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task OnActivity(IReadOnlyList<CaseActivity> batch) => Task.CompletedTask;

        public Task OnPicture(PictureDelta delta)
        {
            Pictures.TrySetResult(delta);
            return Task.CompletedTask;
        }

        public Task OnCameraAlert(CameraAlert alert) => Task.CompletedTask;

        public Task OnCameraStatus(CameraStatus status) => Task.CompletedTask;
    }
}
