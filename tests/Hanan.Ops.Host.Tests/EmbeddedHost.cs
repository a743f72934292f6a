using Hanan.Ops.Host.Security;
using Hanan.Ops.Host.Tests.Security;

namespace Hanan.Ops.Host.Tests;

/// <summary>One embedded-mode host shared by a test class (xUnit class fixture).</summary>
public sealed class EmbeddedHost : IAsyncLifetime
{
    public DistrictHostFactory Factory { get; } = new();

    /// <summary>Nobody signed in: the public.</summary>
    public HttpClient Client { get; private set; } = null!;

    /// <summary>Signed in as a dispatcher of the command centre (sees every case).</summary>
    public HttpClient Dispatcher { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Client = Factory.CreateRealClient();
        Dispatcher = await Factory.ClientAsAsync(Roles.Dispatcher);
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        Dispatcher.Dispose();
        await Factory.DisposeAsync();
    }
}
